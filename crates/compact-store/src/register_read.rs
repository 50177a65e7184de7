//! The register read a page at a time: the rows a search keeps, counted and
//! paged in SQL, so no page loads the whole register.
//!
//! The answers equal the core's ([`compact_core::register::Register::on`]
//! and `search`): the same organisations (those entered in the Compact and
//! those signed up to it from elsewhere), the same standing on a date, the
//! same text search (on the keys of [`crate::search_keys`], folded as the
//! core folds), the same order (folded name, then id). The property test
//! `tests/register_read.rs` holds them to it on both engines.

use crate::error::Result;
use crate::records::load::{organisation, signatory, OrganisationRow, SignatoryRow};
use crate::search_keys::area_needle;
use crate::{with_pool, Engine, Store};
use compact_core::definition::{OrganisationKind, Sector};
use compact_core::model::{Organisation, Signatory};
use compact_core::register::{standing_on, Entry, Filter, Standing};
use compact_core::{CompactId, Date, OrganisationId, SignatoryId};
use std::collections::HashMap;

/// A search of the register on a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterQuery {
    pub on: Date,
    pub filter: Filter,
    /// Keep only organisations with this standing on the date (on top of
    /// the filter's `signatories_only`).
    pub standing: Option<Standing>,
}

impl RegisterQuery {
    pub fn new(on: Date, filter: Filter) -> RegisterQuery {
        RegisterQuery {
            on,
            filter,
            standing: None,
        }
    }
}

/// One organisation of the register with its standing, owning its data
/// (see [`RegisterEntry::entry`] for the core's borrowed form).
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterEntry {
    pub organisation: Organisation,
    pub standing: Standing,
    /// The sign-up the standing comes from (as the core chooses it).
    pub signatory: Option<Signatory>,
    /// Every sign-up of the organisation to this Compact, in the order they
    /// were recorded.
    pub signups: Vec<Signatory>,
}

impl RegisterEntry {
    /// The core's view of this entry.
    pub fn entry(&self) -> Entry<'_> {
        Entry {
            organisation: &self.organisation,
            standing: self.standing,
            signatory: self.signatory.as_ref(),
        }
    }
}

/// A page of a search: the total it found and the rows asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterPage {
    pub total: u64,
    pub entries: Vec<RegisterEntry>,
}

/// Organisations in the register of `compact`: entered in it, or signed up
/// to it from elsewhere. `{c}` is the Compact's parameter.
const MEMBER: &str = "(o.compact_id = {c} OR o.id IN (SELECT organisation_id FROM signatories WHERE compact_id = {c}))";
/// A sign-up here in force on `{d}`.
const CURRENT: &str =
    "EXISTS (SELECT 1 FROM signatories s WHERE s.compact_id = {c} AND s.organisation_id = o.id \
     AND s.signed_on <= {d} AND (s.withdrawn_on IS NULL OR s.withdrawn_on > {d}))";
/// Organisations with a sign-up here in force on `{d}`: being signed up
/// makes an organisation part of the register, so this is the whole of a
/// signatories-only search's membership, read from the Compact's sign-ups
/// rather than by looking at every organisation.
const SIGNATORIES: &str =
    "o.id IN (SELECT s.organisation_id FROM signatories s WHERE s.compact_id = {c} \
     AND s.signed_on <= {d} AND (s.withdrawn_on IS NULL OR s.withdrawn_on > {d}))";
/// Any sign-up here made by `{d}`.
const SIGNED_BY: &str =
    "EXISTS (SELECT 1 FROM signatories s WHERE s.compact_id = {c} AND s.organisation_id = o.id \
     AND s.signed_on <= {d})";

const ORGANISATION_COLUMNS: &str =
    "o.id, o.name, o.kind, o.charity_number, o.company_number, o.postcode, o.address, \
     o.website, o.email, o.areas_of_work, o.active";

const SIGNATORY_COLUMNS: &str =
    "id, organisation_id, signed_on, signed_by, edition, withdrawn_on, withdrawal_reason, \
     champion_name, champion_role, champion_contact, champion_appointed_on, champion_trained_on";

