//! Loading every record of one Compact, for the rules engine and reports.

use super::funding_rows::*;
use super::parse_enum;
use crate::error::{Result, StoreError};
use crate::{with_pool, Store};
use chrono::NaiveDate as Date;
use compact_core::definition::OrganisationKind;
use compact_core::model::*;
use compact_core::*;
use std::collections::HashMap;

#[derive(sqlx::FromRow)]
pub(crate) struct OrganisationRow {
    id: i64,
    name: String,
    kind: String,
    charity_number: Option<String>,
    company_number: Option<String>,
    postcode: Option<String>,
    address: Option<String>,
    website: Option<String>,
    email: Option<String>,
    areas_of_work: String,
    active: bool,
}

#[derive(sqlx::FromRow)]
pub(crate) struct SignatoryRow {
    id: i64,
    organisation_id: i64,
    signed_on: Date,
    signed_by: String,
    edition: String,
    withdrawn_on: Option<Date>,
    withdrawal_reason: Option<String>,
    champion_name: Option<String>,
    champion_role: Option<String>,
    champion_contact: Option<String>,
    champion_appointed_on: Option<Date>,
    champion_trained_on: Option<Date>,
}

#[derive(sqlx::FromRow)]
struct ConsultationRow {
    id: i64,
    title: String,
    lead_id: i64,
    opened_on: Date,
    closes_on: Date,
    shorter_period_reason: Option<String>,
    criteria_published_on: Option<Date>,
    feedback_published_on: Option<Date>,
}

#[derive(sqlx::FromRow)]
struct DisputeRow {
    id: i64,
    title: String,
    raised_by_id: i64,
    against_id: i64,
    raised_on: Date,
    summary: String,
}

#[derive(sqlx::FromRow)]
struct EventRow {
    id: i64,
    dispute_id: i64,
    stage: String,
    kind: String,
    happened_on: Date,
    note: String,
}

#[derive(sqlx::FromRow)]
struct SeatRow {
    id: i64,
    body: String,
    constituency: String,
    holder: String,
    organisation_id: Option<i64>,
    roles: String,
    held_from: Date,
    held_until: Option<Date>,
}

#[derive(sqlx::FromRow)]
struct ReviewRow {
    id: i64,
    review_year: i32,
    completed_on: Date,
    report_published_on: Option<Date>,
    meeting_held_on: Option<Date>,
}

#[derive(sqlx::FromRow)]
struct MilestoneRow {
    id: i64,
    review_id: Option<i64>,
    area: String,
    title: String,
    due_on: Date,
    done_on: Option<Date>,
}

/// Rows of every table of one Compact, as read in one snapshot.
#[derive(Default)]
struct Rows {
    organisations: Vec<OrganisationRow>,
    signatories: Vec<SignatoryRow>,
    consultations: Vec<ConsultationRow>,
    funding: FundingRows,
    disputes: Vec<DisputeRow>,
    events: Vec<EventRow>,
    seats: Vec<SeatRow>,
    reviews: Vec<ReviewRow>,
    milestones: Vec<MilestoneRow>,
}

fn split_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

