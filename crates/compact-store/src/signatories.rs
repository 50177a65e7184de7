//! The register's changes: organisations entered, sign-ups requested,
//! approved or refused, champions appointed and withdrawals recorded.
//!
//! Each change is one transaction with its audit entry. Whether a sign-up
//! may be recorded is the core's decision ([`check_new_sign_up`]); the store
//! reads the organisation's sign-ups inside the same transaction so two
//! approvals cannot both pass the check.

use crate::audit::{actions, Actor, AuditConnection, NewEntry};
use crate::error::{Result, StoreError};
use crate::migrate::now;
use crate::records::{enum_text, insert_organisation};
use crate::write::WritePool;
use crate::{with_pool, Store};
use chrono::{DateTime, NaiveDate as Date, Utc};
use compact_core::model::{Champion, Organisation};
use compact_core::register::{check_new_sign_up, SignUp};
use compact_core::*;
use serde::Serialize;
use serde_json::json;

/// Where a sign-up request has got to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    Pending,
    Approved,
    Refused,
}

impl RequestStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Pending => "pending",
            RequestStatus::Approved => "approved",
            RequestStatus::Refused => "refused",
        }
    }
}

/// A member's request that their organisation sign up.
#[derive(Debug, Clone, PartialEq)]
pub struct SignupRequest {
    pub id: SignupRequestId,
    pub compact: CompactId,
    pub organisation: OrganisationId,
    pub organisation_name: String,
    pub requested_by: AccountId,
    pub requested_by_name: String,
    pub requested_at: DateTime<Utc>,
    pub sign_up: SignUp,
    /// The edition of the Compact the request agrees to.
    pub edition: String,
    pub status: RequestStatus,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_note: Option<String>,
    pub signatory: Option<SignatoryId>,
}

#[derive(sqlx::FromRow)]
struct RequestRow {
    id: i64,
    compact_id: i64,
    organisation_id: i64,
    organisation_name: String,
    requested_by: i64,
    requested_by_name: String,
    requested_at: DateTime<Utc>,
    signed_on: Date,
    signed_by: String,
    signer_role: String,
    edition: String,
    champion_name: String,
    champion_role: String,
    champion_contact: String,
    champion_trained_on: Option<Date>,
    status: String,
    decided_at: Option<DateTime<Utc>>,
    decision_note: Option<String>,
    signatory_id: Option<i64>,
}

const REQUEST_COLUMNS: &str = "r.id, r.compact_id, r.organisation_id, o.name AS organisation_name, r.requested_by, \
     a.name AS requested_by_name, r.requested_at, r.signed_on, r.signed_by, r.signer_role, r.edition, \
     r.champion_name, r.champion_role, r.champion_contact, r.champion_trained_on, r.status, r.decided_at, \
     r.decision_note, r.signatory_id \
     FROM signup_requests r JOIN organisations o ON o.id = r.organisation_id JOIN accounts a ON a.id = r.requested_by";

impl TryFrom<RequestRow> for SignupRequest {
    type Error = StoreError;

    fn try_from(r: RequestRow) -> Result<SignupRequest> {
        Ok(SignupRequest {
            id: SignupRequestId(r.id),
            compact: CompactId(r.compact_id),
            organisation: OrganisationId(r.organisation_id),
            organisation_name: r.organisation_name,
            requested_by: AccountId(r.requested_by),
            requested_by_name: r.requested_by_name,
            requested_at: r.requested_at,
            sign_up: SignUp {
                signed_on: r.signed_on,
                signed_by: r.signed_by,
                signer_role: r.signer_role,
                champion: Champion {
                    name: r.champion_name,
                    role: r.champion_role,
                    contact: r.champion_contact,
                    appointed_on: r.signed_on,
                    trained_on: r.champion_trained_on,
                },
            },
            edition: r.edition,
            status: crate::records::parse_enum("signup_requests", "status", &r.status)?,
            decided_at: r.decided_at,
            decision_note: r.decision_note,
            signatory: r.signatory_id.map(SignatoryId),
        })
    }
}

/// A sign-up's organisation and champion columns, as read before a change.
type ChampionRow = (
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<Date>,
    Option<Date>,
);

fn organisation_subject(id: OrganisationId) -> String {
    format!("organisation:{id}")
}

fn signatory_json(s: &SignUp, edition: &str) -> serde_json::Value {
    json!({
        "signed_on": s.signed_on,
        "signed_by": s.signed_by_with_role(),
        "edition": edition,
        "champion": s.champion,
    })
}

/// The organisation's id if it may sign up to `compact`: every organisation
/// in the database may (neighbouring Compacts share organisations).
macro_rules! organisation_name {
    ($tx:expr, $organisation:expr, $compact:expr) => {
        sqlx::query_scalar::<_, String>("SELECT name FROM organisations WHERE id = $1")
            .bind($organisation.0)
            .fetch_optional(&mut *$tx)
            .await?
            .ok_or(StoreError::OrganisationNotInCompact {
                organisation: $organisation,
                compact: $compact,
            })?
    };
}

