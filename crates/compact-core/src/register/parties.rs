//! Whom findings are about, for many findings at once.

use crate::ids::{AgreementId, ConsultationId, DisputeId, OrganisationId, SignatoryId};
use crate::model::Records;
use crate::rules::{Finding, RecordRef};
use std::collections::HashMap;

/// The organisations behind the records findings point at, read once from
/// the records, so the findings can be kept without the records: which
/// organisations a finding is about (as [`super::finding_concerns`] decides)
/// and who the parties to a dispute are (for who may see it).
#[derive(Debug, Clone, Default)]
pub struct FindingParties {
    signatories: HashMap<SignatoryId, OrganisationId>,
    consultations: HashMap<ConsultationId, OrganisationId>,
    agreements: HashMap<AgreementId, (OrganisationId, OrganisationId)>,
    disputes: HashMap<DisputeId, (OrganisationId, OrganisationId)>,
}

impl FindingParties {
    pub fn new(records: &Records) -> FindingParties {
        FindingParties {
            signatories: records
                .signatories
                .iter()
                .map(|s| (s.id, s.organisation))
                .collect(),
            consultations: records
                .consultations
                .iter()
                .map(|k| (k.id, k.lead))
                .collect(),
            agreements: records
                .agreements
                .iter()
                .map(|a| (a.id, (a.funder, a.recipient)))
                .collect(),
            disputes: records
                .disputes
                .iter()
                .map(|d| (d.id, (d.raised_by, d.against)))
                .collect(),
        }
    }

    /// The dispute's parties: (raised by, against).
    pub fn dispute(&self, id: DisputeId) -> Option<(OrganisationId, OrganisationId)> {
        self.disputes.get(&id).copied()
    }

    /// Every organisation `finding` is about, once each.
    pub fn of(&self, finding: &Finding) -> Vec<OrganisationId> {
        let mut found = Vec::new();
        let records = std::iter::once(&finding.subject.record)
            .chain(finding.context.as_ref().map(|c| &c.record));
        for record in records {
            let pair = |(a, b): (OrganisationId, OrganisationId)| [Some(a), Some(b)];
            let organisations = match record {
                RecordRef::Signatory(id) => [self.signatories.get(id).copied(), None],
                RecordRef::Consultation(id) => [self.consultations.get(id).copied(), None],
                RecordRef::Agreement(id) => {
                    self.agreements.get(id).copied().map_or([None; 2], pair)
                }
                RecordRef::Dispute(id) => self.disputes.get(id).copied().map_or([None; 2], pair),
                _ => [None; 2],
            };
            for o in organisations.into_iter().flatten() {
                if !found.contains(&o) {
                    found.push(o);
                }
            }
        }
        found
    }
}