impl Store {
    /// Every record of the Compact `compact`, read in one transaction so the
    /// rules engine sees a consistent picture.
    pub async fn load_records(&self, compact: CompactId) -> Result<Records> {
        let c = compact.0;
        let rows = with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            macro_rules! all {
                ($sql:literal) => {
                    sqlx::query_as(concat!($sql, " WHERE compact_id = $1 ORDER BY id")).bind(c).fetch_all(&mut *tx).await?
                };
                ($sql:expr) => {
                    sqlx::query_as(&format!("{} WHERE compact_id = $1 ORDER BY id", $sql)).bind(c).fetch_all(&mut *tx).await?
                };
            }
            let rows = Rows {
                // An organisation belongs to its home register and to every
                // Compact it has signed up to.
                organisations: sqlx::query_as(ORGANISATIONS_OF_COMPACT).bind(c).fetch_all(&mut *tx).await?,
                signatories: sqlx::query_as(SIGNATORIES_OF_COMPACT).bind(c).fetch_all(&mut *tx).await?,
                // Drafts are no one's commitment yet: the engine judges
                // only published consultations.
                consultations: sqlx::query_as("SELECT id, title, lead_id, opened_on, closes_on, shorter_period_reason, \
                    criteria_published_on, feedback_published_on FROM consultations \
                    WHERE compact_id = $1 AND status = 'published' ORDER BY id")
                    .bind(c).fetch_all(&mut *tx).await?,
                funding: FundingRows {
                    agreements: all!(format!("SELECT {AGREEMENT_COLUMNS} FROM agreements")),
                    payments: all!(format!("SELECT {PAYMENT_COLUMNS} FROM payments")),
                    changes: all!(format!("SELECT {CHANGE_COLUMNS} FROM funding_changes")),
                    steps: all!(format!("SELECT {STEP_COLUMNS} FROM reduction_steps")),
                    entries: all!(format!("SELECT {ENTRY_COLUMNS} FROM impact_entries")),
                    participants: all!(format!("SELECT {PARTICIPANT_COLUMNS} FROM impact_participants")),
                },
                disputes: all!("SELECT id, title, raised_by_id, against_id, raised_on, summary FROM disputes"),
                events: all!("SELECT id, dispute_id, stage, kind, happened_on, note FROM dispute_events"),
                seats: all!("SELECT id, body, constituency, holder, organisation_id, roles, held_from, held_until FROM seats"),
                reviews: all!("SELECT id, review_year, completed_on, report_published_on, meeting_held_on FROM reviews"),
                milestones: all!("SELECT id, review_id, area, title, due_on, done_on FROM milestones"),
            };
            tx.commit().await?;
            rows
        });
        assemble(rows)
    }
}

impl Store {
    /// The register of `compact`: its organisations (those entered in it
    /// and those signed up to it from elsewhere) and every sign-up, without
    /// the rest of the records.
    pub async fn load_register(&self, compact: CompactId) -> Result<Records> {
        let c = compact.0;
        let rows = with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let rows = Rows {
                organisations: sqlx::query_as(ORGANISATIONS_OF_COMPACT).bind(c).fetch_all(&mut *tx).await?,
                signatories: sqlx::query_as(SIGNATORIES_OF_COMPACT).bind(c).fetch_all(&mut *tx).await?,
                ..Rows::default()
            };
            tx.commit().await?;
            rows
        });
        assemble(rows)
    }

    /// One organisation of the register of `compact` with its sign-ups to
    /// it (and no other records), and the Compact whose register it was
    /// entered in; `None` when it is not in this register. What a use case
    /// about one organisation needs, read in one transaction.
    pub async fn organisation_in_register(
        &self,
        compact: CompactId,
        organisation: OrganisationId,
    ) -> Result<Option<(Records, CompactId)>> {
        let (c, o) = (compact.0, organisation.0);
        let found = with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let home: Option<i64> = sqlx::query_scalar(
                "SELECT compact_id FROM organisations WHERE id = $2 AND (compact_id = $1 \
                 OR EXISTS (SELECT 1 FROM signatories WHERE compact_id = $1 AND organisation_id = $2))",
            )
            .bind(c).bind(o)
            .fetch_optional(&mut *tx).await?;
            let found = match home {
                None => None,
                Some(home) => Some((Rows {
                    organisations: sqlx::query_as(ORGANISATION_BY_ID).bind(o).fetch_all(&mut *tx).await?,
                    signatories: sqlx::query_as(SIGNATORIES_OF_ORGANISATION).bind(c).bind(o).fetch_all(&mut *tx).await?,
                    ..Rows::default()
                }, home)),
            };
            tx.commit().await?;
            found
        });
        found
            .map(|(rows, home)| Ok((assemble(rows)?, CompactId(home))))
            .transpose()
    }

    /// The organisation whose sign-up to `compact` is `signatory`.
    pub async fn organisation_of_sign_up(
        &self,
        compact: CompactId,
        signatory: SignatoryId,
    ) -> Result<Option<OrganisationId>> {
        let id: Option<i64> = with_pool!(self, pool => {
            sqlx::query_scalar("SELECT organisation_id FROM signatories WHERE compact_id = $1 AND id = $2")
                .bind(compact.0)
                .bind(signatory.0)
                .fetch_optional(pool)
                .await?
        });
        Ok(id.map(OrganisationId))
    }

    /// Every sign-up of `organisation`, to any Compact of the database, as
    /// (Compact slug, Compact name, signed on, withdrawn on), oldest first.
    pub async fn signups_of(
        &self,
        organisation: OrganisationId,
    ) -> Result<Vec<(String, String, Date, Option<Date>)>> {
        Ok(with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT c.slug, c.name, s.signed_on, s.withdrawn_on FROM signatories s \
                 JOIN compacts c ON c.id = s.compact_id WHERE s.organisation_id = $1 ORDER BY s.signed_on, s.id",
            )
            .bind(organisation.0)
            .fetch_all(pool)
            .await?
        }))
    }
}