/// The core's check that a sign-up from `$signed_on` would not overlap the
/// organisation's other sign-ups to `$compact`, inside a write transaction.
macro_rules! check_sign_up {
    ($tx:expr, $compact:expr, $organisation:expr, $signed_on:expr) => {{
        let existing: Vec<(i64, Date, Option<Date>)> = sqlx::query_as(
            "SELECT id, signed_on, withdrawn_on FROM signatories WHERE compact_id = $1 AND organisation_id = $2",
        )
        .bind($compact.0)
        .bind($organisation.0)
        .fetch_all(&mut *$tx)
        .await?;
        let existing: Vec<compact_core::model::Signatory> = existing
            .into_iter()
            .map(|(id, signed_on, withdrawn_on)| compact_core::model::Signatory {
                id: SignatoryId(id),
                organisation: $organisation,
                signed_on,
                signed_by: String::new(),
                edition: String::new(),
                withdrawn_on,
                withdrawal_reason: None,
                champion: None,
            })
            .collect();
        check_new_sign_up(&existing.iter().collect::<Vec<_>>(), $signed_on)
            .map_err(|r| StoreError::Refused(compact_core::refusal::Conflict::SignUp(r)))?;
    }};
}

/// Record a sign-up inside a write transaction, after the core's check.
macro_rules! insert_signatory {
    ($tx:expr, $compact:expr, $organisation:expr, $sign_up:expr, $edition:expr) => {{
        check_sign_up!($tx, $compact, $organisation, $sign_up.signed_on);
        let champion = &$sign_up.champion;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO signatories (compact_id, organisation_id, signed_on, signed_by, edition, champion_name, \
             champion_role, champion_contact, champion_appointed_on, champion_trained_on) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind($compact.0)
        .bind($organisation.0)
        .bind($sign_up.signed_on)
        .bind($sign_up.signed_by_with_role())
        .bind($edition)
        .bind(&champion.name)
        .bind(&champion.role)
        .bind(&champion.contact)
        .bind(champion.appointed_on)
        .bind(champion.trained_on)
        .fetch_one(&mut *$tx)
        .await?;
        SignatoryId(id)
    }};
}