/// A value bound to a numbered parameter.
#[derive(Debug, Clone)]
enum Param {
    Int(i64),
    Text(String),
    Date(Date),
}

/// SQL text with its parameters, numbered `$1`, `$2`, ... in the order they
/// were added (both engines read `$N`).
#[derive(Debug, Default)]
struct Sql {
    text: String,
    params: Vec<Param>,
}

impl Sql {
    fn param(&mut self, value: Param) -> String {
        self.params.push(value);
        format!("${}", self.params.len())
    }
}

/// The `FROM ... WHERE ...` of a search, shared by its count and its page.
fn search_clause(engine: Engine, compact: CompactId, query: &RegisterQuery) -> Sql {
    let mut sql = Sql::default();
    let c = sql.param(Param::Int(compact.0));
    let d = sql.param(Param::Date(query.on));
    let fill = |template: &str| template.replace("{c}", &c).replace("{d}", &d);
    let current = fill(CURRENT);
    let signed_by = fill(SIGNED_BY);
    let only_signatories =
        query.filter.signatories_only || query.standing == Some(Standing::Signatory);
    let mut conditions = vec![if only_signatories {
        fill(SIGNATORIES)
    } else {
        fill(MEMBER)
    }];
    match query.standing {
        None | Some(Standing::Signatory) => {}
        Some(Standing::Withdrawn) => conditions.push(format!("NOT {current} AND {signed_by}")),
        Some(Standing::NotSigned) => conditions.push(format!("NOT {signed_by}")),
    }
    let kinds: Vec<OrganisationKind> = OrganisationKind::ALL
        .into_iter()
        .filter(|k| query.filter.sector.is_none_or(|s| k.sector() == s))
        .filter(|k| query.filter.kind.is_none_or(|wanted| *k == wanted))
        .collect();
    if kinds.len() < OrganisationKind::ALL.len() {
        let list: Vec<String> = kinds
            .iter()
            .map(|k| sql.param(Param::Text(k.as_str().to_string())))
            .collect();
        conditions.push(if list.is_empty() {
            "1 = 0".to_string()
        } else {
            format!("o.kind IN ({})", list.join(", "))
        });
    }
    // Both engines have a "position of needle in haystack" function, under
    // different names; zero means absent.
    let position = match engine {
        Engine::Sqlite => "instr",
        Engine::Postgres => "strpos",
    };
    if let Some(area) = &query.filter.area {
        let p = sql.param(Param::Text(area_needle(area)));
        conditions.push(format!("{position}(o.areas_key, {p}) > 0"));
    }
    for word in query.filter.text.split_whitespace() {
        let p = sql.param(Param::Text(word.to_lowercase()));
        conditions.push(format!("{position}(o.search_text, {p}) > 0"));
    }
    sql.text = format!(" FROM organisations o WHERE {}", conditions.join(" AND "));
    sql
}

/// An organisation with its sign-ups here and its standing on `on`, as the
/// core decides it.
fn entry(organisation: Organisation, signups: Vec<Signatory>, on: Date) -> RegisterEntry {
    let own: Vec<&Signatory> = signups.iter().collect();
    let (standing, signatory) = standing_on(&own, on);
    let signatory = signatory.cloned();
    RegisterEntry {
        organisation,
        standing,
        signatory,
        signups,
    }
}

/// Run `$sql` (a [`Sql`]) as `$kind` (`query_as` or `query_scalar`) on
/// `$pool`, binding its parameters.
macro_rules! run {
    ($kind:ident, $sql:expr, $pool:expr, $fetch:ident) => {{
        let sql = $sql;
        let mut q = sqlx::$kind(&sql.text);
        for p in &sql.params {
            q = match p {
                Param::Int(v) => q.bind(*v),
                Param::Text(v) => q.bind(v.clone()),
                Param::Date(v) => q.bind(*v),
            };
        }
        q.$fetch($pool).await?
    }};
}