const ORGANISATIONS_OF_COMPACT: &str =
    "SELECT id, name, kind, charity_number, company_number, postcode, address, website, email, areas_of_work, active \
     FROM organisations WHERE compact_id = $1 \
     OR id IN (SELECT organisation_id FROM signatories WHERE compact_id = $1) ORDER BY id";

const ORGANISATION_BY_ID: &str =
    "SELECT id, name, kind, charity_number, company_number, postcode, address, website, email, areas_of_work, active \
     FROM organisations WHERE id = $1";

const SIGNATORIES_OF_ORGANISATION: &str =
    "SELECT id, organisation_id, signed_on, signed_by, edition, withdrawn_on, withdrawal_reason, champion_name, \
     champion_role, champion_contact, champion_appointed_on, champion_trained_on FROM signatories \
     WHERE compact_id = $1 AND organisation_id = $2 ORDER BY id";

const SIGNATORIES_OF_COMPACT: &str =
    "SELECT id, organisation_id, signed_on, signed_by, edition, withdrawn_on, withdrawal_reason, champion_name, \
     champion_role, champion_contact, champion_appointed_on, champion_trained_on FROM signatories \
     WHERE compact_id = $1 ORDER BY id";

/// A stored identifier read back into its type. It was checked when it was
/// saved, so a value that no longer reads was changed behind our back.
fn identifier<T>(value: Option<String>, column: &'static str) -> Result<Option<T>>
where
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    value
        .map(|v| {
            v.parse().map_err(|e: T::Err| StoreError::Corrupt {
                table: "organisations",
                column,
                value: v.clone(),
                reason: e.to_string(),
            })
        })
        .transpose()
}

/// An organisation's row read back into the core's type.
pub(crate) fn organisation(o: OrganisationRow) -> Result<Organisation> {
    let kind = OrganisationKind::parse(&o.kind).ok_or_else(|| StoreError::Corrupt {
        table: "organisations",
        column: "kind",
        value: o.kind.clone(),
        reason: "not a known kind of organisation".into(),
    })?;
    Ok(Organisation {
        id: OrganisationId(o.id),
        name: o.name,
        kind,
        charity_number: identifier(o.charity_number, "charity_number")?,
        company_number: identifier(o.company_number, "company_number")?,
        postcode: identifier(o.postcode, "postcode")?,
        address: o.address,
        website: o.website,
        email: o.email,
        areas_of_work: serde_json::from_str(&o.areas_of_work).map_err(|e| StoreError::Corrupt {
            table: "organisations",
            column: "areas_of_work",
            value: o.areas_of_work.clone(),
            reason: format!("not a JSON list of phrases: {e}"),
        })?,
        active: o.active,
    })
}

