//! Consultations' use cases: reading them as each viewer may (this file),
//! and drafting, publishing, responding and feeding back (`changes.rs`).
//!
//! Who may do what is decided in `compact_core::access`; a draft is
//! answered as not found to anyone who may not see it, so its existence is
//! not given away.

mod changes;
mod documents;
mod feeds;

pub use changes::Published;
pub use feeds::{CalendarDate, ConsultationFeed, Deadline, News, NewsEntry, FEED_LIMIT};

use crate::register::Loaded;
use crate::{Acting, App, Result};
use compact_core::access::{Action, Viewer};
use compact_core::consultation::period::{self, Guidance};
use compact_core::consultation::{phase, Phase, Status};
use compact_core::definition::Sector;
use compact_core::refusal::{Missing, Refusal};
use compact_core::rules::{Finding, RecordRef};
use compact_core::{ConsultationId, Date, OrganisationId};
use compact_store::{
    ConsultationSummary, Listing, StoredConsultation, StoredDocument, StoredResponse,
};

/// How many consultations each list shows, and responses a page shows.
pub const LIST_LIMIT: u32 = 100;
pub const RESPONSES_LIMIT: u32 = 500;

/// A consultation as one viewer may see it.
#[derive(Debug, Clone)]
pub struct ConsultationView {
    pub compact: Loaded,
    pub consultation: StoredConsultation,
    /// The documents uploaded to it (its links are in its details).
    pub documents: Vec<StoredDocument>,
    /// Where it stands today; `None` for a draft.
    pub phase: Option<Phase>,
    /// How many responses were received (everyone sees this).
    pub response_count: i64,
    /// The responses this viewer may read.
    pub responses: Vec<StoredResponse>,
    /// The rules engine's findings about it that this viewer may read.
    pub findings: Vec<Finding>,
    /// What the Compact's standard asks of its dates, when it sets one.
    pub guidance: Option<Guidance>,
    /// When feedback is due, when the Compact sets a time.
    pub feedback_due: Option<Date>,
    /// Whether this viewer may change, publish, record responses and give
    /// feedback.
    pub may_manage: bool,
    /// The organisations this viewer may respond for online.
    pub respond_as: Vec<OrganisationId>,
}

/// A Compact's consultations in their lists.
#[derive(Debug, Clone)]
pub struct ConsultationLists {
    pub compact: Loaded,
    pub today: Date,
    /// Open, or opening later.
    pub current: Vec<ConsultationSummary>,
    pub awaiting_feedback: Vec<ConsultationSummary>,
    pub past: Vec<ConsultationSummary>,
    /// The drafts this viewer may see.
    pub drafts: Vec<ConsultationSummary>,
    /// Whether this viewer may start a consultation.
    pub may_draft: bool,
}

impl App {
    /// The consultation `id` of `slug`, if `acting` may see it.
    pub(crate) async fn visible_consultation(
        &self,
        acting: &Acting,
        slug: &str,
        id: ConsultationId,
    ) -> Result<(Loaded, StoredConsultation)> {
        let compact = self.compact(slug).await?;
        let consultation = self
            .store
            .consultation(compact.id(), id)
            .await?
            .filter(|c| {
                c.status == Status::Published
                    || acting
                        .viewer
                        .may_see_consultation_drafts(compact.id(), c.lead)
            })
            .ok_or(Refusal::NotFound(Missing::Consultation))?;
        Ok((compact, consultation))
    }

    /// One consultation with what `acting` may see of it.
    pub async fn consultation(
        &self,
        acting: &Acting,
        slug: &str,
        id: ConsultationId,
    ) -> Result<ConsultationView> {
        let (compact, consultation) = self.visible_consultation(acting, slug, id).await?;
        let viewer = &acting.viewer;
        let today = self.clock.today();
        let d = &consultation.details;
        let published = consultation.status == Status::Published;
        let phase = published.then(|| {
            phase(
                d.opened_on,
                d.closes_on,
                consultation.feedback_published_on.is_some(),
                today,
            )
        });
        let standard = compact.definition.standards.consultation.as_ref();
        let guidance = standard.map(|s| {
            period::guidance(
                s,
                d.opened_on,
                Some(d.closes_on),
                d.shorter_period_reason.as_deref(),
            )
        });
        let feedback_due = standard.and_then(|s| period::feedback_due(s, d.closes_on));
        let may_manage = viewer.may_lead_consultation(
            compact.id(),
            consultation.lead,
            consultation.lead_kind.sector() == Sector::Public,
        );
        let responses = self
            .readable_responses(viewer, &compact, &consultation)
            .await?;
        let response_count = self.store.consultation_response_count(id).await?;
        let documents = self.store.consultation_documents(id).await?;
        let findings = if published {
            self.findings_about(viewer, &compact, id).await?
        } else {
            Vec::new()
        };
        let respond_as = if phase == Some(Phase::Open) {
            self.respondents(viewer, &compact).await?
        } else {
            Vec::new()
        };
        Ok(ConsultationView {
            compact,
            consultation,
            documents,
            phase,
            response_count,
            responses,
            findings,
            guidance,
            feedback_due,
            may_manage,
            respond_as,
        })
    }

