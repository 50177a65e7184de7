//! The register's changes, one use case each.

use super::{Loaded, RegisterEntry};
use crate::{Acting, App, Result};
use compact_core::access::{Action, SignUpRoute};
use compact_core::model::Signatory;
use compact_core::refusal::{Conflict, Missing, Refusal};
use compact_core::register::{
    check_new_sign_up, ChampionInput, OrganisationInput, SignUpInput, WithdrawalInput,
};
use compact_core::{OrganisationId, SignatoryId, SignupRequestId};

/// What a sign-up did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignedUp {
    /// The secretariat's: recorded at once.
    Recorded(SignatoryId),
    /// The organisation's own people's: waiting for the secretariat.
    Requested(SignupRequestId),
}

/// The secretariat's decision on a request to sign up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Refuse,
}

/// Which sign-up a change is about: the one in force for an organisation
/// (the pages, which start from the organisation) or one by its number
/// (the API).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignUpRef {
    InForceFor(OrganisationId),
    Id(SignatoryId),
}

/// A sign-up in force, its organisation and its Compact: what the champion
/// and withdrawal forms show and change.
#[derive(Debug, Clone)]
pub struct InForce {
    pub compact: Loaded,
    pub entry: RegisterEntry,
    pub sign_up: Signatory,
}

/// An organisation a sign-up form is about, and how the viewer's sign-up
/// would be made.
#[derive(Debug, Clone)]
pub struct SignUpTarget {
    pub compact: Loaded,
    pub entry: RegisterEntry,
    pub route: SignUpRoute,
}

impl App {
    /// The checks before anything about one organisation: someone is
    /// signed in, the Compact and the organisation exist.
    async fn organisation_for_change(
        &self,
        acting: &Acting,
        slug: &str,
        id: OrganisationId,
    ) -> Result<(Loaded, RegisterEntry)> {
        acting.require_signed_in()?;
        let compact = self.compact(slug).await?;
        let entry = self.register_entry(&compact, id).await?;
        Ok((compact, entry))
    }

    /// Enter a new organisation in the register of `slug` (the
    /// secretariat).
    pub async fn enter_organisation(
        &self,
        acting: &Acting,
        slug: &str,
        input: &OrganisationInput,
    ) -> Result<OrganisationId> {
        acting.require_signed_in()?;
        let compact = self.compact(slug).await?;
        if !acting.viewer.may(compact.id(), Action::Administer) {
            return Err(Refusal::NotAllowed.into());
        }
        let organisation = input.check(OrganisationId(0))?;
        Ok(self
            .store
            .add_organisation(compact.id(), &organisation, &acting.actor)
            .await?)
    }

    /// The organisation whose details `acting` would change, refused
    /// unless they may (see `Viewer::may_change_details`).
    pub async fn details_target(
        &self,
        acting: &Acting,
        slug: &str,
        id: OrganisationId,
    ) -> Result<(Loaded, RegisterEntry)> {
        let (compact, entry) = self.organisation_for_change(acting, slug, id).await?;
        if !acting
            .viewer
            .may_change_details(compact.id(), id, entry.home)
        {
            return Err(Refusal::NotAllowed.into());
        }
        Ok((compact, entry))
    }

    /// Change an organisation's details; the audit log keeps them before
    /// and after.
    pub async fn change_details(
        &self,
        acting: &Acting,
        slug: &str,
        id: OrganisationId,
        input: &OrganisationInput,
    ) -> Result<()> {
        let (compact, entry) = self.details_target(acting, slug, id).await?;
        let organisation = input.check(id)?;
        self.store
            .update_organisation(
                compact.id(),
                &organisation,
                &entry.organisation,
                &acting.actor,
            )
            .await?;
        Ok(())
    }

    /// The organisation `acting` would sign up, and how.
    pub async fn sign_up_target(
        &self,
        acting: &Acting,
        slug: &str,
        id: OrganisationId,
    ) -> Result<SignUpTarget> {
        let (compact, entry) = self.organisation_for_change(acting, slug, id).await?;
        let route = acting
            .viewer
            .sign_up_route(compact.id(), id)
            .ok_or(Refusal::NotAllowed)?;
        Ok(SignUpTarget {
            compact,
            entry,
            route,
        })
    }

    /// Sign an organisation up: recorded at once by the secretariat, or a
    /// request from its own people for the secretariat to decide. A
    /// sign-up that could never be recorded (it would overlap another) is
    /// refused now, either way.
    pub async fn sign_up(
        &self,
        acting: &Acting,
        slug: &str,
        id: OrganisationId,
        input: &SignUpInput,
    ) -> Result<SignedUp> {
        let target = self.sign_up_target(acting, slug, id).await?;
        // No one signs a Compact before its edition, or on a day to come.
        let edition_date = target.compact.definition.identity.edition_date;
        let sign_up = input.check(self.clock.today(), edition_date)?;
        let existing: Vec<&Signatory> = target.entry.sign_ups.iter().collect();
        check_new_sign_up(&existing, sign_up.signed_on).map_err(Refusal::from)?;
        let (compact, edition) = (target.compact.id(), target.compact.edition());
        Ok(match (target.route, acting.account) {
            (SignUpRoute::Record, _) => SignedUp::Recorded(
                self.store
                    .add_signatory(compact, id, &sign_up, edition, &acting.actor)
                    .await?,
            ),
            (SignUpRoute::Request, Some(account)) => SignedUp::Requested(
                self.store
                    .request_signup(compact, id, &sign_up, edition, account, &acting.actor)
                    .await?,
            ),
            // Only an account can ask (the request records who asked).
            (SignUpRoute::Request, None) => return Err(Refusal::NotAllowed.into()),
        })
    }

