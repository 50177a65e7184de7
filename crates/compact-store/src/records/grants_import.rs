//! Saving the agreements of a 360Giving file (planned by
//! `compact_core::giving360::import`): organisations found or entered,
//! agreements found by their grant identifier and created or brought up to
//! date, all in one transaction with one audit entry, or, in a dry run,
//! counted and undone.

use super::insert_organisation;
use crate::audit::{actions, Actor, AuditConnection, NewEntry};
use crate::error::Result;
use crate::migrate::now;
use crate::write::WritePool;
use crate::{with_pool, Store};
use chrono::NaiveDate as Date;
use compact_core::giving360::import::{OrganisationRef, PlannedAgreement};
use compact_core::model::Organisation;
use compact_core::{CompactId, OrganisationId};
use std::collections::HashMap;

/// What an import of grants did, or in a dry run would do.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct GrantsImportSummary {
    pub dry_run: bool,
    pub organisations_found: usize,
    pub organisations_created: usize,
    pub agreements_created: usize,
    pub agreements_updated: usize,
    pub agreements_unchanged: usize,
}

/// An agreement's title, purpose, amount, start, end, funder and
/// recipient: what an import compares.
type Terms = (String, String, i64, Date, Date, i64, i64);

#[derive(sqlx::FromRow)]
struct StoredAgreement {
    id: i64,
    title: String,
    purpose: String,
    amount_pence: i64,
    starts_on: Date,
    ends_on: Date,
    funder_id: i64,
    recipient_id: i64,
}

impl StoredAgreement {
    fn terms(self) -> Terms {
        (
            self.title,
            self.purpose,
            self.amount_pence,
            self.starts_on,
            self.ends_on,
            self.funder_id,
            self.recipient_id,
        )
    }
}

impl Store {
    /// Save `planned` in `compact` (see the module documentation).
    pub async fn import_grants(
        &self,
        compact: CompactId,
        planned: &[PlannedAgreement],
        actor: &Actor,
        dry_run: bool,
    ) -> Result<GrantsImportSummary> {
        let c = compact.0;
        let mut summary = GrantsImportSummary {
            dry_run,
            ..Default::default()
        };
        with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let mut found: HashMap<&OrganisationRef, i64> = HashMap::new();
            let created_at = now();
            for r in planned.iter().flat_map(|p| [&p.funder, &p.recipient]) {
                if found.contains_key(r) {
                    continue;
                }
                let mut id: Option<i64> = None;
                if let Some(own) = r.own {
                    id = sqlx::query_scalar("SELECT id FROM organisations WHERE id = $1 AND compact_id = $2")
                        .bind(own.0).bind(c).fetch_optional(&mut *tx).await?;
                }
                if id.is_none() {
                    if let Some(n) = &r.charity_number {
                        id = sqlx::query_scalar(
                            "SELECT id FROM organisations WHERE compact_id = $1 AND charity_number = $2 ORDER BY id LIMIT 1",
                        )
                        .bind(c).bind(n.as_str()).fetch_optional(&mut *tx).await?;
                    }
                }
                if id.is_none() {
                    if let Some(n) = &r.company_number {
                        id = sqlx::query_scalar(
                            "SELECT id FROM organisations WHERE compact_id = $1 AND company_number = $2 ORDER BY id LIMIT 1",
                        )
                        .bind(c).bind(n.as_str()).fetch_optional(&mut *tx).await?;
                    }
                }
                if id.is_none() {
                    id = sqlx::query_scalar(
                        "SELECT id FROM organisations WHERE compact_id = $1 AND lower(name) = lower($2) ORDER BY id LIMIT 1",
                    )
                    .bind(c).bind(&r.name).fetch_optional(&mut *tx).await?;
                }
                let id = match id {
                    Some(id) => {
                        summary.organisations_found += 1;
                        id
                    }
                    None => {
                        summary.organisations_created += 1;
                        let o = Organisation {
                            id: OrganisationId(0),
                            name: r.name.clone(),
                            kind: r.kind_if_new,
                            charity_number: r.charity_number.clone(),
                            company_number: r.company_number.clone(),
                            postcode: r.postcode.clone(),
                            address: None,
                            website: None,
                            email: None,
                            areas_of_work: Vec::new(),
                            active: true,
                        };
                        insert_organisation!(tx, c, &o, created_at)
                    }
                };
                found.insert(r, id);
            }
            for p in planned {
                let funder = found[&p.funder];
                let recipient = found[&p.recipient];
                let stored: Option<StoredAgreement> = sqlx::query_as(
                    "SELECT id, title, purpose, amount_pence, starts_on, ends_on, funder_id, recipient_id \
                     FROM agreements WHERE compact_id = $1 AND grant_id = $2",
                )
                .bind(c).bind(&p.grant_id).fetch_optional(&mut *tx).await?;
                let wanted: Terms = (
                    p.title.clone(), p.purpose.clone(), p.amount.0, p.starts_on, p.ends_on, funder, recipient,
                );
                match stored {
                    None => {
                        sqlx::query(
                            "INSERT INTO agreements (compact_id, title, funder_id, recipient_id, kind, amount_pence, \
                             starts_on, ends_on, purpose, grant_id) VALUES ($1, $2, $3, $4, 'grant', $5, $6, $7, $8, $9)",
                        )
                        .bind(c).bind(&p.title).bind(funder).bind(recipient).bind(p.amount.0)
                        .bind(p.starts_on).bind(p.ends_on).bind(&p.purpose).bind(&p.grant_id)
                        .execute(&mut *tx).await?;
                        summary.agreements_created += 1;
                    }
                    Some(a) => {
                        let id = a.id;
                        if a.terms() == wanted {
                            summary.agreements_unchanged += 1;
                        } else {
                            sqlx::query(
                                "UPDATE agreements SET title = $2, purpose = $3, amount_pence = $4, starts_on = $5, \
                                 ends_on = $6, funder_id = $7, recipient_id = $8 WHERE id = $1",
                            )
                            .bind(id).bind(&p.title).bind(&p.purpose).bind(p.amount.0)
                            .bind(p.starts_on).bind(p.ends_on).bind(funder).bind(recipient)
                            .execute(&mut *tx).await?;
                            summary.agreements_updated += 1;
                        }
                    }
                }
            }
            let changed = summary.organisations_created + summary.agreements_created + summary.agreements_updated > 0;
            if dry_run || !changed {
                tx.rollback().await?;
                return Ok(summary);
            }
            tx.append_audit(NewEntry {
                compact: Some(compact),
                actor,
                action: actions::GRANTS_IMPORT,
                subject: format!("compact:{c}"),
                before: None,
                after: Some(serde_json::to_value(&summary).unwrap_or_default()),
            })
            .await?;
            tx.commit().await?;
            Ok(summary)
        })
    }
}
