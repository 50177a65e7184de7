//! From the raw file to the domain types: identity, sectors, constituencies,
//! principles, commitments, codes, bodies and adoption. Standards, disputes,
//! review and equality are in `validate_procedures.rs`.
//!
//! Each check records a problem and carries on with a placeholder value, so
//! one run reports everything wrong with the file. The returned
//! [`Definition`] is only handed out when no problem was recorded.

use super::checks::{
    count, date, ident, not_a_compact_sector, sector_name, text, unknown_ref, Ids,
};
use super::parse::Problems;
use super::raw::*;
use super::validate_procedures as procedures;
use super::*;
use std::collections::HashMap;
use std::ops::Range;

/// The highest seat count or body size accepted: anything larger is a typo.
const MAX_SEATS: i64 = 1000;

pub(super) fn definition(raw: RawFile, p: &mut Problems) -> Definition {
    let format = *raw.format.get_ref();
    if format != i64::from(FORMAT_VERSION) {
        p.at(
            raw.format.span(),
            format!(
                "this build reads definition format {FORMAT_VERSION}, but the file says \
                 `format = {format}`; write `format = {FORMAT_VERSION}` and check the file \
                 against docs/definition-format.md"
            ),
        );
    }

    let compact = raw.compact.into_inner();
    let sectors = sectors(&compact.sectors, p);
    let identity = identity(&compact, p);
    let constituencies = constituencies(raw.constituency, &sectors, p);

    let mut principle_ids = Ids::new("principle");
    let principles = raw
        .principle
        .into_iter()
        .map(|s| {
            let r = s.into_inner();
            Principle {
                id: principle_ids.add(&r.id, p),
                title: text(&r.title, "title", p),
                text: text(&r.text, "text", p),
            }
        })
        .collect();

    let mut commitment_ids = Ids::new("commitment");
    let commitments = raw
        .commitment
        .into_iter()
        .map(|s| {
            let r = s.into_inner();
            Commitment {
                id: commitment_ids.add(&r.id, p),
                title: text(&r.title, "title", p),
                summary: text(&r.summary, "summary", p),
                undertakings: undertakings(r.undertaking, &sectors, p),
            }
        })
        .collect();
    let general_undertakings = undertakings(raw.undertaking, &sectors, p);

    let codes = codes(raw.code, p);
    let bodies = bodies(raw.body, &constituencies, &sectors, p);
    let adoption = adoption(raw.adoption, &bodies, p);
    let standards = procedures::standards(raw.standards, p);
    let disputes = raw.disputes.map(|d| procedures::disputes(d, &bodies, p));
    let review = raw
        .review
        .map(|r| procedures::review(r.into_inner(), &bodies, p));
    let protected_characteristics = raw
        .equality
        .map(|e| procedures::protected_characteristics(e.protected_characteristics, p))
        .unwrap_or_default();

    Definition {
        identity,
        sectors,
        constituencies,
        principles,
        commitment_term: compact.commitment_term,
        commitments,
        undertakings: general_undertakings,
        codes,
        bodies,
        adoption,
        standards,
        disputes,
        review,
        protected_characteristics,
    }
}

fn sectors(raw: &S<Vec<S<Sector>>>, p: &mut Problems) -> Vec<Sector> {
    if raw.get_ref().is_empty() {
        p.at(
            raw.span(),
            "`sectors` is empty; list the sectors that take part, e.g. [\"public\", \"vcse\"]",
        );
    }
    let mut out = Vec::new();
    for s in raw.get_ref() {
        if out.contains(s.get_ref()) {
            p.at(
                s.span(),
                format!("sector `{}` is listed twice", sector_name(*s.get_ref())),
            );
        } else {
            out.push(*s.get_ref());
        }
    }
    out
}

fn identity(c: &RawCompact, p: &mut Problems) -> Identity {
    if c.languages.get_ref().is_empty() {
        p.at(
            c.languages.span(),
            "`languages` is empty; list at least one, e.g. [\"en\"] or [\"en\", \"cy\"]",
        );
    }
    let mut languages: Vec<String> = Vec::new();
    for l in c.languages.get_ref() {
        let code = l.get_ref().trim();
        if !(2..=3).contains(&code.len()) || !code.chars().all(|c| c.is_ascii_lowercase()) {
            p.at(
                l.span(),
                format!(
                    "`{code}` is not a language code: use a lowercase code such as `en` or `cy`"
                ),
            );
        } else if languages.iter().any(|x| x == code) {
            p.at(l.span(), format!("language `{code}` is listed twice"));
        } else {
            languages.push(code.to_string());
        }
    }
    let optional = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(String::from)
    };
    Identity {
        slug: ident(&c.slug, "slug", p),
        name: text(&c.name, "name", p),
        area: text(&c.area, "area", p),
        edition: text(&c.edition, "edition", p),
        edition_date: c
            .edition_date
            .as_ref()
            .and_then(|d| date(d, "edition_date", p)),
        managed_by: text(&c.managed_by, "managed_by", p),
        contact: Contact {
            organisation: optional(&c.contact.organisation),
            email: optional(&c.contact.email),
            phone: optional(&c.contact.phone),
            website: optional(&c.contact.website),
            address: optional(&c.contact.address),
        },
        languages,
    }
}