impl Store {
    /// How many organisations `query` finds in the register of `compact`,
    /// and the `limit` of them from `offset`, in register order.
    pub async fn register_page(
        &self,
        compact: CompactId,
        query: &RegisterQuery,
        offset: u64,
        limit: u64,
    ) -> Result<RegisterPage> {
        let mut count = search_clause(self.engine(), compact, query);
        count.text = format!("SELECT COUNT(*){}", count.text);
        let total: i64 = with_pool!(self, pool => run!(query_scalar, count, pool, fetch_one));
        let ids = self
            .search_ids(compact, query, Some((offset, limit)))
            .await?;
        Ok(RegisterPage {
            total: total as u64,
            entries: self.register_entries(compact, query.on, &ids).await?,
        })
    }

    /// Every organisation `query` finds, in register order (ids only: the
    /// downloads read their rows in batches with [`Store::register_entries`]).
    pub async fn register_ids(
        &self,
        compact: CompactId,
        query: &RegisterQuery,
    ) -> Result<Vec<OrganisationId>> {
        self.search_ids(compact, query, None).await
    }

    async fn search_ids(
        &self,
        compact: CompactId,
        query: &RegisterQuery,
        page: Option<(u64, u64)>,
    ) -> Result<Vec<OrganisationId>> {
        let mut sql = search_clause(self.engine(), compact, query);
        sql.text = format!("SELECT o.id{} ORDER BY o.name_key, o.id", sql.text);
        if let Some((offset, limit)) = page {
            let limit = sql.param(Param::Int(i64::try_from(limit).unwrap_or(i64::MAX)));
            let offset = sql.param(Param::Int(i64::try_from(offset).unwrap_or(i64::MAX)));
            sql.text
                .push_str(&format!(" LIMIT {limit} OFFSET {offset}"));
        }
        let ids: Vec<i64> = with_pool!(self, pool => run!(query_scalar, sql, pool, fetch_all));
        Ok(ids.into_iter().map(OrganisationId).collect())
    }

    /// The organisations `ids` of the register of `compact` with their
    /// standing on `on`, in the order of `ids` (ids not found are left out).
    pub async fn register_entries(
        &self,
        compact: CompactId,
        on: Date,
        ids: &[OrganisationId],
    ) -> Result<Vec<RegisterEntry>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = |start: usize| {
            (0..ids.len())
                .map(|i| format!("${}", i + start))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let organisations_sql = format!(
            "SELECT {ORGANISATION_COLUMNS} FROM organisations o WHERE o.id IN ({})",
            list(1)
        );
        let signatories_sql = format!(
            "SELECT {SIGNATORY_COLUMNS} FROM signatories WHERE compact_id = $1 \
             AND organisation_id IN ({}) ORDER BY id",
            list(2)
        );
        // Two reads, not one transaction: a sign-up recorded between them
        // shows a moment early, as it would on the next request anyway.
        let (organisations, signatories): (Vec<OrganisationRow>, Vec<SignatoryRow>) = with_pool!(self, pool => {
            let mut q = sqlx::query_as(&organisations_sql);
            for id in ids {
                q = q.bind(id.0);
            }
            let organisations = q.fetch_all(pool).await?;
            let mut q = sqlx::query_as(&signatories_sql).bind(compact.0);
            for id in ids {
                q = q.bind(id.0);
            }
            let signatories = q.fetch_all(pool).await?;
            (organisations, signatories)
        });
        let mut signups: HashMap<OrganisationId, Vec<Signatory>> = HashMap::new();
        for s in signatories {
            let s = signatory(s);
            signups.entry(s.organisation).or_default().push(s);
        }
        let mut by_id: HashMap<OrganisationId, Organisation> = HashMap::new();
        for o in organisations {
            let o = organisation(o)?;
            by_id.insert(o.id, o);
        }
        Ok(ids
            .iter()
            .filter_map(|id| by_id.remove(id))
            .map(|organisation| {
                let signups = signups.remove(&organisation.id).unwrap_or_default();
                entry(organisation, signups, on)
            })
            .collect())
    }