impl Store {
    /// Enter a new organisation in the register of `compact` (its home
    /// register).
    pub async fn add_organisation(
        &self,
        compact: CompactId,
        organisation: &Organisation,
        actor: &Actor,
    ) -> Result<OrganisationId> {
        let o = organisation;
        with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let id = OrganisationId(insert_organisation!(tx, compact.0, o, now()));
            let mut after = serde_json::to_value(o).unwrap_or_default();
            after["id"] = json!(id);
            tx.append_audit(NewEntry {
                compact: Some(compact),
                actor,
                action: actions::ORGANISATION_CREATE,
                subject: organisation_subject(id),
                before: None,
                after: Some(after),
            })
            .await?;
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Record in the audit log that a kitemark signing key was made (the
    /// first, or by rotation, retiring `retired`). The keys themselves live
    /// outside the database; the log says when each came into use.
    pub async fn record_kitemark_key(
        &self,
        key: &str,
        retired: &[String],
        actor: &Actor,
    ) -> Result<()> {
        with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            tx.append_audit(NewEntry {
                compact: None,
                actor,
                action: if retired.is_empty() { actions::KITEMARK_KEY_CREATE } else { actions::KITEMARK_KEY_ROTATE },
                subject: format!("kitemark-key:{key}"),
                before: (!retired.is_empty()).then(|| json!({ "current": retired })),
                after: Some(json!({ "current": key })),
            })
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// The Compact whose register an organisation was entered in.
    pub async fn organisation_home(
        &self,
        organisation: OrganisationId,
    ) -> Result<Option<CompactId>> {
        let home: Option<i64> = with_pool!(self, pool => {
            sqlx::query_scalar("SELECT compact_id FROM organisations WHERE id = $1")
                .bind(organisation.0)
                .fetch_optional(pool)
                .await?
        });
        Ok(home.map(CompactId))
    }

    /// Change an organisation's details (everything but its id and home).
    /// The audit entry keeps the details before and after.
    pub async fn update_organisation(
        &self,
        compact: CompactId,
        organisation: &Organisation,
        before: &Organisation,
        actor: &Actor,
    ) -> Result<()> {
        let o = organisation;
        with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let changed = sqlx::query(
                "UPDATE organisations SET name = $1, kind = $2, charity_number = $3, company_number = $4, postcode = $5, \
                 address = $6, website = $7, email = $8, areas_of_work = $9, active = $10 WHERE id = $11",
            )
            .bind(&o.name).bind(o.kind.as_str()).bind(o.charity_number.as_ref().map(|n| n.as_str()))
            .bind(o.company_number.as_ref().map(|n| n.as_str())).bind(o.postcode.as_ref().map(|p| p.as_str()))
            .bind(&o.address).bind(&o.website).bind(&o.email)
            .bind(serde_json::to_string(&o.areas_of_work).unwrap_or_else(|_| "[]".into()))
            .bind(o.active).bind(o.id.0)
            .execute(&mut *tx).await?
            .rows_affected();
            if changed == 0 {
                return Err(StoreError::OrganisationNotInCompact { organisation: o.id, compact });
            }
            tx.append_audit(NewEntry {
                compact: Some(compact),
                actor,
                action: actions::ORGANISATION_UPDATE,
                subject: organisation_subject(o.id),
                before: serde_json::to_value(before).ok(),
                after: serde_json::to_value(o).ok(),
            })
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Record a sign-up straight away (the secretariat, from a signed form).
    pub async fn add_signatory(
        &self,
        compact: CompactId,
        organisation: OrganisationId,
        sign_up: &SignUp,
        edition: &str,
        actor: &Actor,
    ) -> Result<SignatoryId> {
        with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            organisation_name!(tx, organisation, compact);
            let id = insert_signatory!(tx, compact, organisation, sign_up, edition);
            let mut after = signatory_json(sign_up, edition);
            after["signatory"] = json!(id);
            tx.append_audit(NewEntry {
                compact: Some(compact),
                actor,
                action: actions::SIGNATORY_CREATE,
                subject: organisation_subject(organisation),
                before: None,
                after: Some(after),
            })
            .await?;
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Ask for `organisation` to sign up; the secretariat decides. A
    /// request that could never be approved (the organisation is already a
    /// signatory, or the date falls before its withdrawal) is refused now.
    pub async fn request_signup(
        &self,
        compact: CompactId,
        organisation: OrganisationId,
        sign_up: &SignUp,
        edition: &str,
        requested_by: AccountId,
        actor: &Actor,
    ) -> Result<SignupRequestId> {
        with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            organisation_name!(tx, organisation, compact);
            check_sign_up!(tx, compact, organisation, sign_up.signed_on);
            let c = &sign_up.champion;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO signup_requests (compact_id, organisation_id, requested_by, requested_at, signed_on, \
                 signed_by, signer_role, edition, champion_name, champion_role, champion_contact, champion_trained_on) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
            )
            .bind(compact.0).bind(organisation.0).bind(requested_by.0).bind(now()).bind(sign_up.signed_on)
            .bind(&sign_up.signed_by).bind(&sign_up.signer_role).bind(edition).bind(&c.name).bind(&c.role)
            .bind(&c.contact).bind(c.trained_on)
            .fetch_one(&mut *tx).await?;
            let mut after = signatory_json(sign_up, edition);
            after["request"] = json!(id);
            tx.append_audit(NewEntry {
                compact: Some(compact),
                actor,
                action: actions::SIGNUP_REQUEST,
                subject: organisation_subject(organisation),
                before: None,
                after: Some(after),
            })
            .await?;
            tx.commit().await?;
            Ok(SignupRequestId(id))
        })
    }

    /// The sign-up requests of `compact`, newest first, optionally only
    /// those with `status`.
    pub async fn signup_requests(
        &self,
        compact: CompactId,
        status: Option<RequestStatus>,
    ) -> Result<Vec<SignupRequest>> {
        let rows: Vec<RequestRow> = with_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {REQUEST_COLUMNS} WHERE r.compact_id = $1 AND ($2 IS NULL OR r.status = $2) ORDER BY r.id DESC"
            ))
            .bind(compact.0)
            .bind(status.map(RequestStatus::as_str))
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(SignupRequest::try_from).collect()
    }

    pub async fn signup_request(
        &self,
        compact: CompactId,
        id: SignupRequestId,
    ) -> Result<Option<SignupRequest>> {
        let row: Option<RequestRow> = with_pool!(self, pool => {
            sqlx::query_as(&format!("SELECT {REQUEST_COLUMNS} WHERE r.compact_id = $1 AND r.id = $2"))
                .bind(compact.0)
                .bind(id.0)
                .fetch_optional(pool)
                .await?
        });
        row.map(SignupRequest::try_from).transpose()
    }

