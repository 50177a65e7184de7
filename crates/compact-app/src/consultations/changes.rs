//! A consultation's changes, one use case each. Checks run in the same
//! order everywhere, so the pages, the API and the command refuse alike:
//! signed in (401), the Compact and the consultation (404, a draft one may
//! not see included), allowed (403), the consultation's state (409), then
//! the fields (422).

use crate::register::Loaded;
use crate::{Acting, App, Result};
use compact_core::consultation::period::{self, Standing};
use compact_core::consultation::{
    phase, Choices, ConsultationInput, FeedbackInput, Phase, RecordedResponseInput, ResponseInput,
    Status,
};
use compact_core::definition::Sector;
use compact_core::refusal::{Conflict, Refusal};
use compact_core::register::{FieldProblem, Problem};
use compact_core::{calendar, ConsultationId, OrganisationId};
use compact_store::StoredConsultation;

/// What publishing did: how the period stands against the Compact's
/// standard (`None` when the Compact sets none), so the page can say
/// whether the rules engine will record a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Published {
    pub standing: Option<Standing>,
}

fn lead_problem() -> Refusal {
    Refusal::Invalid(vec![FieldProblem::new("lead", Problem::WrongFormat)])
}

impl App {
    /// A consultation `acting` may manage (change, publish, record
    /// responses to, give feedback on): the lead's officers and the
    /// secretariat.
    pub async fn managed_consultation(
        &self,
        acting: &Acting,
        slug: &str,
        id: ConsultationId,
    ) -> Result<(Loaded, StoredConsultation)> {
        acting.require_signed_in()?;
        let (compact, c) = self.visible_consultation(acting, slug, id).await?;
        let public = c.lead_kind.sector() == Sector::Public;
        if !acting
            .viewer
            .may_lead_consultation(compact.id(), c.lead, public)
        {
            return Err(Refusal::NotAllowed.into());
        }
        Ok((compact, c))
    }

    /// The lead of a new consultation: the one asked for, or the only one
    /// `acting` may lead for.
    pub async fn new_consultation_lead(
        &self,
        acting: &Acting,
        slug: &str,
        lead: Option<OrganisationId>,
    ) -> Result<(Loaded, OrganisationId)> {
        acting.require_signed_in()?;
        let compact = self.compact(slug).await?;
        let leads = self.consultation_leads(acting, &compact).await?;
        if leads.is_empty() {
            return Err(Refusal::NotAllowed.into());
        }
        let lead = match lead {
            Some(lead) => lead,
            None if leads.len() == 1 => leads[0].0,
            None => {
                return Err(
                    Refusal::Invalid(vec![FieldProblem::new("lead", Problem::Missing)]).into(),
                )
            }
        };
        let entry = self.register_entry(&compact, lead).await?;
        let public = entry.organisation.kind.sector() == Sector::Public;
        if !public {
            // A consultation is a public body's: naming a charity as the
            // lead is a field to correct, whoever asks.
            return Err(lead_problem().into());
        }
        if !acting
            .viewer
            .may_lead_consultation(compact.id(), lead, public)
        {
            return Err(Refusal::NotAllowed.into());
        }
        Ok((compact, lead))
    }

    /// Save a new draft consultation led by `lead` (or the only public body
    /// `acting` may lead for).
    pub async fn draft_consultation(
        &self,
        acting: &Acting,
        slug: &str,
        lead: Option<OrganisationId>,
        input: &ConsultationInput,
    ) -> Result<ConsultationId> {
        let (compact, lead) = self.new_consultation_lead(acting, slug, lead).await?;
        let details = input.check(self.clock.today(), Choices::of(&compact.definition))?;
        Ok(self
            .store
            .create_consultation(compact.id(), lead, &details, &acting.actor)
            .await?)
    }

    /// The draft `acting` would change or publish.
    pub async fn draft_target(
        &self,
        acting: &Acting,
        slug: &str,
        id: ConsultationId,
    ) -> Result<(Loaded, StoredConsultation)> {
        let (compact, c) = self.managed_consultation(acting, slug, id).await?;
        if c.status != Status::Draft {
            let published_on = c
                .published_at
                .map(calendar::london_date)
                .unwrap_or(c.details.opened_on);
            return Err(Refusal::Conflict(Conflict::ConsultationPublished { published_on }).into());
        }
        Ok((compact, c))
    }

    /// Change a draft.
    pub async fn update_consultation(
        &self,
        acting: &Acting,
        slug: &str,
        id: ConsultationId,
        input: &ConsultationInput,
    ) -> Result<()> {
        let (compact, c) = self.draft_target(acting, slug, id).await?;
        let uploads = self.store.consultation_documents(id).await?.len();
        let details = input.check_beside_uploads(
            self.clock.today(),
            Choices::of(&compact.definition),
            uploads,
        )?;
        self.store
            .update_consultation(compact.id(), id, &details, &c.details, &acting.actor)
            .await?;
        Ok(())
    }