    /// How many signatories the register of `compact` has on `on` in each
    /// sector, in the order public, VCSE, private.
    pub async fn signatories_by_sector(
        &self,
        compact: CompactId,
        on: Date,
    ) -> Result<[(Sector, usize); 3]> {
        let mut sql = search_clause(
            self.engine(),
            compact,
            &RegisterQuery::new(
                on,
                Filter {
                    signatories_only: true,
                    ..Filter::default()
                },
            ),
        );
        sql.text = format!("SELECT o.kind, COUNT(*){} GROUP BY o.kind", sql.text);
        let rows: Vec<(String, i64)> =
            with_pool!(self, pool => run!(query_as, sql, pool, fetch_all));
        let mut counts = [(Sector::Public, 0), (Sector::Vcse, 0), (Sector::Private, 0)];
        for (kind, n) in rows {
            let Some(kind) = OrganisationKind::parse(&kind) else {
                continue;
            };
            if let Some(slot) = counts.iter_mut().find(|(s, _)| *s == kind.sector()) {
                slot.1 += n as usize;
            }
        }
        Ok(counts)
    }

    /// Every area of work named in the register of `compact`, once each,
    /// sorted (as the core's `Register::areas_of_work`).
    pub async fn areas_of_work(&self, compact: CompactId) -> Result<Vec<String>> {
        let sql = format!(
            "SELECT DISTINCT o.areas_of_work FROM organisations o WHERE {}",
            MEMBER.replace("{c}", "$1")
        );
        let lists: Vec<String> = with_pool!(self, pool => {
            sqlx::query_scalar(&sql).bind(compact.0).fetch_all(pool).await?
        });
        let mut areas: Vec<String> = lists
            .iter()
            .flat_map(|l| serde_json::from_str::<Vec<String>>(l).unwrap_or_default())
            .collect();
        areas.sort_unstable();
        areas.dedup();
        Ok(areas)
    }

    /// Every sign-up to `compact` with only what the growth chart reads
    /// (whose it is and its dates); the other fields are left empty.
    pub async fn signup_dates(&self, compact: CompactId) -> Result<Vec<Signatory>> {
        let rows: Vec<(i64, i64, Date, Option<Date>)> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, organisation_id, signed_on, withdrawn_on FROM signatories \
                 WHERE compact_id = $1 ORDER BY id",
            )
            .bind(compact.0)
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|(id, organisation, signed_on, withdrawn_on)| Signatory {
                id: SignatoryId(id),
                organisation: OrganisationId(organisation),
                signed_on,
                signed_by: String::new(),
                edition: String::new(),
                withdrawn_on,
                withdrawal_reason: None,
                champion: None,
            })
            .collect())
    }

    /// The organisation `id` of the register of `compact` with its standing
    /// on `on`, or `None` when it is not in that register.
    pub async fn register_entry(
        &self,
        compact: CompactId,
        id: OrganisationId,
        on: Date,
    ) -> Result<Option<RegisterEntry>> {
        let sql = format!(
            "SELECT {ORGANISATION_COLUMNS} FROM organisations o WHERE o.id = $2 AND {}",
            MEMBER.replace("{c}", "$1")
        );
        let row: Option<OrganisationRow> = with_pool!(self, pool => {
            sqlx::query_as(&sql).bind(compact.0).bind(id.0).fetch_optional(pool).await?
        });
        let Some(row) = row else {
            return Ok(None);
        };
        let signups = self.signups_here(compact, id).await?;
        Ok(Some(entry(organisation(row)?, signups, on)))
    }

    /// The sign-ups of `organisation` to `compact`, oldest first.
    pub async fn signups_here(
        &self,
        compact: CompactId,
        organisation: OrganisationId,
    ) -> Result<Vec<Signatory>> {
        let sql = format!(
            "SELECT {SIGNATORY_COLUMNS} FROM signatories WHERE compact_id = $1 AND organisation_id = $2 ORDER BY id"
        );
        let rows: Vec<SignatoryRow> = with_pool!(self, pool => {
            sqlx::query_as(&sql).bind(compact.0).bind(organisation.0).fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(signatory).collect())
    }
}
