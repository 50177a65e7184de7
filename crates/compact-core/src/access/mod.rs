//! Who may do what: the roles people hold in a Compact, and the decisions
//! that follow from them.
//!
//! Pure policy: the web layer asks these questions for every write and every
//! non-public read, and the answers are tested here with plain values. An
//! account holds a role per Compact; `officer` and `member` act for one
//! organisation each, so the same person can hold several grants.

use crate::ids::{CompactId, DisputeId, OrganisationId};
use crate::rules::{Finding, RecordRef};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The role an account holds in one Compact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Runs the Compact (usually the council for voluntary service).
    Secretariat,
    /// Acts for one public body.
    Officer,
    /// Acts for one VCSE organisation.
    Member,
    /// Sits on the Compact Group or Board.
    Group,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Secretariat, Role::Officer, Role::Member, Role::Group];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Secretariat => "secretariat",
            Role::Officer => "officer",
            Role::Member => "member",
            Role::Group => "group",
        }
    }

    /// Whether a grant of this role names the organisation it acts for.
    pub fn acts_for_an_organisation(self) -> bool {
        matches!(self, Role::Officer | Role::Member)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A word that is not one of the four roles.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a role: use secretariat, officer, member or group")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Role, UnknownRole> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownRole(s.to_string()))
    }
}

/// One role held by an account in one Compact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub compact: CompactId,
    pub role: Role,
    /// The organisation an `officer` or `member` acts for.
    pub organisation: Option<OrganisationId>,
}

/// Why a grant cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GrantError {
    #[error("the {0} role acts for one organisation: name it")]
    OrganisationMissing(Role),
    #[error("the {0} role acts for the whole Compact, not for one organisation")]
    OrganisationNotExpected(Role),
}

impl Grant {
    /// A grant, checked: officers and members name their organisation,
    /// the other roles do not.
    pub fn new(
        compact: CompactId,
        role: Role,
        organisation: Option<OrganisationId>,
    ) -> Result<Grant, GrantError> {
        match (role.acts_for_an_organisation(), organisation) {
            (true, None) => Err(GrantError::OrganisationMissing(role)),
            (false, Some(_)) => Err(GrantError::OrganisationNotExpected(role)),
            _ => Ok(Grant {
                compact,
                role,
                organisation,
            }),
        }
    }
}

/// Everyone asking: the public (no grants) or a signed-in account.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Viewer {
    grants: Vec<Grant>,
    signed_in: bool,
    /// Someone at the server's own console (the `compact` command), who
    /// runs every Compact of the database.
    operator: bool,
}

/// Something a viewer may want to do in one Compact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Read what the public may read: the Compact, its register, counts of
    /// findings and the findings about public matters.
    ReadPublic,
    /// Read every finding of the Compact, with names and details.
    ReadAllFindings,
    /// Read the findings about one organisation's own matters.
    ReadOrganisationFindings(OrganisationId),
    /// Browse the audit log.
    ReadAuditLog,
    /// Change the Compact's own settings, accounts and register.
    Administer,
    /// Record or change something on behalf of one organisation.
    ActFor(OrganisationId),
    /// Read how to reach Compact champions (their phone or e-mail): for the
    /// Compact's partners, anyone with a role in it, not the public.
    ReadChampionContacts,
}

/// How a sign-up asked for by a viewer is recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignUpRoute {
    /// The secretariat records it at once.
    Record,
    /// The organisation's own people ask; the secretariat decides.
    Request,
}

impl Viewer {
    /// Someone who has not signed in.
    pub fn public() -> Viewer {
        Viewer::default()
    }

    /// A signed-in account with its grants (possibly none).
    pub fn account(grants: Vec<Grant>) -> Viewer {
        Viewer {
            grants,
            signed_in: true,
            operator: false,
        }
    }

