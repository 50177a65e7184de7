//! Reading a Compact's agreements a batch at a time, for open-data exports
//! that must not hold them all in memory.

use super::load::{organisation, OrganisationRow};
use super::parse_enum;
use crate::error::Result;
use crate::{with_pool, Store};
use chrono::NaiveDate as Date;
use compact_core::model::{AgreementKind, Organisation};
use compact_core::{AgreementId, CompactId, OrganisationId, Pence};
use std::collections::HashMap;

/// What an export says about one agreement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedAgreement {
    pub id: AgreementId,
    pub title: String,
    /// What the money is for ('' when not recorded).
    pub purpose: String,
    /// Its 360Giving identifier, when it came from a funder's file.
    pub grant_id: Option<String>,
    pub kind: AgreementKind,
    pub amount: Pence,
    pub starts_on: Date,
    pub ends_on: Date,
    pub funder: OrganisationId,
    pub recipient: OrganisationId,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    title: String,
    purpose: String,
    grant_id: Option<String>,
    kind: String,
    amount_pence: i64,
    starts_on: Date,
    ends_on: Date,
    funder_id: i64,
    recipient_id: i64,
}

impl Store {
    /// Up to `limit` of `compact`'s agreements numbered after `after`, in
    /// number order, and the organisations they name that `known` does not
    /// hold yet (a funder gives many grants: it is read once).
    pub async fn agreements_for_export(
        &self,
        compact: CompactId,
        after: AgreementId,
        limit: u32,
        known: &HashMap<OrganisationId, Organisation>,
    ) -> Result<(Vec<ExportedAgreement>, Vec<Organisation>)> {
        let rows: Vec<Row> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, title, purpose, grant_id, kind, amount_pence, starts_on, ends_on, funder_id, recipient_id \
                 FROM agreements WHERE compact_id = $1 AND id > $2 ORDER BY id LIMIT $3",
            )
            .bind(compact.0).bind(after.0).bind(i64::from(limit))
            .fetch_all(pool).await?
        });
        let mut wanted: Vec<i64> = rows
            .iter()
            .flat_map(|r| [r.funder_id, r.recipient_id])
            .filter(|id| !known.contains_key(&OrganisationId(*id)))
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        let organisations: Vec<OrganisationRow> = if wanted.is_empty() {
            Vec::new()
        } else {
            with_pool!(self, pool => {
                let mut query = sqlx::QueryBuilder::new(
                    "SELECT id, name, kind, charity_number, company_number, postcode, address, website, \
                     email, areas_of_work, active FROM organisations WHERE id IN (",
                );
                let mut ids = query.separated(", ");
                for id in &wanted {
                    ids.push_bind(*id);
                }
                ids.push_unseparated(")");
                query.build_query_as().fetch_all(pool).await?
            })
        };
        let agreements = rows
            .into_iter()
            .map(|r| {
                Ok(ExportedAgreement {
                    id: AgreementId(r.id),
                    title: r.title,
                    purpose: r.purpose,
                    grant_id: r.grant_id,
                    kind: parse_enum("agreements", "kind", &r.kind)?,
                    amount: Pence(r.amount_pence),
                    starts_on: r.starts_on,
                    ends_on: r.ends_on,
                    funder: OrganisationId(r.funder_id),
                    recipient: OrganisationId(r.recipient_id),
                })
            })
            .collect::<Result<_>>()?;
        let organisations = organisations
            .into_iter()
            .map(organisation)
            .collect::<Result<_>>()?;
        Ok((agreements, organisations))
    }
}
