//! What an organisation's page shows beyond its register entry: the
//! consultations it leads and the funding it gives or receives in one
//! Compact, read for that organisation alone.

use crate::error::Result;
use crate::{with_pool, Store};
use compact_core::{AgreementId, CompactId, Date, OrganisationId, Pence};

/// A consultation an organisation leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedConsultation {
    pub id: compact_core::ConsultationId,
    pub title: String,
    pub opened_on: Date,
    pub closes_on: Date,
}

/// A funding agreement an organisation is party to, with the other
/// party's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FundingOf {
    /// The agreement, for a link to its page.
    pub id: AgreementId,
    pub title: String,
    /// Whether the organisation gives the funding (or receives it).
    pub gives: bool,
    pub other: OrganisationId,
    pub other_name: String,
    pub amount: Pence,
    pub starts_on: Date,
    pub ends_on: Date,
}

impl Store {
    /// The published consultations of `compact` that `organisation` leads,
    /// in the order they were recorded (drafts are private).
    pub async fn consultations_led_by(
        &self,
        compact: CompactId,
        organisation: OrganisationId,
    ) -> Result<Vec<LedConsultation>> {
        let rows: Vec<(i64, String, Date, Date)> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, title, opened_on, closes_on FROM consultations \
                 WHERE compact_id = $1 AND lead_id = $2 AND status = 'published' ORDER BY id LIMIT 500",
            )
            .bind(compact.0)
            .bind(organisation.0)
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|(id, title, opened_on, closes_on)| LedConsultation {
                id: compact_core::ConsultationId(id),
                title,
                opened_on,
                closes_on,
            })
            .collect())
    }

    /// The funding agreements of `compact` that `organisation` gives or
    /// receives, in the order they were recorded.
    pub async fn funding_of(
        &self,
        compact: CompactId,
        organisation: OrganisationId,
    ) -> Result<Vec<FundingOf>> {
        type Row = (
            String,
            i64,
            i64,
            Option<String>,
            Option<String>,
            i64,
            Date,
            Date,
            i64,
        );
        let rows: Vec<Row> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT a.title, a.funder_id, a.recipient_id, f.name, r.name, a.amount_pence, a.starts_on, a.ends_on, a.id \
                 FROM agreements a \
                 LEFT JOIN organisations f ON f.id = a.funder_id \
                 LEFT JOIN organisations r ON r.id = a.recipient_id \
                 WHERE a.compact_id = $1 AND (a.funder_id = $2 OR a.recipient_id = $2) ORDER BY a.id",
            )
            .bind(compact.0)
            .bind(organisation.0)
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(
                |(
                    title,
                    funder,
                    recipient,
                    funder_name,
                    recipient_name,
                    amount,
                    starts_on,
                    ends_on,
                    id,
                )| {
                    let gives = funder == organisation.0;
                    let (other, other_name) = if gives {
                        (recipient, recipient_name)
                    } else {
                        (funder, funder_name)
                    };
                    FundingOf {
                        id: AgreementId(id),
                        title,
                        gives,
                        other: OrganisationId(other),
                        other_name: other_name.unwrap_or_default(),
                        amount: Pence(amount),
                        starts_on,
                        ends_on,
                    }
                },
            )
            .collect())
    }
}
