//! What the funding pages and the API show: a page of agreements with
//! their standing, one agreement, one change with its task list. Each
//! reads a bounded slice of the records; the findings come from the cache
//! kept per data version, filtered to what the viewer may see.

use crate::register::Loaded;
use crate::{Acting, App, Error, Result};
use compact_core::definition::ProtectedCharacteristic;
use compact_core::funding::{characteristics_considered, reduction_tasks, TaskList};
use compact_core::model::{Consultation, FundingAgreement, FundingChange};
use compact_core::refusal::{Missing, Refusal};
use compact_core::rules::{Finding, RecordRef};
use compact_core::*;
use compact_store::{AgreementFilter, AgreementSummary, FundingParty};

/// A page of a Compact's agreements.
#[derive(Debug, Clone)]
pub struct AgreementList {
    pub compact: Loaded,
    /// Each agreement with its findings counted: breach, advisory, due.
    pub rows: Vec<(AgreementSummary, [usize; 3])>,
    pub total: i64,
    pub page: u32,
    pub pages: u32,
    /// The organisations that fund agreements here, to filter by.
    pub funders: Vec<FundingParty>,
    /// Whether the viewer may enter a new agreement.
    pub may_create: bool,
}

/// One agreement, its parties and its findings.
#[derive(Debug, Clone)]
pub struct AgreementView {
    pub compact: Loaded,
    pub agreement: FundingAgreement,
    pub funder: Option<FundingParty>,
    pub recipient: Option<FundingParty>,
    /// The findings about the agreement, its payments and its changes
    /// that the viewer may see, in report order.
    pub findings: Vec<Finding>,
    pub may_record: bool,
    pub as_of: Date,
}

/// One change of an agreement, with its task list and assessment.
#[derive(Debug, Clone)]
pub struct ChangeView {
    pub agreement: AgreementView,
    pub change: FundingChange,
    pub tasks: TaskList,
    pub consultation: Option<Consultation>,
    /// The organisations that took part in its impact assessment.
    pub participants: Vec<FundingParty>,
    /// The characteristics its impact assessment considers.
    pub considered: Vec<ProtectedCharacteristic>,
    /// The findings about this change alone.
    pub findings: Vec<Finding>,
}

/// Whether `f` is about the agreement `a` (itself, a payment of it, or a
/// change to it: those carry the agreement as their context).
fn about_agreement(f: &Finding, a: AgreementId) -> bool {
    f.subject.record == RecordRef::Agreement(a)
        || f.context
            .as_ref()
            .is_some_and(|c| c.record == RecordRef::Agreement(a))
}

impl App {
    /// The findings of `compact` that `viewer` may see and `keep` keeps.
    async fn findings_where(
        &self,
        compact: &Loaded,
        acting: &Acting,
        keep: impl Fn(&Finding) -> bool,
    ) -> Result<(Vec<Finding>, Date)> {
        let findings = self
            .findings(&compact.stored)
            .await
            .map_err(|e| Error::Task(Box::new(e)))?;
        Ok((
            findings
                .visible(&acting.viewer)
                .filter(|f| keep(f))
                .cloned()
                .collect(),
            findings.as_of,
        ))
    }

    /// Page `page` (from 1) of the agreements of `slug` matching `filter`.
    pub async fn agreements(
        &self,
        acting: &Acting,
        slug: &str,
        filter: AgreementFilter,
        page: u32,
        per_page: u32,
    ) -> Result<AgreementList> {
        let compact = self.compact(slug).await?;
        if !acting.viewer.may_read_funding(compact.id()) {
            return Err(Refusal::NotAllowed.into());
        }
        let per_page = per_page.clamp(1, 200);
        let page = page.max(1);
        let offset = i64::from(page - 1) * i64::from(per_page);
        let (summaries, total) = self
            .store
            .agreements_page(compact.id(), filter, i64::from(per_page), offset)
            .await?;
        let ids: Vec<AgreementId> = summaries.iter().map(|s| s.id).collect();
        let (findings, _) = self
            .findings_where(&compact, acting, |f| {
                ids.iter().any(|&a| about_agreement(f, a))
            })
            .await?;
        let rows = summaries
            .into_iter()
            .map(|s| {
                let mut counts = [0usize; 3];
                for f in findings.iter().filter(|f| about_agreement(f, s.id)) {
                    counts[crate::findings::severity_index(f.severity)] += 1;
                }
                (s, counts)
            })
            .collect();
        let funders = self.store.agreement_funders(compact.id()).await?;
        let pages = (total.max(1) as u64).div_ceil(u64::from(per_page)) as u32;
        Ok(AgreementList {
            may_create: acting.viewer.may_record_any_funding(compact.id()),
            compact,
            rows,
            total,
            page,
            pages,
            funders,
        })
    }

    /// The agreement `id` of `slug`, with its parties and findings.
    pub async fn agreement_view(
        &self,
        acting: &Acting,
        slug: &str,
        id: AgreementId,
    ) -> Result<AgreementView> {
        let compact = self.compact(slug).await?;
        if !acting.viewer.may_read_funding(compact.id()) {
            return Err(Refusal::NotAllowed.into());
        }
        let agreement = self.stored_agreement(&compact, id).await?;
        let parties = self
            .store
            .organisations_named(compact.id(), &[agreement.funder, agreement.recipient])
            .await?;
        let party = |o| parties.iter().find(|p| p.id == o).cloned();
        let (findings, as_of) = self
            .findings_where(&compact, acting, |f| about_agreement(f, id))
            .await?;
        Ok(AgreementView {
            funder: party(agreement.funder),
            recipient: party(agreement.recipient),
            may_record: acting
                .viewer
                .may_record_funding(compact.id(), agreement.funder),
            compact,
            agreement,
            findings,
            as_of,
        })
    }

    /// The change `change` of agreement `id`, with its task list on today.
    pub async fn change_view(
        &self,
        acting: &Acting,
        slug: &str,
        id: AgreementId,
        change: FundingChangeId,
    ) -> Result<ChangeView> {
        let agreement = self.agreement_view(acting, slug, id).await?;
        let found = agreement
            .agreement
            .changes
            .iter()
            .find(|c| c.id == change)
            .cloned()
            .ok_or(Refusal::NotFound(Missing::FundingChange))?;
        let compact = agreement.compact.id();
        let consultation = match found.consultation {
            Some(k) => self.store.consultation_record(compact, k).await?,
            None => None,
        };
        let definition = &agreement.compact.definition;
        let tasks = reduction_tasks(
            definition.standards.reduction.as_ref(),
            &found,
            consultation.as_ref(),
            self.clock.today(),
        );
        let participants = match &found.impact_assessment {
            Some(ia) => {
                self.store
                    .organisations_named(compact, &ia.participants)
                    .await?
            }
            None => Vec::new(),
        };
        let findings = agreement
            .findings
            .iter()
            .filter(|f| f.subject.record == RecordRef::FundingChange(change))
            .cloned()
            .collect();
        Ok(ChangeView {
            considered: characteristics_considered(&definition.protected_characteristics),
            agreement,
            change: found,
            tasks,
            consultation,
            participants,
            findings,
        })
    }
}
