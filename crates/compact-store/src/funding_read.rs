//! What the funding pages read: a page of a Compact's agreements, one
//! agreement complete, the consultation a change names, and the
//! organisations that can be parties (the funders in use, or one
//! organisation found by what was typed). Each read is bounded (one page, one
//! agreement, a list of ids) and served by an index.

use crate::error::Result;
use crate::records::funding_rows::*;
use crate::{with_pool, Engine, Store};
use compact_core::definition::OrganisationKind;
use compact_core::funding::PartyLookup;
use compact_core::model::{AgreementKind, Consultation, FundingAgreement};
use compact_core::*;

/// Which agreements a list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgreementFilter {
    pub funder: Option<OrganisationId>,
    pub recipient: Option<OrganisationId>,
    /// Words the recipient's name or numbers must all contain, as the
    /// register's search compares them (see [`AgreementFilter::words`]).
    pub recipient_search: Option<String>,
}

/// The most words of a recipient search that count; a name longer than
/// this is found by its first words.
pub const MAX_SEARCH_WORDS: usize = 5;

impl AgreementFilter {
    /// The recipient search as the words compared with each recipient's
    /// search text (lower case, as the register's search folds them),
    /// padded with `None` to [`MAX_SEARCH_WORDS`].
    fn words(&self) -> [Option<String>; MAX_SEARCH_WORDS] {
        let mut words: [Option<String>; MAX_SEARCH_WORDS] = Default::default();
        let typed = self.recipient_search.as_deref().unwrap_or_default();
        for (slot, word) in words.iter_mut().zip(typed.split_whitespace()) {
            *slot = Some(word.to_lowercase());
        }
        words
    }
}

/// One row of the list of agreements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementSummary {
    pub id: AgreementId,
    pub title: String,
    pub funder: OrganisationId,
    pub funder_name: String,
    pub recipient: OrganisationId,
    pub recipient_name: String,
    pub kind: AgreementKind,
    pub amount: Pence,
    pub starts_on: Date,
    pub ends_on: Date,
    pub exit_strategy_agreed_on: Option<Date>,
    /// How many changes were recorded to it.
    pub changes: i64,
}

/// An organisation that can be a party to an agreement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FundingParty {
    pub id: OrganisationId,
    pub name: String,
    pub kind: OrganisationKind,
}

/// The most funders the list's filter offers; a register holds far fewer
/// public bodies, and the limit keeps the page bounded whatever it holds.
const MAX_PARTIES: i64 = 5_000;

type SummaryRow = (
    i64,
    String,
    i64,
    Option<String>,
    i64,
    Option<String>,
    String,
    i64,
    Date,
    Date,
    Option<Date>,
    i64,
);

/// The organisations of a Compact's register: entered in it, or signed up
/// to it from elsewhere.
pub(crate) const IN_REGISTER: &str =
    "(o.compact_id = $1 OR o.id IN (SELECT organisation_id FROM signatories WHERE compact_id = $1))";

