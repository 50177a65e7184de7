//! Who is acting: the account (or the command) a change is recorded
//! against, and the roles that decide what it may do.

use compact_core::access::Viewer;
use compact_core::refusal::Refusal;
use compact_core::AccountId;
use compact_store::Actor;

/// The one acting in a use case.
#[derive(Debug, Clone)]
pub struct Acting {
    /// Who the audit log records.
    pub actor: Actor,
    /// The signed-in account, if any: a request to sign up records who
    /// asked.
    pub account: Option<AccountId>,
    pub viewer: Viewer,
}

impl Acting {
    /// Someone who has not signed in: they may read, and change nothing.
    pub fn public() -> Acting {
        Acting {
            actor: Actor::system("public"),
            account: None,
            viewer: Viewer::public(),
        }
    }

    /// A signed-in account with its roles.
    pub fn account(account: AccountId, viewer: Viewer) -> Acting {
        Acting {
            actor: Actor::Account(account),
            account: Some(account),
            viewer,
        }
    }

    /// The `compact` command run on the server, named for the audit log
    /// (for example `compact import organisations`).
    pub fn operator(command: &str) -> Acting {
        Acting {
            actor: Actor::system(command),
            account: None,
            viewer: Viewer::operator(),
        }
    }

    /// Refused unless someone is signed in (or the command acts).
    pub fn require_signed_in(&self) -> Result<(), Refusal> {
        if self.viewer.is_signed_in() {
            Ok(())
        } else {
            Err(Refusal::SignInRequired)
        }
    }
}