    /// Whoever runs the `compact` command on the server: they can open the
    /// database directly, so the command grants them what the secretariat
    /// of every Compact may do.
    pub fn operator() -> Viewer {
        Viewer {
            grants: Vec::new(),
            signed_in: true,
            operator: true,
        }
    }

    pub fn is_signed_in(&self) -> bool {
        self.signed_in
    }

    pub fn grants(&self) -> &[Grant] {
        &self.grants
    }

    /// The roles held in `compact`.
    pub fn roles_in(&self, compact: CompactId) -> impl Iterator<Item = Role> + '_ {
        self.grants_in(compact).map(|g| g.role)
    }

    /// The organisations this viewer acts for in `compact`.
    pub fn organisations_in(
        &self,
        compact: CompactId,
    ) -> impl Iterator<Item = OrganisationId> + '_ {
        self.grants_in(compact).filter_map(|g| g.organisation)
    }

    fn grants_in(&self, compact: CompactId) -> impl Iterator<Item = &Grant> + '_ {
        self.grants.iter().filter(move |g| g.compact == compact)
    }

    fn holds(&self, compact: CompactId, role: Role) -> bool {
        self.roles_in(compact).any(|r| r == role)
    }

    /// Whether this viewer may do `action` in `compact`. The secretariat may
    /// do everything in its own Compact; the Compact Group reads every
    /// finding, because overseeing the Compact is its job; officers and
    /// members read and act for their own organisation only.
    pub fn may(&self, compact: CompactId, action: Action) -> bool {
        if self.operator || self.holds(compact, Role::Secretariat) {
            return true;
        }
        match action {
            Action::ReadPublic => true,
            Action::ReadAllFindings => self.holds(compact, Role::Group),
            Action::ReadOrganisationFindings(org) => {
                self.holds(compact, Role::Group) || self.acts_for(compact, org)
            }
            Action::ReadAuditLog | Action::Administer => false,
            Action::ActFor(org) => self.acts_for(compact, org),
            Action::ReadChampionContacts => self.roles_in(compact).next().is_some(),
        }
    }

    /// How this viewer's sign-up of `organisation` to `compact` is made, if
    /// they may ask for one at all.
    pub fn sign_up_route(
        &self,
        compact: CompactId,
        organisation: OrganisationId,
    ) -> Option<SignUpRoute> {
        if self.may(compact, Action::Administer) {
            Some(SignUpRoute::Record)
        } else if self.may(compact, Action::ActFor(organisation)) {
            Some(SignUpRoute::Request)
        } else {
            None
        }
    }

    /// Whether this viewer, working in `compact`, may change the details of
    /// `organisation`, whose home register is `home`: the secretariat of
    /// its home register, or its own people. The secretariat of another
    /// Compact it signed up to may not, since the record is shared.
    pub fn may_change_details(
        &self,
        compact: CompactId,
        organisation: OrganisationId,
        home: CompactId,
    ) -> bool {
        (self.may(compact, Action::Administer) && home == compact)
            || self.operator
            || self.acts_for(compact, organisation)
    }

    /// Whether this viewer may name or change the Compact champion of a
    /// sign-up of `organisation`: the secretariat or its own people.
    pub fn may_change_champion(&self, compact: CompactId, organisation: OrganisationId) -> bool {
        self.may(compact, Action::ActFor(organisation))
    }

    /// Whether this viewer may read the funding agreements of `compact`,
    /// their payments, changes, task lists and impact assessments: anyone,
    /// since they record public money. Their findings are public findings.
    pub fn may_read_funding(&self, compact: CompactId) -> bool {
        self.may(compact, Action::ReadPublic)
    }

    /// Whether this viewer may record or change an agreement that `funder`
    /// gives, and its payments, changes, steps and impact assessments: the
    /// secretariat, and officers of the funder. The recipient's members
    /// read it as the public does: the funder keeps its own record of what
    /// it pays and decides, and the recipient can raise a dispute over it.
    /// An import of a council's spreadsheet asks this of each row's funder,
    /// so an officer's file imports that officer's own body's rows only.
    pub fn may_record_funding(&self, compact: CompactId, funder: OrganisationId) -> bool {
        self.may(compact, Action::Administer)
            || self
                .grants_in(compact)
                .any(|g| g.role == Role::Officer && g.organisation == Some(funder))
    }

    /// Whether this viewer may record funding for any funder of `compact`:
    /// asked before reading what was typed, so someone who may record
    /// nothing is refused as such rather than told how to fill the form.
    pub fn may_record_any_funding(&self, compact: CompactId) -> bool {
        self.may(compact, Action::Administer) || self.holds(compact, Role::Officer)
    }

    /// Whether this viewer may draft, publish and give feedback on a
    /// consultation led by `lead`, and record responses to it: the
    /// secretariat for any lead that is a public body, and the lead's own
    /// officers. A consultation is a public body's, so no one leads one
    /// for another kind of organisation.
    pub fn may_lead_consultation(
        &self,
        compact: CompactId,
        lead: OrganisationId,
        lead_is_public_body: bool,
    ) -> bool {
        lead_is_public_body
            && (self.may(compact, Action::Administer)
                || self.holds_for(compact, Role::Officer, lead))
    }

    /// Whether this viewer may see a draft led by `lead`, and read every
    /// response to a consultation it leads: the lead's officers and the
    /// secretariat.
    pub fn may_see_consultation_drafts(&self, compact: CompactId, lead: OrganisationId) -> bool {
        self.may(compact, Action::Administer) || self.holds_for(compact, Role::Officer, lead)
    }

    /// Whether this viewer may send a response online for `respondent`: its
    /// own people (members), when it is a VCSE organisation.
    pub fn may_respond_for(
        &self,
        compact: CompactId,
        respondent: OrganisationId,
        respondent_is_vcse: bool,
    ) -> bool {
        respondent_is_vcse && self.holds_for(compact, Role::Member, respondent)
    }

    /// Whether this viewer may read a response from `respondent` (none
    /// when it came from a person outside the register) to a consultation
    /// led by `lead`: the lead's officers, the secretariat, and the
    /// respondent's own people.
    pub fn may_read_response(
        &self,
        compact: CompactId,
        lead: OrganisationId,
        respondent: Option<OrganisationId>,
    ) -> bool {
        self.may_see_consultation_drafts(compact, lead)
            || respondent.is_some_and(|r| self.acts_for(compact, r))
    }

    fn holds_for(&self, compact: CompactId, role: Role, org: OrganisationId) -> bool {
        self.grants_in(compact)
            .any(|g| g.role == role && g.organisation == Some(org))
    }

    fn acts_for(&self, compact: CompactId, org: OrganisationId) -> bool {
        self.grants_in(compact)
            .any(|g| g.role.acts_for_an_organisation() && g.organisation == Some(org))
    }
}

/// Whether `viewer` may read `finding` of `compact`. Public findings are
/// for everyone. A confidential one (about a dispute) is for those who read
/// every finding and for the two parties to the dispute; `parties` names
/// them for a dispute of the Compact (`None` for one it does not know, which
/// only the overseers then see).
pub fn may_see_finding(
    viewer: &Viewer,
    compact: CompactId,
    finding: &Finding,
    parties: impl Fn(DisputeId) -> Option<(OrganisationId, OrganisationId)>,
) -> bool {
    if !finding.confidential || viewer.may(compact, Action::ReadAllFindings) {
        return true;
    }
    let RecordRef::Dispute(id) = finding.subject.record else {
        return false;
    };
    parties(id).is_some_and(|(raised_by, against)| {
        viewer.may(compact, Action::ReadOrganisationFindings(raised_by))
            || viewer.may(compact, Action::ReadOrganisationFindings(against))
    })
}

#[cfg(test)]
mod tests;