impl Store {
    /// A page of the agreements of `compact` that match `filter`, newest
    /// first, and how many match in all.
    pub async fn agreements_page(
        &self,
        compact: CompactId,
        filter: AgreementFilter,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<AgreementSummary>, i64)> {
        let funder = filter.funder.map(|o| o.0);
        let recipient = filter.recipient.map(|o| o.0);
        let [w1, w2, w3, w4, w5] = filter.words();
        // Both engines have a "position of needle in haystack" function,
        // under different names; zero means absent. The recipient search
        // reads the recipients of this Compact's agreements, not the whole
        // register.
        let position = match self.engine() {
            Engine::Sqlite => "instr",
            Engine::Postgres => "strpos",
        };
        let matching = format!(
            "a.compact_id = $1 AND ($2 IS NULL OR a.funder_id = $2) AND ($3 IS NULL OR a.recipient_id = $3) \
             AND ($4 IS NULL OR {position}(r.search_text, $4) > 0) AND ($5 IS NULL OR {position}(r.search_text, $5) > 0) \
             AND ($6 IS NULL OR {position}(r.search_text, $6) > 0) AND ($7 IS NULL OR {position}(r.search_text, $7) > 0) \
             AND ($8 IS NULL OR {position}(r.search_text, $8) > 0)"
        );
        let (rows, total): (Vec<SummaryRow>, i64) = with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let rows = sqlx::query_as(&format!(
                "SELECT a.id, a.title, a.funder_id, f.name, a.recipient_id, r.name, a.kind, a.amount_pence, \
                 a.starts_on, a.ends_on, a.exit_strategy_agreed_on, \
                 (SELECT COUNT(*) FROM funding_changes c WHERE c.agreement_id = a.id) \
                 FROM agreements a \
                 LEFT JOIN organisations f ON f.id = a.funder_id \
                 LEFT JOIN organisations r ON r.id = a.recipient_id \
                 WHERE {matching} \
                 ORDER BY a.starts_on DESC, a.id DESC LIMIT $9 OFFSET $10",
            ))
            .bind(compact.0).bind(funder).bind(recipient)
            .bind(&w1).bind(&w2).bind(&w3).bind(&w4).bind(&w5)
            .bind(limit).bind(offset)
            .fetch_all(&mut *tx).await?;
            let total = sqlx::query_scalar(&format!(
                "SELECT COUNT(*) FROM agreements a LEFT JOIN organisations r ON r.id = a.recipient_id WHERE {matching}",
            ))
            .bind(compact.0).bind(funder).bind(recipient)
            .bind(&w1).bind(&w2).bind(&w3).bind(&w4).bind(&w5)
            .fetch_one(&mut *tx).await?;
            tx.commit().await?;
            (rows, total)
        });
        let summaries = rows
            .into_iter()
            .map(|r| {
                Ok(AgreementSummary {
                    id: AgreementId(r.0),
                    title: r.1,
                    funder: OrganisationId(r.2),
                    funder_name: r.3.unwrap_or_default(),
                    recipient: OrganisationId(r.4),
                    recipient_name: r.5.unwrap_or_default(),
                    kind: crate::records::parse_enum("agreements", "kind", &r.6)?,
                    amount: Pence(r.7),
                    starts_on: r.8,
                    ends_on: r.9,
                    exit_strategy_agreed_on: r.10,
                    changes: r.11,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((summaries, total))
    }

    /// One agreement of `compact`, with its payments, changes, steps and
    /// impact assessments, read in one snapshot.
    pub async fn agreement(
        &self,
        compact: CompactId,
        id: AgreementId,
    ) -> Result<Option<FundingAgreement>> {
        let (c, a) = (compact.0, id.0);
        let rows = with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let of_changes = "change_id IN (SELECT id FROM funding_changes WHERE agreement_id = $2)";
            let rows = FundingRows {
                agreements: sqlx::query_as(&format!(
                    "SELECT {AGREEMENT_COLUMNS} FROM agreements WHERE compact_id = $1 AND id = $2"
                )).bind(c).bind(a).fetch_all(&mut *tx).await?,
                payments: sqlx::query_as(&format!(
                    "SELECT {PAYMENT_COLUMNS} FROM payments WHERE compact_id = $1 AND agreement_id = $2 ORDER BY due_on, id"
                )).bind(c).bind(a).fetch_all(&mut *tx).await?,
                changes: sqlx::query_as(&format!(
                    "SELECT {CHANGE_COLUMNS} FROM funding_changes WHERE compact_id = $1 AND agreement_id = $2 ORDER BY id"
                )).bind(c).bind(a).fetch_all(&mut *tx).await?,
                steps: sqlx::query_as(&format!(
                    "SELECT {STEP_COLUMNS} FROM reduction_steps WHERE compact_id = $1 AND {of_changes} ORDER BY id"
                )).bind(c).bind(a).fetch_all(&mut *tx).await?,
                entries: sqlx::query_as(&format!(
                    "SELECT {ENTRY_COLUMNS} FROM impact_entries WHERE compact_id = $1 AND {of_changes} ORDER BY id"
                )).bind(c).bind(a).fetch_all(&mut *tx).await?,
                participants: sqlx::query_as(&format!(
                    "SELECT {PARTICIPANT_COLUMNS} FROM impact_participants WHERE compact_id = $1 AND {of_changes} ORDER BY id"
                )).bind(c).bind(a).fetch_all(&mut *tx).await?,
            };
            tx.commit().await?;
            rows
        });
        Ok(assemble_agreements(rows)?.pop())
    }

    /// The consultation `id` of `compact` as the rules engine reads it, if
    /// there is one.
    pub async fn consultation_record(
        &self,
        compact: CompactId,
        id: ConsultationId,
    ) -> Result<Option<Consultation>> {
        type Row = (
            i64,
            String,
            i64,
            Date,
            Date,
            Option<String>,
            Option<Date>,
            Option<Date>,
        );
        let row: Option<Row> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, title, lead_id, opened_on, closes_on, shorter_period_reason, criteria_published_on, \
                 feedback_published_on FROM consultations WHERE compact_id = $1 AND id = $2",
            )
            .bind(compact.0).bind(id.0)
            .fetch_optional(pool).await?
        });
        Ok(row.map(|r| Consultation {
            id: ConsultationId(r.0),
            title: r.1,
            lead: OrganisationId(r.2),
            opened_on: r.3,
            closes_on: r.4,
            shorter_period_reason: r.5,
            criteria_published_on: r.6,
            feedback_published_on: r.7,
        }))
    }

    /// The organisations that fund at least one agreement of `compact`, by
    /// name: what the list of agreements can be filtered by. Read through
    /// the index on agreements by funder.
    pub async fn agreement_funders(&self, compact: CompactId) -> Result<Vec<FundingParty>> {
        let rows: Vec<(i64, String, String)> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT o.id, o.name, o.kind FROM organisations o \
                 WHERE o.id IN (SELECT DISTINCT a.funder_id FROM agreements a WHERE a.compact_id = $1) \
                 ORDER BY o.name, o.id LIMIT $2",
            )
            .bind(compact.0).bind(MAX_PARTIES)
            .fetch_all(pool).await?
        });
        Ok(parties(rows))
    }

    /// The organisations of the register of `compact` that `lookup` finds:
    /// at most two, which is enough to tell one from several. Each lookup
    /// is an equality on an indexed column, tried among the organisations
    /// entered here and then among those signed up from elsewhere.
    pub async fn organisations_by_lookup(
        &self,
        compact: CompactId,
        lookup: &PartyLookup,
    ) -> Result<Vec<FundingParty>> {
        let (column, value) = match lookup {
            PartyLookup::RegisterNumber(id) => {
                return self.organisations_named(compact, &[*id]).await
            }
            PartyLookup::CharityNumber(n) => ("charity_number", n.as_str()),
            PartyLookup::CompanyNumber(n) => ("company_number", n.as_str()),
            PartyLookup::Name(key) => ("name_key", key.as_str()),
        };
        let rows: Vec<(i64, String, String)> = with_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT o.id, o.name, o.kind FROM organisations o WHERE o.compact_id = $1 AND o.{column} = $2 \
                 UNION \
                 SELECT o.id, o.name, o.kind FROM organisations o JOIN signatories s ON s.organisation_id = o.id \
                 WHERE s.compact_id = $1 AND o.{column} = $2 \
                 ORDER BY 2, 1 LIMIT 2"
            ))
            .bind(compact.0).bind(value)
            .fetch_all(pool).await?
        });
        Ok(parties(rows))
    }

    /// Those of `ids` that are organisations of the register of `compact`.
    pub async fn organisations_named(
        &self,
        compact: CompactId,
        ids: &[OrganisationId],
    ) -> Result<Vec<FundingParty>> {
        let mut found = Vec::new();
        // A handful of ids at most (two parties, a few participants).
        for id in ids.iter().take(50) {
            let row: Option<(i64, String, String)> = with_pool!(self, pool => {
                sqlx::query_as(&format!(
                    "SELECT o.id, o.name, o.kind FROM organisations o WHERE o.id = $2 AND {IN_REGISTER}"
                ))
                .bind(compact.0).bind(id.0)
                .fetch_optional(pool).await?
            });
            found.extend(parties(row.into_iter().collect()));
        }
        Ok(found)
    }
}

fn parties(rows: Vec<(i64, String, String)>) -> Vec<FundingParty> {
    rows.into_iter()
        .filter_map(|(id, name, kind)| {
            Some(FundingParty {
                id: OrganisationId(id),
                name,
                kind: OrganisationKind::parse(&kind)?,
            })
        })
        .collect()
}
