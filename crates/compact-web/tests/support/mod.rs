//! The scenario the page and API tests share: Blackpool's Compact with
//! records that give both a public and a confidential finding.

use compact_core::calendar::today_in_london;
use compact_core::definition::{parse, shipped, DisputeEventKind, OrganisationKind};
use compact_core::model::Records;
use compact_core::rules::check;
use compact_core::rules::fixtures::{date, dispute, event, organisation};
use compact_core::{CompactId, OrganisationId};
use compact_store::{Actor, Store};

pub mod api;
pub mod web;

/// The title of the dispute whose finding is confidential.
pub const DISPUTE: &str = "Grant conditions changed without talking to us";
/// The label of the public finding: no annual review recorded.
pub const PUBLIC: &str = "annual review";

/// Blackpool's Compact as stored, and its three organisations' ids.
pub struct Blackpool {
    pub compact: CompactId,
    pub council: OrganisationId,
    pub charity: OrganisationId,
    pub bystander: OrganisationId,
}

/// Store Blackpool's Compact with a council, a food bank (the two parties
/// to a dispute) and a residents' association (a bystander). The dispute
/// was referred to the Compact Group, which never met the parties: a
/// confidential finding. No annual review is recorded either, which anyone
/// may read about.
pub async fn blackpool(store: &Store) -> Blackpool {
    let system = Actor::system("test");
    let source = shipped("blackpool").unwrap();
    let compact = store
        .create_compact("blackpool", "Compact for Blackpool", source, &system)
        .await
        .unwrap();
    let records = Records {
        organisations: vec![
            organisation(1, "Blackpool Council", OrganisationKind::LocalAuthority),
            organisation(2, "Seaside Food Bank", OrganisationKind::Charity),
            organisation(
                3,
                "Promenade Residents",
                OrganisationKind::ResidentsAssociation,
            ),
        ],
        disputes: vec![dispute(
            1,
            DISPUTE,
            date(2025, 2, 3),
            vec![
                event(1, "informal", DisputeEventKind::Raised, date(2025, 2, 3)),
                event(
                    2,
                    "compact-group",
                    DisputeEventKind::StageEntered,
                    date(2025, 3, 3),
                ),
            ],
        )],
        ..Records::default()
    };
    let definition = parse("blackpool.toml", source).unwrap();
    let findings = check(&definition, &records, today_in_london());
    assert!(
        findings.iter().any(|f| f.confidential),
        "a confidential finding"
    );
    assert!(
        findings
            .iter()
            .any(|f| !f.confidential && f.subject.label.contains(PUBLIC)),
        "a public finding: {findings:#?}"
    );
    let saved = store
        .save_records(compact, &records, &system)
        .await
        .unwrap();
    let org = |id| saved.organisations[&OrganisationId(id)];
    Blackpool {
        compact,
        council: org(1),
        charity: org(2),
        bystander: org(3),
    }
}