fn constituencies(
    raw: Vec<S<RawConstituency>>,
    sectors: &[Sector],
    p: &mut Problems,
) -> Vec<Constituency> {
    let mut ids = Ids::new("constituency");
    raw.into_iter()
        .map(|s| {
            let r = s.into_inner();
            let sector = *r.sector.get_ref();
            if !sectors.contains(&sector) {
                p.at(r.sector.span(), not_a_compact_sector(sector, sectors));
            }
            let mut kinds: Vec<OrganisationKind> = Vec::new();
            for k in &r.kinds {
                let kind = *k.get_ref();
                if kind.sector() != sector {
                    p.at(
                        k.span(),
                        format!(
                            "`{}` organisations belong to the {} sector, but this constituency is \
                             in the `{}` sector",
                            kind.as_str(),
                            sector_name(kind.sector()),
                            sector_name(sector)
                        ),
                    );
                } else if kinds.contains(&kind) {
                    p.at(
                        k.span(),
                        format!("kind `{}` is listed twice", kind.as_str()),
                    );
                } else {
                    kinds.push(kind);
                }
            }
            Constituency {
                id: ids.add(&r.id, p),
                name: text(&r.name, "name", p),
                sector,
                kinds,
            }
        })
        .collect()
}

fn undertakings(
    raw: Vec<S<RawUndertaking>>,
    sectors: &[Sector],
    p: &mut Problems,
) -> Vec<Undertaking> {
    raw.into_iter()
        .map(|s| {
            let r = s.into_inner();
            let by = *r.by.get_ref();
            let needs = match by {
                Party::Joint => None,
                Party::Public => Some(Sector::Public),
                Party::Vcse => Some(Sector::Vcse),
            };
            if let Some(sector) = needs.filter(|s| !sectors.contains(s)) {
                p.at(r.by.span(), not_a_compact_sector(sector, sectors));
            }
            Undertaking {
                by,
                text: text(&r.text, "text", p),
            }
        })
        .collect()
}

fn codes(raw: Vec<S<RawCode>>, p: &mut Problems) -> Vec<CodeOfPractice> {
    let mut ids = Ids::new("code");
    raw.into_iter()
        .map(|s| {
            let r = s.into_inner();
            let status = *r.status.get_ref();
            let adopted_on = r.adopted_on.as_ref().and_then(|d| date(d, "adopted_on", p));
            if let (Some(d), CodeStatus::Planned | CodeStatus::Draft) = (&r.adopted_on, status) {
                p.at(
                    d.span(),
                    "a code that is `planned` or `draft` has not been adopted yet; remove \
                     `adopted_on` or set `status` to `adopted`, `under_review` or `withdrawn`",
                );
            }
            CodeOfPractice {
                id: ids.add(&r.id, p),
                title: text(&r.title, "title", p),
                status,
                adopted_on,
            }
        })
        .collect()
}

fn bodies(
    raw: Vec<S<RawBody>>,
    constituencies: &[Constituency],
    sectors: &[Sector],
    p: &mut Problems,
) -> Vec<Body> {
    let mut ids = Ids::new("body");
    raw.into_iter()
        .map(|s| {
            let r = s.into_inner();
            let id = ids.add(&r.id, p);
            let seats = seats(r.seat, constituencies, p);
            let size = r
                .size
                .as_ref()
                .map(|size| count(size, "`size`", MAX_SEATS, p));
            if let (Some(size_span), Some(stated)) = (&r.size, size) {
                let total: u32 = seats.iter().map(|s: &SeatAllocation| s.count).sum();
                if stated > 0 && total != stated {
                    p.at(
                        size_span.span(),
                        format!(
                            "body `{id}` states `size = {stated}`, but its [[body.seat]] \
                             counts add up to {total}; make them agree"
                        ),
                    );
                }
            }
            let chairs = r.chairs.map(|c| chairs(c.into_inner(), sectors, p));
            let duties = r.duties.iter().map(|d| text(d, "duties", p)).collect();
            Body {
                id,
                name: text(&r.name, "name", p),
                kind: r.kind,
                size,
                seats,
                chairs,
                duties,
            }
        })
        .collect()
}