/// A sign-up's row read back into the core's type.
pub(crate) fn signatory(s: SignatoryRow) -> Signatory {
    let champion = match (s.champion_name, s.champion_appointed_on) {
        (Some(name), Some(appointed_on)) => Some(Champion {
            name,
            role: s.champion_role.unwrap_or_default(),
            contact: s.champion_contact.unwrap_or_default(),
            appointed_on,
            trained_on: s.champion_trained_on,
        }),
        _ => None,
    };
    Signatory {
        id: SignatoryId(s.id),
        organisation: OrganisationId(s.organisation_id),
        signed_on: s.signed_on,
        signed_by: s.signed_by,
        edition: s.edition,
        withdrawn_on: s.withdrawn_on,
        withdrawal_reason: s.withdrawal_reason,
        champion,
    }
}

fn assemble(rows: Rows) -> Result<Records> {
    let mut records = Records::default();
    for o in rows.organisations {
        records.organisations.push(organisation(o)?);
    }
    for s in rows.signatories {
        records.signatories.push(signatory(s));
    }
    for k in rows.consultations {
        records.consultations.push(Consultation {
            id: ConsultationId(k.id),
            title: k.title,
            lead: OrganisationId(k.lead_id),
            opened_on: k.opened_on,
            closes_on: k.closes_on,
            shorter_period_reason: k.shorter_period_reason,
            criteria_published_on: k.criteria_published_on,
            feedback_published_on: k.feedback_published_on,
        });
    }
    records.agreements = assemble_agreements(rows.funding)?;
    let mut events: HashMap<i64, Vec<DisputeEvent>> = HashMap::new();
    for e in rows.events {
        events.entry(e.dispute_id).or_default().push(DisputeEvent {
            id: DisputeEventId(e.id),
            stage: e.stage,
            kind: parse_enum("dispute_events", "kind", &e.kind)?,
            on: e.happened_on,
            note: e.note,
        });
    }
    for d in rows.disputes {
        let mut case_events = events.remove(&d.id).unwrap_or_default();
        case_events.sort_by_key(|e| (e.on, e.id));
        records.disputes.push(DisputeCase {
            id: DisputeId(d.id),
            title: d.title,
            raised_by: OrganisationId(d.raised_by_id),
            against: OrganisationId(d.against_id),
            raised_on: d.raised_on,
            summary: d.summary,
            events: case_events,
        });
    }
    for s in rows.seats {
        records.seats.push(SeatHolding {
            id: SeatId(s.id),
            body: s.body,
            constituency: s.constituency,
            holder: s.holder,
            organisation: s.organisation_id.map(OrganisationId),
            roles: split_list(&s.roles),
            from: s.held_from,
            until: s.held_until,
        });
    }
    for r in rows.reviews {
        records.reviews.push(AnnualReview {
            id: ReviewId(r.id),
            year: r.review_year,
            completed_on: r.completed_on,
            report_published_on: r.report_published_on,
            meeting_held_on: r.meeting_held_on,
        });
    }
    for m in rows.milestones {
        records.milestones.push(Milestone {
            id: MilestoneId(m.id),
            review: m.review_id.map(ReviewId),
            area: m.area,
            title: m.title,
            due_on: m.due_on,
            done_on: m.done_on,
        });
    }
    Ok(records)
}

#[cfg(test)]
mod identifier_tests {
    use super::*;
    use compact_core::identifiers::Postcode;

    #[test]
    fn a_stored_identifier_that_no_longer_reads_is_reported_as_corrupt() {
        let good: Option<Postcode> = identifier(Some("sn15 1er".into()), "postcode").unwrap();
        assert_eq!(good.unwrap().as_str(), "SN15 1ER");
        assert_eq!(identifier::<Postcode>(None, "postcode").unwrap(), None);
        let bad = identifier::<Postcode>(Some("nowhere".into()), "postcode").unwrap_err();
        let message = bad.to_string();
        assert!(message.contains("organisations.postcode"), "{message}");
        assert!(message.contains("nowhere"), "{message}");
    }
}