    /// Approve (recording the sign-up) or refuse a pending request.
    pub async fn decide_signup(
        &self,
        compact: CompactId,
        id: SignupRequestId,
        approve: bool,
        note: &str,
        decided_by: AccountId,
        actor: &Actor,
    ) -> Result<Option<SignatoryId>> {
        let request = self
            .signup_request(compact, id)
            .await?
            .ok_or(StoreError::NoSuchSignupRequest(id))?;
        with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            // Read again under the write lock: another decision may have
            // landed since.
            let status: String = sqlx::query_scalar("SELECT status FROM signup_requests WHERE id = $1")
                .bind(id.0)
                .fetch_one(&mut *tx)
                .await?;
            if status != RequestStatus::Pending.as_str() {
                return Err(StoreError::Refused(compact_core::refusal::Conflict::RequestAlreadyDecided));
            }
            let signatory = if approve {
                Some(insert_signatory!(tx, compact, request.organisation, request.sign_up, &request.edition))
            } else {
                None
            };
            let status = if approve { RequestStatus::Approved } else { RequestStatus::Refused };
            sqlx::query(
                "UPDATE signup_requests SET status = $1, decided_by = $2, decided_at = $3, decision_note = $4, \
                 signatory_id = $5 WHERE id = $6",
            )
            .bind(status.as_str()).bind(decided_by.0).bind(now()).bind(note.trim())
            .bind(signatory.map(|s| s.0)).bind(id.0)
            .execute(&mut *tx).await?;
            tx.append_audit(NewEntry {
                compact: Some(compact),
                actor,
                action: if approve { actions::SIGNUP_APPROVE } else { actions::SIGNUP_REFUSE },
                subject: organisation_subject(request.organisation),
                before: Some(json!({ "request": id, "status": "pending" })),
                after: Some(json!({ "request": id, "status": enum_text(&status), "note": note.trim(), "signatory": signatory })),
            })
            .await?;
            tx.commit().await?;
            Ok(signatory)
        })
    }

    /// Appoint a new Compact champion for a sign-up, or correct the current
    /// one's details. The previous champion stays in the audit log.
    pub async fn set_champion(
        &self,
        compact: CompactId,
        signatory: SignatoryId,
        champion: &Champion,
        actor: &Actor,
    ) -> Result<()> {
        with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let before: Option<ChampionRow> =
                sqlx::query_as(
                    "SELECT organisation_id, champion_name, champion_role, champion_contact, champion_appointed_on, \
                     champion_trained_on FROM signatories WHERE compact_id = $1 AND id = $2",
                )
                .bind(compact.0).bind(signatory.0)
                .fetch_optional(&mut *tx).await?;
            let (organisation, name, role, contact, appointed_on, trained_on) =
                before.ok_or(StoreError::NoSuchSignatory(signatory))?;
            sqlx::query(
                "UPDATE signatories SET champion_name = $1, champion_role = $2, champion_contact = $3, \
                 champion_appointed_on = $4, champion_trained_on = $5 WHERE id = $6",
            )
            .bind(&champion.name).bind(&champion.role).bind(&champion.contact)
            .bind(champion.appointed_on).bind(champion.trained_on).bind(signatory.0)
            .execute(&mut *tx).await?;
            tx.append_audit(NewEntry {
                compact: Some(compact),
                actor,
                action: actions::CHAMPION_SET,
                subject: organisation_subject(OrganisationId(organisation)),
                before: Some(json!({
                    "signatory": signatory, "name": name, "role": role, "contact": contact,
                    "appointed_on": appointed_on, "trained_on": trained_on,
                })),
                after: Some(json!({ "signatory": signatory, "champion": champion })),
            })
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Record that a signatory withdrew on `on`. The sign-up stays in the
    /// register's history; from `on` the organisation is no longer a
    /// signatory and its kitemark is revoked.
    pub async fn withdraw_signatory(
        &self,
        compact: CompactId,
        signatory: SignatoryId,
        on: Date,
        reason: &str,
        actor: &Actor,
    ) -> Result<()> {
        with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let row: Option<(i64, Date, Option<Date>)> = sqlx::query_as(
                "SELECT organisation_id, signed_on, withdrawn_on FROM signatories WHERE compact_id = $1 AND id = $2",
            )
            .bind(compact.0).bind(signatory.0)
            .fetch_optional(&mut *tx).await?;
            let (organisation, signed_on, withdrawn_on) = row.ok_or(StoreError::NoSuchSignatory(signatory))?;
            compact_core::register::check_withdrawal(signed_on, withdrawn_on, on).map_err(StoreError::Refused)?;
            sqlx::query("UPDATE signatories SET withdrawn_on = $1, withdrawal_reason = $2 WHERE id = $3")
                .bind(on).bind(reason.trim()).bind(signatory.0)
                .execute(&mut *tx).await?;
            tx.append_audit(NewEntry {
                compact: Some(compact),
                actor,
                action: actions::SIGNATORY_WITHDRAW,
                subject: organisation_subject(OrganisationId(organisation)),
                before: Some(json!({ "signatory": signatory, "withdrawn_on": null })),
                after: Some(json!({ "signatory": signatory, "withdrawn_on": on, "reason": reason.trim() })),
            })
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }
}