    /// The Compact at `slug`, if `acting` is its secretariat.
    pub async fn as_secretariat(&self, acting: &Acting, slug: &str) -> Result<Loaded> {
        acting.require_signed_in()?;
        let compact = self.compact(slug).await?;
        if !acting.viewer.may(compact.id(), Action::Administer) {
            return Err(Refusal::NotAllowed.into());
        }
        Ok(compact)
    }

    /// Approve (recording the sign-up) or refuse a pending request.
    pub async fn decide_sign_up_request(
        &self,
        acting: &Acting,
        slug: &str,
        id: SignupRequestId,
        decision: Decision,
        note: &str,
    ) -> Result<Option<SignatoryId>> {
        let compact = self.as_secretariat(acting, slug).await?;
        let decided_by = acting.account.ok_or(Refusal::NotAllowed)?;
        Ok(self
            .store
            .decide_signup(
                compact.id(),
                id,
                decision == Decision::Approve,
                note,
                decided_by,
                &acting.actor,
            )
            .await?)
    }

    /// The sign-up in force that a champion or withdrawal is about, once
    /// `allowed` says `acting` may change it.
    async fn in_force(
        &self,
        acting: &Acting,
        slug: &str,
        which: SignUpRef,
        allowed: impl Fn(&Acting, &Loaded, OrganisationId) -> bool,
    ) -> Result<InForce> {
        acting.require_signed_in()?;
        let compact = self.compact(slug).await?;
        let organisation = match which {
            SignUpRef::InForceFor(id) => id,
            SignUpRef::Id(id) => self
                .store
                .organisation_of_sign_up(compact.id(), id)
                .await?
                .ok_or(Refusal::NotFound(Missing::SignUp))?,
        };
        let entry = self.register_entry(&compact, organisation).await?;
        if !allowed(acting, &compact, organisation) {
            return Err(Refusal::NotAllowed.into());
        }
        let today = self.clock.today();
        let sign_up = match which {
            SignUpRef::InForceFor(_) => entry.in_force(today),
            SignUpRef::Id(id) => entry
                .sign_ups
                .iter()
                .find(|s| s.id == id && s.is_current_on(today)),
        }
        .cloned()
        .ok_or(Refusal::Conflict(Conflict::NoSignUpInForce))?;
        Ok(InForce {
            compact,
            entry,
            sign_up,
        })
    }

    /// The sign-up whose champion `acting` would change (the secretariat,
    /// or the organisation's own people).
    pub async fn champion_target(
        &self,
        acting: &Acting,
        slug: &str,
        which: SignUpRef,
    ) -> Result<InForce> {
        self.in_force(acting, slug, which, |a, c, o| {
            a.viewer.may_change_champion(c.id(), o)
        })
        .await
    }

    /// Name a new Compact champion, or correct the current one's details.
    /// The previous champion stays in the audit log.
    pub async fn set_champion(
        &self,
        acting: &Acting,
        slug: &str,
        which: SignUpRef,
        input: &ChampionInput,
    ) -> Result<()> {
        let target = self.champion_target(acting, slug, which).await?;
        let champion = input.check(self.clock.today(), target.sign_up.signed_on)?;
        self.store
            .set_champion(
                target.compact.id(),
                target.sign_up.id,
                &champion,
                &acting.actor,
            )
            .await?;
        Ok(())
    }

    /// The sign-up the secretariat would record a withdrawal from.
    pub async fn withdrawal_target(
        &self,
        acting: &Acting,
        slug: &str,
        which: SignUpRef,
    ) -> Result<InForce> {
        self.in_force(acting, slug, which, |a, c, _| {
            a.viewer.may(c.id(), Action::Administer)
        })
        .await
    }

    /// Record that a signatory withdrew. The sign-up stays in the
    /// register's history, and its kitemark is revoked from that date.
    pub async fn withdraw(
        &self,
        acting: &Acting,
        slug: &str,
        which: SignUpRef,
        input: &WithdrawalInput,
    ) -> Result<()> {
        let target = self.withdrawal_target(acting, slug, which).await?;
        let (on, reason) = input.check(self.clock.today(), target.sign_up.signed_on)?;
        self.store
            .withdraw_signatory(
                target.compact.id(),
                target.sign_up.id,
                on,
                &reason,
                &acting.actor,
            )
            .await?;
        Ok(())
    }
}