fn seats(
    raw: Vec<S<RawSeat>>,
    constituencies: &[Constituency],
    p: &mut Problems,
) -> Vec<SeatAllocation> {
    let mut seen: HashMap<String, Range<usize>> = HashMap::new();
    raw.into_iter()
        .map(|s| {
            let r = s.into_inner();
            let constituency = r.constituency.get_ref().trim().to_string();
            if !constituencies.iter().any(|c| c.id == constituency) {
                p.at(r.constituency.span(), unknown_ref("constituency", &constituency, constituencies.iter().map(|c| c.id.as_str())));
            } else if let Some(first) = seen.get(&constituency) {
                let line = p.line_of(first);
                p.at(
                    r.constituency.span(),
                    format!(
                        "constituency `{constituency}` already has seats on this body (line \
                         {line}); give it one [[body.seat]] with the total count"
                    ),
                );
            } else {
                seen.insert(constituency.clone(), r.constituency.span());
            }
            let seat_count = count(&r.count, "a seat `count`", MAX_SEATS, p);
            let requirements = r
                .requirements
                .iter()
                .map(|q| {
                    let q = q.get_ref();
                    let at_least = count(&q.at_least, "`at_least`", MAX_SEATS, p);
                    if seat_count > 0 && at_least > seat_count {
                        p.at(
                            q.at_least.span(),
                            format!(
                                "`at_least = {at_least}` asks for more holders than the {seat_count} \
                                 seat(s) this constituency has"
                            ),
                        );
                    }
                    SeatRequirement { at_least, role: ident(&q.role, "role", p) }
                })
                .collect();
            SeatAllocation { constituency, count: seat_count, requirements }
        })
        .collect()
}

fn chairs(raw: RawChairs, sectors: &[Sector], p: &mut Problems) -> Chairs {
    let count = count(&raw.count, "the chairs' `count`", 10, p);
    let mut one_from_each = Vec::new();
    if let Some(list) = &raw.one_from_each {
        for s in list.get_ref() {
            let sector = *s.get_ref();
            if !sectors.contains(&sector) {
                p.at(s.span(), not_a_compact_sector(sector, sectors));
            } else if one_from_each.contains(&sector) {
                p.at(
                    s.span(),
                    format!("sector `{}` is listed twice", sector_name(sector)),
                );
            } else {
                one_from_each.push(sector);
            }
        }
        let named = list.get_ref().len();
        if count > 0 && named > 0 && named != count as usize {
            p.at(
                list.span(),
                format!(
                    "`one_from_each` names {named} sector(s) but `count = {count}`; one chair \
                     comes from each sector listed, so the two must agree"
                ),
            );
        }
    }
    Chairs {
        count,
        one_from_each,
        independent: raw.independent,
    }
}

fn adoption(raw: Vec<S<RawAdoption>>, bodies: &[Body], p: &mut Problems) -> Vec<AdoptionRule> {
    let mut subjects: Vec<(AdoptionSubject, Range<usize>)> = Vec::new();
    raw.into_iter()
        .map(|s| {
            let r = s.into_inner();
            let subject = *r.subject.get_ref();
            if let Some((_, first)) = subjects.iter().find(|(s, _)| *s == subject) {
                let line = p.line_of(first);
                p.at(
                    r.subject.span(),
                    format!("this subject already has an [[adoption]] rule on line {line}; list every body in that one rule, in order"),
                );
            } else {
                subjects.push((subject, r.subject.span()));
            }
            if r.bodies.get_ref().is_empty() {
                p.at(r.bodies.span(), "`bodies` is empty; name the [[body]] ids that adopt this, in order");
            }
            let mut list: Vec<String> = Vec::new();
            for b in r.bodies.get_ref() {
                let id = b.get_ref().trim().to_string();
                if !bodies.iter().any(|x| x.id == id) {
                    p.at(b.span(), unknown_ref("body", &id, bodies.iter().map(|x| x.id.as_str())));
                } else if list.contains(&id) {
                    p.at(b.span(), format!("body `{id}` is listed twice"));
                } else {
                    list.push(id);
                }
            }
            AdoptionRule { subject, bodies: list }
        })
        .collect()
}