    /// Publish a draft. A period shorter than the Compact's standard is
    /// published all the same, as it was run; the rules engine records it
    /// (see docs/decisions/008-consultations.md).
    pub async fn publish_consultation(
        &self,
        acting: &Acting,
        slug: &str,
        id: ConsultationId,
    ) -> Result<Published> {
        let (compact, c) = self.draft_target(acting, slug, id).await?;
        self.store
            .publish_consultation(compact.id(), id, &acting.actor)
            .await?;
        let d = &c.details;
        let standing = compact
            .definition
            .standards
            .consultation
            .as_ref()
            .and_then(|s| {
                period::guidance(
                    s,
                    d.opened_on,
                    Some(d.closes_on),
                    d.shorter_period_reason.as_deref(),
                )
                .standing
            });
        Ok(Published { standing })
    }

    /// A published consultation (a draft takes nothing but changes).
    fn published(c: &StoredConsultation) -> Result<()> {
        if c.status == Status::Draft {
            return Err(Refusal::Conflict(Conflict::ConsultationIsDraft).into());
        }
        Ok(())
    }

    /// The consultation `acting` would respond to online, and the
    /// organisation they would respond for.
    pub async fn response_target(
        &self,
        acting: &Acting,
        slug: &str,
        id: ConsultationId,
        organisation: Option<OrganisationId>,
    ) -> Result<(Loaded, StoredConsultation, OrganisationId)> {
        acting.require_signed_in()?;
        let (compact, c) = self.visible_consultation(acting, slug, id).await?;
        let respondents = self.respondents(&acting.viewer, &compact).await?;
        let respondent = match organisation {
            Some(o) if respondents.contains(&o) => o,
            None if respondents.len() == 1 => respondents[0],
            _ => return Err(Refusal::NotAllowed.into()),
        };
        Self::published(&c)?;
        let d = &c.details;
        let today = self.clock.today();
        if phase(d.opened_on, d.closes_on, false, today) != Phase::Open {
            return Err(Refusal::Conflict(Conflict::ConsultationNotOpen {
                opened_on: d.opened_on,
                closes_on: d.closes_on,
            })
            .into());
        }
        Ok((compact, c, respondent))
    }

    /// Respond online for a VCSE organisation while the consultation is
    /// open.
    pub async fn respond_to_consultation(
        &self,
        acting: &Acting,
        slug: &str,
        id: ConsultationId,
        organisation: Option<OrganisationId>,
        input: &ResponseInput,
    ) -> Result<i64> {
        let (compact, _, respondent) = self.response_target(acting, slug, id, organisation).await?;
        let response = input.check(self.clock.today())?;
        Ok(self
            .store
            .add_consultation_response(
                compact.id(),
                id,
                Some(respondent),
                &response,
                acting.account,
                &acting.actor,
            )
            .await?)
    }

    /// The consultation an officer would record a response to.
    pub async fn record_response_target(
        &self,
        acting: &Acting,
        slug: &str,
        id: ConsultationId,
    ) -> Result<(Loaded, StoredConsultation)> {
        let (compact, c) = self.managed_consultation(acting, slug, id).await?;
        Self::published(&c)?;
        Ok((compact, c))
    }

    /// Record a response the lead received by e-mail, letter or at a
    /// meeting, from an organisation of the register or a named person.
    pub async fn record_consultation_response(
        &self,
        acting: &Acting,
        slug: &str,
        id: ConsultationId,
        organisation: Option<OrganisationId>,
        input: &RecordedResponseInput,
    ) -> Result<i64> {
        let (compact, c) = self.record_response_target(acting, slug, id).await?;
        if let Some(organisation) = organisation {
            // Named by number, so it must be in this register.
            self.register_entry(&compact, organisation).await?;
        }
        let input = RecordedResponseInput {
            organisation_named: organisation.is_some(),
            ..input.clone()
        };
        let response = input.check(self.clock.today(), c.details.opened_on)?;
        Ok(self
            .store
            .add_consultation_response(
                compact.id(),
                id,
                organisation,
                &response,
                acting.account,
                &acting.actor,
            )
            .await?)
    }

    /// The consultation `acting` would publish feedback on: closed, and
    /// without feedback yet.
    pub async fn feedback_target(
        &self,
        acting: &Acting,
        slug: &str,
        id: ConsultationId,
    ) -> Result<(Loaded, StoredConsultation)> {
        let (compact, c) = self.managed_consultation(acting, slug, id).await?;
        Self::published(&c)?;
        if let Some(published_on) = c.feedback_published_on {
            return Err(
                Refusal::Conflict(Conflict::FeedbackAlreadyPublished { published_on }).into(),
            );
        }
        if self.clock.today() <= c.details.closes_on {
            return Err(Refusal::Conflict(Conflict::ConsultationNotClosed {
                closes_on: c.details.closes_on,
            })
            .into());
        }
        Ok((compact, c))
    }

    /// Publish "you said, we did" today: the date the rules engine reads
    /// as the feedback's.
    pub async fn publish_consultation_feedback(
        &self,
        acting: &Acting,
        slug: &str,
        id: ConsultationId,
        input: &FeedbackInput,
    ) -> Result<()> {
        let (compact, c) = self.feedback_target(acting, slug, id).await?;
        let today = self.clock.today();
        let feedback = input.check(today, c.details.opened_on)?;
        self.store
            .publish_consultation_feedback(compact.id(), id, &feedback, today, &acting.actor)
            .await?;
        Ok(())
    }
}
