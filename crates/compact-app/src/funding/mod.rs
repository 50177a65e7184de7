//! Funding agreements and changes to them, one use case each: enter or
//! change an agreement, schedule or pay an instalment, record a change, a
//! step of the reduction procedure or an equality impact assessment; and
//! the reads the pages and the API show.
//!
//! Who may record is the core's decision (`Viewer::may_record_funding`):
//! the secretariat and the funder's officers. Everyone may read.

mod reads;

pub use reads::{AgreementList, AgreementView, ChangeView};

use crate::register::Loaded;
use crate::{Acting, App, Result};
use compact_core::definition::OrganisationKind;
use compact_core::funding::{
    characteristics_considered, party_lookups, AgreementInput, ChangeInput, ImpactInput, PaidInput,
    PaymentInput, StepInput,
};
use compact_core::model::{FundingAgreement, FundingChange, ReductionStep};
use compact_core::refusal::{Conflict, Missing, Refusal};
use compact_core::*;
use std::collections::HashMap;

/// The most public bodies a form offers as funders; a register holds a few
/// dozen, and the limit keeps the form bounded whatever it holds.
const MAX_FUNDERS: u32 = 500;

/// An agreement as its correction form starts from.
pub struct AgreementToEdit {
    pub compact: Loaded,
    pub agreement: FundingAgreement,
    /// The public bodies the one correcting may name as the funder.
    pub funders: Vec<(OrganisationId, String)>,
    /// The recipient, unless it has left the register.
    pub recipient: Option<compact_store::FundingParty>,
}

impl App {
    /// The Compact at `slug`, refused unless `acting` may record funding
    /// for some funder of it.
    pub(crate) async fn funding_writer(&self, acting: &Acting, slug: &str) -> Result<Loaded> {
        acting.require_signed_in()?;
        let compact = self.compact(slug).await?;
        if !acting.viewer.may_record_any_funding(compact.id()) {
            return Err(Refusal::NotAllowed.into());
        }
        Ok(compact)
    }

    /// The Compact at `slug` and the public bodies `acting` may record an
    /// agreement for, for the form that enters one; refused unless there
    /// is one. (The recipient is typed, not chosen from a list: a register
    /// may hold 200,000 organisations.)
    pub async fn agreement_form(
        &self,
        acting: &Acting,
        slug: &str,
    ) -> Result<(Loaded, Vec<(OrganisationId, String)>)> {
        let compact = self.funding_writer(acting, slug).await?;
        let funders = self.funders_for(acting, &compact).await?;
        Ok((compact, funders))
    }

    /// The public bodies of `compact` that `acting` may record funding for
    /// (for forms already allowed by `agreement_to_record`).
    async fn funders_for(
        &self,
        acting: &Acting,
        compact: &Loaded,
    ) -> Result<Vec<(OrganisationId, String)>> {
        let mut bodies = self.store.public_bodies(compact.id(), MAX_FUNDERS).await?;
        bodies.retain(|(id, _)| acting.viewer.may_record_funding(compact.id(), *id));
        Ok(bodies)
    }

    /// The one organisation of the register of `compact` that `typed`
    /// names (see [`party_lookups`]), or `None` when none does or several
    /// do. Every lookup is tried, so a number that is one organisation's
    /// register number and another's charity number names neither.
    ///
    /// `current`, the party an agreement already has, wins when the text
    /// finds it among others: correcting an agreement without touching its
    /// recipient keeps it, even when another organisation shares its name.
    pub async fn find_party(
        &self,
        compact: &Loaded,
        typed: &str,
        current: Option<OrganisationId>,
    ) -> Result<Option<OrganisationId>> {
        let mut found: Vec<OrganisationId> = Vec::new();
        for lookup in party_lookups(typed) {
            for party in self
                .store
                .organisations_by_lookup(compact.id(), &lookup)
                .await?
            {
                if !found.contains(&party.id) {
                    found.push(party.id);
                }
            }
        }
        Ok(match found.as_slice() {
            [one] => Some(*one),
            _ => current.filter(|c| found.contains(c)),
        })
    }