    /// Every response for the lead's officers and the secretariat; for
    /// anyone else, their own organisations' responses.
    async fn readable_responses(
        &self,
        viewer: &Viewer,
        compact: &Loaded,
        c: &StoredConsultation,
    ) -> Result<Vec<StoredResponse>> {
        if viewer.may_read_response(compact.id(), c.lead, None) {
            return Ok(self
                .store
                .consultation_responses(c.id, None, RESPONSES_LIMIT)
                .await?);
        }
        let mut own = Vec::new();
        let organisations: Vec<OrganisationId> = viewer.organisations_in(compact.id()).collect();
        for organisation in organisations {
            if viewer.may_read_response(compact.id(), c.lead, Some(organisation)) {
                own.extend(
                    self.store
                        .consultation_responses(c.id, Some(organisation), RESPONSES_LIMIT)
                        .await?,
                );
            }
        }
        own.sort_by_key(|r| r.id);
        own.dedup_by_key(|r| r.id);
        Ok(own)
    }

    /// The kept findings of today about consultation `id` that `viewer`
    /// may read (as the findings page decides).
    async fn findings_about(
        &self,
        viewer: &Viewer,
        compact: &Loaded,
        id: ConsultationId,
    ) -> Result<Vec<Finding>> {
        let findings = self.findings(&compact.stored).await.map_err(|e| match e {
            crate::FindingsError::Store(e) => crate::Error::from(e),
            crate::FindingsError::Definition(source) => crate::Error::Definition {
                slug: compact.stored.slug.clone(),
                source,
            },
        })?;
        Ok(findings
            .visible(viewer)
            .filter(|f| f.subject.record == RecordRef::Consultation(id))
            .cloned()
            .collect())
    }

    /// The VCSE organisations `viewer` may respond for online.
    pub(crate) async fn respondents(
        &self,
        viewer: &Viewer,
        compact: &Loaded,
    ) -> Result<Vec<OrganisationId>> {
        let mut out = Vec::new();
        let organisations: Vec<OrganisationId> = viewer.organisations_in(compact.id()).collect();
        for organisation in organisations {
            let Ok(entry) = self.register_entry(compact, organisation).await else {
                continue;
            };
            let vcse = entry.organisation.kind.sector() == Sector::Vcse;
            if viewer.may_respond_for(compact.id(), organisation, vcse)
                && !out.contains(&organisation)
            {
                out.push(organisation);
            }
        }
        Ok(out)
    }

    /// The public bodies `acting` may lead a consultation for, by name.
    pub async fn consultation_leads(
        &self,
        acting: &Acting,
        compact: &Loaded,
    ) -> Result<Vec<(OrganisationId, String)>> {
        let viewer = &acting.viewer;
        let bodies = if viewer.may(compact.id(), Action::Administer) {
            self.store.public_bodies(compact.id(), 500).await?
        } else {
            let mut own = Vec::new();
            let organisations: Vec<OrganisationId> =
                viewer.organisations_in(compact.id()).collect();
            for organisation in organisations {
                if let Ok(entry) = self.register_entry(compact, organisation).await {
                    own.push((organisation, entry.organisation.name.clone()));
                }
            }
            own
        };
        // Officers of a body that is not a public one lead nothing.
        let mut leads = Vec::new();
        for (id, name) in bodies {
            let entry = self.register_entry(compact, id).await;
            let public = entry.is_ok_and(|e| e.organisation.kind.sector() == Sector::Public);
            if viewer.may_lead_consultation(compact.id(), id, public) {
                leads.push((id, name));
            }
        }
        Ok(leads)
    }

    /// The consultations of `slug` in their lists, with the drafts
    /// `acting` may see.
    pub async fn consultation_lists(
        &self,
        acting: &Acting,
        slug: &str,
    ) -> Result<ConsultationLists> {
        let compact = self.compact(slug).await?;
        let today = self.clock.today();
        let store = &self.store;
        let id = compact.id();
        let viewer = &acting.viewer;
        let drafts = if viewer.may(id, Action::Administer) {
            store
                .consultations(id, Listing::Drafts(None), today, LIST_LIMIT)
                .await?
        } else {
            let mut own = Vec::new();
            let organisations: Vec<OrganisationId> = viewer.organisations_in(id).collect();
            for lead in organisations {
                if viewer.may_see_consultation_drafts(id, lead) {
                    own.extend(
                        store
                            .consultations(id, Listing::Drafts(Some(lead)), today, LIST_LIMIT)
                            .await?,
                    );
                }
            }
            own
        };
        let may_draft = acting.viewer.is_signed_in()
            && (viewer.may(id, Action::Administer) || !drafts.is_empty() || {
                !self.consultation_leads(acting, &compact).await?.is_empty()
            });
        Ok(ConsultationLists {
            current: store
                .consultations(id, Listing::Current, today, LIST_LIMIT)
                .await?,
            awaiting_feedback: store
                .consultations(id, Listing::AwaitingFeedback, today, LIST_LIMIT)
                .await?,
            past: store
                .consultations(id, Listing::Past, today, LIST_LIMIT)
                .await?,
            drafts,
            may_draft,
            today,
            compact,
        })
    }
}