    /// `input` with its recipient, as typed, replaced by the register
    /// number of the organisation it names. Text that names no single
    /// organisation is left as typed, for the core to refuse.
    async fn with_recipient_found(
        &self,
        compact: &Loaded,
        input: &AgreementInput,
        current: Option<OrganisationId>,
    ) -> Result<AgreementInput> {
        let mut input = input.clone();
        if let Some(id) = self.find_party(compact, &input.recipient, current).await? {
            input.recipient = id.0.to_string();
        }
        Ok(input)
    }

    /// The agreement `id` of `compact`.
    pub(crate) async fn stored_agreement(
        &self,
        compact: &Loaded,
        id: AgreementId,
    ) -> Result<FundingAgreement> {
        Ok(self
            .store
            .agreement(compact.id(), id)
            .await?
            .ok_or(Refusal::NotFound(Missing::Agreement))?)
    }

    /// The agreement `id`, refused unless `acting` may record funding of
    /// its funder: what every form about one agreement starts from.
    pub async fn agreement_to_record(
        &self,
        acting: &Acting,
        slug: &str,
        id: AgreementId,
    ) -> Result<(Loaded, FundingAgreement)> {
        let compact = self.funding_writer(acting, slug).await?;
        let agreement = self.stored_agreement(&compact, id).await?;
        if !acting
            .viewer
            .may_record_funding(compact.id(), agreement.funder)
        {
            return Err(Refusal::NotAllowed.into());
        }
        Ok((compact, agreement))
    }

    /// The agreement `id` to correct, with the funders `acting` may choose
    /// and its recipient as the register has it now.
    pub async fn agreement_to_edit(
        &self,
        acting: &Acting,
        slug: &str,
        id: AgreementId,
    ) -> Result<AgreementToEdit> {
        let (compact, agreement) = self.agreement_to_record(acting, slug, id).await?;
        let funders = self.funders_for(acting, &compact).await?;
        let recipient = self
            .store
            .organisations_named(compact.id(), &[agreement.recipient])
            .await?
            .pop();
        Ok(AgreementToEdit {
            compact,
            agreement,
            funders,
            recipient,
        })
    }

    /// The change `change` of agreement `id`, for a form about it.
    pub async fn change_to_record(
        &self,
        acting: &Acting,
        slug: &str,
        id: AgreementId,
        change: FundingChangeId,
    ) -> Result<(Loaded, FundingAgreement, FundingChange)> {
        let (compact, agreement) = self.agreement_to_record(acting, slug, id).await?;
        let found = agreement
            .changes
            .iter()
            .find(|c| c.id == change)
            .cloned()
            .ok_or(Refusal::NotFound(Missing::FundingChange))?;
        Ok((compact, agreement, found))
    }

    /// What each of `ids` is, for those in the register of `compact`.
    async fn kinds(
        &self,
        compact: &Loaded,
        ids: &[&str],
    ) -> Result<HashMap<OrganisationId, OrganisationKind>> {
        let ids: Vec<OrganisationId> = ids
            .iter()
            .filter_map(|t| t.trim().parse::<i64>().ok().map(OrganisationId))
            .collect();
        Ok(self
            .store
            .organisations_named(compact.id(), &ids)
            .await?
            .into_iter()
            .map(|p| (p.id, p.kind))
            .collect())
    }

    /// Enter a new agreement. The funder must be one `acting` may record
    /// for.
    pub async fn create_agreement(
        &self,
        acting: &Acting,
        slug: &str,
        input: &AgreementInput,
    ) -> Result<AgreementId> {
        let compact = self.funding_writer(acting, slug).await?;
        let input = self.with_recipient_found(&compact, input, None).await?;
        let kinds = self
            .kinds(&compact, &[&input.funder, &input.recipient])
            .await?;
        let agreement = input.check(self.clock.today(), |o| kinds.get(&o).copied())?;
        if !acting
            .viewer
            .may_record_funding(compact.id(), agreement.funder)
        {
            return Err(Refusal::NotAllowed.into());
        }
        Ok(self
            .store
            .add_agreement(compact.id(), &agreement, &acting.actor)
            .await?)
    }

    /// Change an agreement's own fields (not its payments or changes). An
    /// officer may not hand the agreement to a funder they do not act for.
    pub async fn update_agreement(
        &self,
        acting: &Acting,
        slug: &str,
        id: AgreementId,
        input: &AgreementInput,
    ) -> Result<()> {
        let (compact, before) = self.agreement_to_record(acting, slug, id).await?;
        let input = self
            .with_recipient_found(&compact, input, Some(before.recipient))
            .await?;
        let kinds = self
            .kinds(&compact, &[&input.funder, &input.recipient])
            .await?;
        let mut agreement = input.check(self.clock.today(), |o| kinds.get(&o).copied())?;
        if !acting
            .viewer
            .may_record_funding(compact.id(), agreement.funder)
        {
            return Err(Refusal::NotAllowed.into());
        }
        agreement.id = id;
        self.store
            .update_agreement(compact.id(), &agreement, &before, &acting.actor)
            .await?;
        Ok(())
    }

    /// Add an instalment to the payment schedule, paid or not.
    pub async fn record_payment(
        &self,
        acting: &Acting,
        slug: &str,
        id: AgreementId,
        input: &PaymentInput,
    ) -> Result<PaymentId> {
        let (compact, agreement) = self.agreement_to_record(acting, slug, id).await?;
        let payment = input.check(self.clock.today(), &agreement)?;
        Ok(self
            .store
            .add_payment(compact.id(), id, &payment, &acting.actor)
            .await?)
    }

    /// Record the day a scheduled instalment was paid.
    pub async fn record_paid(
        &self,
        acting: &Acting,
        slug: &str,
        id: AgreementId,
        payment: PaymentId,
        input: &PaidInput,
    ) -> Result<()> {
        let (compact, agreement) = self.agreement_to_record(acting, slug, id).await?;
        if !agreement.payments.iter().any(|p| p.id == payment) {
            return Err(Refusal::NotFound(Missing::Payment).into());
        }
        let paid_on = input.check(self.clock.today(), &agreement)?;
        self.store
            .mark_paid(compact.id(), id, payment, paid_on, &acting.actor)
            .await?;
        Ok(())
    }

    /// Record a change decided to an agreement.
    pub async fn record_change(
        &self,
        acting: &Acting,
        slug: &str,
        id: AgreementId,
        input: &ChangeInput,
    ) -> Result<FundingChangeId> {
        let (compact, agreement) = self.agreement_to_record(acting, slug, id).await?;
        let change = input.check(self.clock.today(), &agreement)?;
        Ok(self
            .store
            .add_funding_change(compact.id(), id, &change, &acting.actor)
            .await?)
    }

    /// Record a step of the reduction procedure for a cut.
    pub async fn record_step(
        &self,
        acting: &Acting,
        slug: &str,
        id: AgreementId,
        change: FundingChangeId,
        input: &StepInput,
    ) -> Result<()> {
        let (compact, agreement, found) = self.change_to_record(acting, slug, id, change).await?;
        let procedure = compact
            .definition
            .standards
            .reduction
            .as_ref()
            .filter(|_| found.kind.cuts_funding())
            .ok_or(Refusal::Conflict(Conflict::NoReductionProcedure))?;
        let step = input.check(self.clock.today(), &agreement, procedure)?;
        if step.record.step == ReductionStep::CriteriaPublished && found.consultation.is_none() {
            return Err(Refusal::Conflict(Conflict::ConsultationNotRecorded).into());
        }
        // The consultation is named after what it is about.
        let title = format!(
            "Consultation on the {} of {}",
            match found.kind {
                model::ChangeKind::Termination => "ending",
                _ => "reduction",
            },
            agreement.title
        );
        self.store
            .record_step(
                compact.id(),
                &agreement,
                change,
                &step,
                &title,
                &acting.actor,
            )
            .await?;
        Ok(())
    }

    /// Record (or record again) the equality impact assessment of a change.
    pub async fn record_impact_assessment(
        &self,
        acting: &Acting,
        slug: &str,
        id: AgreementId,
        change: FundingChangeId,
        input: &ImpactInput,
    ) -> Result<()> {
        let (compact, agreement, _) = self.change_to_record(acting, slug, id, change).await?;
        let typed: Vec<&str> = input.participants.iter().map(String::as_str).collect();
        let kinds = self.kinds(&compact, &typed).await?;
        let considered = characteristics_considered(&compact.definition.protected_characteristics);
        let eia = input.check(self.clock.today(), &agreement, &considered, |o| {
            kinds.get(&o).copied()
        })?;
        self.store
            .record_impact_assessment(compact.id(), id, change, &eia, &acting.actor)
            .await?;
        Ok(())
    }
}
