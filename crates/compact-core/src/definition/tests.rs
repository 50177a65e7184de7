//! Rejected files, table by table, and a property test that no input makes
//! `parse` panic.

use super::*;
use proptest::prelude::*;

/// The smallest valid definition: eleven lines, so a snippet appended to it
/// starts on line 12.
const MINIMAL: &str = r#"format = 1

[compact]
slug = "test"
name = "Test Compact"
area = "Testshire"
edition = "First edition"
managed_by = "Test CVS"
languages = ["en"]
commitment_term = "promise"
sectors = ["public", "vcse"]
"#;

const MINIMAL_LINES: usize = 11;

/// A valid snippet with a body and a constituency that cases can refer to.
const GOVERNED: &str = r#"
[[constituency]]
id = "council"
name = "The Council"
sector = "public"
kinds = ["local_authority"]

[[body]]
id = "group"
name = "Compact Group"
kind = "compact_group"
size = 2

[[body.seat]]
constituency = "council"
count = 2
"#;

struct Case {
    name: &'static str,
    source: String,
    line: usize,
    column: usize,
    fragment: &'static str,
}

/// A case whose problem is in `snippet` appended to [`MINIMAL`], at
/// `line` of the snippet (1-based).
fn appended(
    name: &'static str,
    snippet: &str,
    line: usize,
    column: usize,
    fragment: &'static str,
) -> Case {
    Case {
        name,
        source: format!("{MINIMAL}{snippet}"),
        line: MINIMAL_LINES + line,
        column,
        fragment,
    }
}

/// A case made by replacing text in [`MINIMAL`]; `line` is absolute.
fn replaced(
    name: &'static str,
    from: &str,
    to: &str,
    line: usize,
    column: usize,
    fragment: &'static str,
) -> Case {
    assert!(MINIMAL.contains(from), "{name}: {from:?} is not in MINIMAL");
    Case {
        name,
        source: MINIMAL.replacen(from, to, 1),
        line,
        column,
        fragment,
    }
}

fn cases() -> Vec<Case> {
    vec![
        replaced("wrong format version", "format = 1", "format = 2", 1, 10, "reads definition format 1, but the file says `format = 2`"),
        replaced("missing format", "format = 1", "", 1, 1, "missing required key `format`"),
        appended("invalid TOML syntax", "x = = 1\n", 1, 5, "not valid TOML"),
        appended("unclosed array", "[[principle]]\nid = [\"a\"\n", 2, 10, "not valid TOML"),
        replaced("unknown key", "slug = \"test\"", "slug = \"test\"\nslogan = \"hi\"", 5, 1, "unknown key `slogan`, expected one of `slug`"),
        appended("unknown key in a nested table", &format!("{GOVERNED}colour = \"red\"\n"), 17, 1, "unknown key `colour`"),
        appended("unknown top-level table", "[budget]\ntotal = 3\n", 1, 2, "unknown key `budget`"),
        replaced("missing required key", "area = \"Testshire\"\n", "", 3, 1, "missing required key `area`"),
        replaced("unknown sector", "sectors = [\"public\", \"vcse\"]", "sectors = [\"public\", \"charity\"]", 11, 22, "unknown value `charity`, expected one of `public`, `vcse`, `private`"),
        replaced("empty sectors", "sectors = [\"public\", \"vcse\"]", "sectors = []", 11, 11, "`sectors` is empty"),
        replaced("sector listed twice", "sectors = [\"public\", \"vcse\"]", "sectors = [\"vcse\", \"vcse\"]", 11, 20, "sector `vcse` is listed twice"),
        replaced("unknown commitment term", "\"promise\"", "\"pledge\"", 10, 19, "expected one of `promise`, `strand`, `theme`"),
        replaced("bad slug", "slug = \"test\"", "slug = \"Test Town\"", 4, 8, "not a valid slug id"),
        replaced("bad language code", "[\"en\"]", "[\"English\"]", 9, 14, "is not a language code"),
        replaced("language twice", "[\"en\"]", "[\"en\", \"en\"]", 9, 20, "language `en` is listed twice"),
        replaced("bad edition date (string)", "edition = \"First edition\"", "edition = \"First edition\"\nedition_date = \"2009-02-30\"", 8, 16, "not a real calendar date"),
        replaced("bad edition date (TOML date)", "edition = \"First edition\"", "edition = \"First edition\"\nedition_date = 2009-13-01", 8, 16, "not valid TOML: invalid date"),
        replaced("edition date with a time", "edition = \"First edition\"", "edition = \"First edition\"\nedition_date = 2009-11-01T09:30:00", 8, 16, "without a time of day"),
        replaced("edition date of the wrong type", "edition = \"First edition\"", "edition = \"First edition\"\nedition_date = 2009", 8, 16, "must be a date written year-month-day"),
        appended("unknown organisation kind", "[[constituency]]\nid = \"c\"\nname = \"C\"\nsector = \"public\"\nkinds = [\"council\"]\n", 5, 10, "unknown value `council`, expected one of `local_authority`"),
        appended("kind from another sector", "[[constituency]]\nid = \"c\"\nname = \"C\"\nsector = \"public\"\nkinds = [\"charity\"]\n", 5, 10, "`charity` organisations belong to the vcse sector"),
        appended("constituency in a sector not taking part", "[[constituency]]\nid = \"c\"\nname = \"C\"\nsector = \"private\"\n", 4, 10, "sector `private` does not take part in this Compact"),
        appended("seats not adding up", &GOVERNED.replace("size = 2", "size = 12"), 12, 8, "states `size = 12`, but its [[body.seat]] counts add up to 2"),
        appended("seat for an unknown constituency", &GOVERNED.replace("constituency = \"council\"", "constituency = \"councillors\""), 15, 16, "there is no constituency with id `councillors`; expected one of `council`"),
        appended("zero seats", &GOVERNED.replace("count = 2", "count = 0").replace("size = 2\n", ""), 15, 9, "must be a positive whole number"),
        appended("requirement larger than the seat count", &format!("{GOVERNED}requirements = [{{ at_least = 3, role = \"elected_councillor\" }}]\n"), 17, 30, "`at_least = 3` asks for more holders than the 2 seat(s)"),
        appended("seat requirement role that is not an id", &format!("{GOVERNED}requirements = [{{ at_least = 1, role = \"Elected Councillor\" }}]\n"), 17, 40, "not a valid role id"),
        appended("negative size", &GOVERNED.replace("size = 2", "size = -2"), 12, 8, "`size` must be a positive whole number (at least 1), found -2"),
        appended("number too large for any type", &GOVERNED.replace("size = 2", "size = 99999999999999999999"), 12, 8, "too large"),
        appended("duplicate body id", &format!("{GOVERNED}\n[[body]]\nid = \"group\"\nname = \"Another\"\nkind = \"board\"\n"), 19, 6, "duplicate body id `group`: it is already used on line 20"),
        appended("duplicate principle id", "[[principle]]\nid = \"p\"\ntitle = \"T\"\ntext = \"X\"\n[[principle]]\nid = \"p\"\ntitle = \"U\"\ntext = \"Y\"\n", 6, 6, "duplicate principle id `p`: it is already used on line 13"),
        appended("duplicate constituency id", "[[constituency]]\nid = \"c\"\nname = \"C\"\nsector = \"public\"\n[[constituency]]\nid = \"c\"\nname = \"D\"\nsector = \"vcse\"\n", 6, 6, "duplicate constituency id `c`"),
        appended("duplicate commitment id", "[[commitment]]\nid = \"c\"\ntitle = \"C\"\nsummary = \"S\"\n[[commitment]]\nid = \"c\"\ntitle = \"D\"\nsummary = \"S\"\n", 6, 6, "duplicate commitment id `c`"),
        appended("duplicate code id", "[[code]]\nid = \"c\"\ntitle = \"C\"\nstatus = \"draft\"\n[[code]]\nid = \"c\"\ntitle = \"D\"\nstatus = \"adopted\"\n", 6, 6, "duplicate code id `c`"),
        appended("duplicate stage id", "[[disputes.stage]]\nid = \"s\"\nname = \"A\"\nhandled_by = \"parties\"\n[[disputes.stage]]\nid = \"s\"\nname = \"B\"\nhandled_by = \"secretariat\"\n", 6, 6, "duplicate stage id `s`"),
        appended("duplicate deadline id", "[[disputes.stage]]\nid = \"s\"\nname = \"A\"\nhandled_by = \"parties\"\n[[disputes.stage.deadline]]\nid = \"d\"\nfrom = \"raised\"\nuntil = \"meeting_held\"\ndays = 14\nstrength = \"firm\"\n[[disputes.stage.deadline]]\nid = \"d\"\nfrom = \"raised\"\nuntil = \"resolved\"\ndays = 28\nstrength = \"firm\"\n", 12, 6, "duplicate deadline id `d`"),
        appended("stage handled by a missing body", "[[disputes.stage]]\nid = \"s\"\nname = \"A\"\nhandled_by = \"body:compact-group\"\n", 4, 14, "there is no body with id `compact-group`; the file defines no body yet"),
        appended("stage handled by an unknown handler", "[[disputes.stage]]\nid = \"s\"\nname = \"A\"\nhandled_by = \"the mayor\"\n", 4, 14, "`the mayor` is not a handler; expected `parties`, `secretariat`, `body:ID`"),
        appended("external handler without a name", "[[disputes.stage]]\nid = \"s\"\nname = \"A\"\nhandled_by = \"external:\"\n", 4, 14, "needs to say who handles the stage"),
        appended("disputes without stages", "[disputes]\n", 1, 1, "[disputes] has no stages"),
        appended("zero period", "[[disputes.stage]]\nid = \"s\"\nname = \"A\"\nhandled_by = \"parties\"\n[[disputes.stage.deadline]]\nid = \"d\"\nfrom = \"stage_entered\"\nuntil = \"meeting_held\"\ndays = 0\nstrength = \"softened\"\n", 9, 8, "`days` must be a positive number of days (at least 1), found 0"),
        appended("deadline from and until the same event", "[[disputes.stage]]\nid = \"s\"\nname = \"A\"\nhandled_by = \"parties\"\n[[disputes.stage.deadline]]\nid = \"d\"\nfrom = \"raised\"\nuntil = \"raised\"\ndays = 3\nstrength = \"firm\"\n", 8, 9, "`from` and `until` are the same"),
        appended("unknown dispute event", "[[disputes.stage]]\nid = \"s\"\nname = \"A\"\nhandled_by = \"parties\"\n[[disputes.stage.deadline]]\nid = \"d\"\nfrom = \"raised\"\nuntil = \"sorted\"\ndays = 3\nstrength = \"firm\"\n", 8, 9, "unknown value `sorted`, expected one of `raised`"),
        appended("negative period", "[standards.consultation]\nweeks = -3\nstrength = \"firm\"\n", 2, 9, "`weeks` must be a positive number of weeks (at least 1), found -3"),
        appended("absurd period in weeks", "[standards.funding_notice]\nweeks = 1200\nstrength = \"firm\"\n", 2, 9, "at most 520 weeks"),
        appended("absurd period in months", "[standards.reduction]\nconsultation_weeks = 12\nformal_notice_months = 300\nstrength = \"firm\"\n", 3, 24, "at most 120 months"),
        appended("absurd period in days", "[standards.champion]\ntrained_within_days = 5000\nstrength = \"firm\"\n", 2, 23, "at most 3650 days"),
        appended("zero years", "[standards.agreement_length]\npreferred_years = 0\nstrength = \"softened\"\n", 2, 19, "positive number of years"),
        appended("unknown strength", "[standards.consultation]\nweeks = 12\nstrength = \"strong\"\n", 3, 12, "unknown value `strong`, expected `firm` or `softened`"),
        appended("missing strength", "[standards.consultation]\nweeks = 12\n", 1, 1, "missing required key `strength`"),
        appended("wrong type for a period", "[standards.consultation]\nweeks = \"twelve\"\nstrength = \"firm\"\n", 2, 9, "expected a whole number"),
        appended("adoption naming an unknown body", &format!("{GOVERNED}\n[[adoption]]\nsubject = \"code_of_practice\"\nbodies = [\"group\", \"board\"]\n"), 20, 20, "there is no body with id `board`; expected one of `group`"),
        appended("adoption with no bodies", "[[adoption]]\nsubject = \"revision\"\nbodies = []\n", 3, 10, "`bodies` is empty"),
        appended("adoption subject twice", &format!("{GOVERNED}\n[[adoption]]\nsubject = \"revision\"\nbodies = [\"group\"]\n[[adoption]]\nsubject = \"revision\"\nbodies = [\"group\"]\n"), 22, 11, "already has an [[adoption]] rule on line 30"),
        appended("chairs from a sector not taking part", &format!("{GOVERNED}\n[body.chairs]\ncount = 2\none_from_each = [\"public\", \"private\"]\n"), 20, 28, "sector `private` does not take part"),
        appended("chairs count mismatch", &format!("{GOVERNED}\n[body.chairs]\ncount = 3\none_from_each = [\"public\", \"vcse\"]\n"), 20, 17, "`one_from_each` names 2 sector(s) but `count = 3`"),
        appended("review by a missing body", "[review]\nby_body = \"board\"\nannual_review = true\n", 2, 11, "there is no body with id `board`"),
        appended("protected characteristic twice", "[equality]\nprotected_characteristics = [\"age\", \"race\", \"age\"]\n", 2, 45, "protected characteristic `age` is listed twice"),
        appended("unknown protected characteristic", "[equality]\nprotected_characteristics = [\"height\"]\n", 2, 30, "unknown value `height`"),
        appended("undertaking by an unknown party", "[[undertaking]]\nby = \"council\"\ntext = \"T\"\n", 2, 6, "expected one of `joint`, `public`, `vcse`"),
        appended("undertaking by a sector not taking part", "[[undertaking]]\nby = \"public\"\ntext = \"T\"\n", 2, 6, "does not take part").tap(|c| c.source = c.source.replace("[\"public\", \"vcse\"]", "[\"vcse\"]")),
        appended("empty text", "[[principle]]\nid = \"p\"\ntitle = \"  \"\ntext = \"X\"\n", 3, 9, "`title` is empty"),
        appended("code adopted on a date while still a draft", "[[code]]\nid = \"c\"\ntitle = \"C\"\nstatus = \"draft\"\nadopted_on = 2020-01-01\n", 5, 14, "has not been adopted yet"),
    ]
}

/// Lets a case be adjusted in place while building the table.
trait Tap: Sized {
    fn tap(self, f: impl FnOnce(&mut Self)) -> Self;
}

impl Tap for Case {
    fn tap(mut self, f: impl FnOnce(&mut Self)) -> Self {
        f(&mut self);
        self
    }
}

#[test]
fn the_minimal_file_is_valid() {
    let d = parse("minimal.toml", MINIMAL).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(d.identity.slug, "test");
    assert_eq!(d.standards, Standards::default());
    assert!(d.disputes.is_none() && d.review.is_none());
    let d =
        parse("governed.toml", &format!("{MINIMAL}{GOVERNED}")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(d.body("group").map(Body::seat_count), Some(2));
}

#[test]
fn rejected_files_point_at_the_problem() {
    let mut failures = Vec::new();
    for case in cases() {
        match parse("case.toml", &case.source) {
            Ok(_) => failures.push(format!("{}: accepted", case.name)),
            Err(e) => {
                let hit = e.problems().iter().any(|p| {
                    p.line == case.line
                        && p.column == case.column
                        && p.message.contains(case.fragment)
                });
                if !hit {
                    failures.push(format!(
                        "{}: expected {}:{} containing {:?}, got:\n{e}",
                        case.name, case.line, case.column, case.fragment
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn every_problem_is_reported_at_once_one_per_line() {
    let source = format!(
        "{MINIMAL}[standards.consultation]\nweeks = -3\nstrength = \"firm\"\n\n\
         [[disputes.stage]]\nid = \"s\"\nname = \"A\"\nhandled_by = \"body:nowhere\"\n"
    );
    let e = parse("many.toml", &source).expect_err("two problems");
    assert_eq!(e.problems().len(), 2);
    assert_eq!(e.file(), "many.toml");
    assert_eq!((e.line(), e.column()), (13, 9));
    let text = e.to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(
        lines[0].starts_with("many.toml:13:9: `weeks` must be a positive number of weeks"),
        "{text}"
    );
    assert!(
        lines[1].starts_with("many.toml:19:14: there is no body with id `nowhere`"),
        "{text}"
    );
}

#[test]
fn syntax_errors_are_all_reported() {
    let e = parse("typos.toml", &format!("{MINIMAL}a = = 1\n\nb = [\n")).expect_err("typos");
    assert!(e.problems().len() >= 2, "{e}");
    assert!(e
        .problems()
        .iter()
        .all(|p| p.message.starts_with("this is not valid TOML")));
}

#[test]
fn columns_count_characters_not_bytes() {
    assert_eq!(parse::position("ab\ncd", 4), (2, 2));
    assert_eq!(parse::position("é = 1\n", 4), (1, 4));
    // Offsets beyond the end or inside a character are clamped.
    assert_eq!(parse::position("é", 1), (1, 1));
    assert_eq!(parse::position("ab", 99), (1, 3));
}

#[test]
fn dates_may_be_toml_dates_or_strings() {
    let with = |v: &str| {
        MINIMAL.replace(
            "edition = \"First edition\"",
            &format!("edition = \"E\"\nedition_date = {v}"),
        )
    };
    let expected = chrono::NaiveDate::from_ymd_opt(2009, 11, 1);
    for v in ["2009-11-01", "\"2009-11-01\""] {
        let d = parse("d.toml", &with(v)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(d.identity.edition_date, expected);
    }
}

/// Applies one small edit to `source`, the way a hurried hand edit might:
/// delete a span, insert text, swap a number, duplicate or drop a line.
fn mutate(
    source: &str,
    op: u8,
    at: prop::sample::Index,
    len: usize,
    text: &str,
    number: i64,
) -> String {
    let chars: Vec<char> = source.chars().collect();
    let i = at.index(chars.len() + 1);
    let j = (i + len).min(chars.len());
    let mut lines: Vec<&str> = source.lines().collect();
    match op % 6 {
        0 => chars[..i].iter().chain(&chars[j..]).collect(),
        1 => chars[..i]
            .iter()
            .copied()
            .chain(text.chars())
            .chain(chars[i..].iter().copied())
            .collect(),
        2 => {
            // Replace the first number after the cut point.
            let rest: String = chars[i..].iter().collect();
            let head: String = chars[..i].iter().collect();
            match rest.find(|c: char| c.is_ascii_digit()) {
                Some(k) => {
                    let digits = rest[k..]
                        .find(|c: char| !c.is_ascii_digit())
                        .map_or(rest.len(), |e| k + e);
                    format!("{head}{}{number}{}", &rest[..k], &rest[digits..])
                }
                None => format!("{head}{number}{rest}"),
            }
        }
        3 if !lines.is_empty() => {
            let k = at.index(lines.len());
            lines.insert(k, lines[k]);
            lines.join("\n")
        }
        4 if !lines.is_empty() => {
            lines.remove(at.index(lines.len()));
            lines.join("\n")
        }
        _ => chars[..i]
            .iter()
            .copied()
            .chain(text.chars())
            .chain(chars[j..].iter().copied())
            .collect(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(s in any::<String>()) {
        let _ = parse("any.toml", &s);
    }

    #[test]
    fn toml_like_text_never_panics(s in "[a-z_=\\[\\]\"{},.0-9 \n-]{0,200}") {
        let _ = parse("like.toml", &s);
    }

    #[test]
    fn mutated_shipped_files_never_panic(
        file in 0usize..SHIPPED.len(),
        edits in prop::collection::vec(
            (any::<u8>(), any::<prop::sample::Index>(), 0usize..40, "[ -~\n]{0,12}", any::<i64>()),
            1..4,
        ),
    ) {
        let mut source = SHIPPED[file].1.to_string();
        for (op, at, len, text, number) in edits {
            source = mutate(&source, op, at, len, &text, number);
        }
        if let Err(e) = parse("mutated.toml", &source) {
            // Every problem has a real position and something to say.
            for p in e.problems() {
                prop_assert!(p.line >= 1 && p.column >= 1 && !p.message.is_empty());
                prop_assert!(p.line <= source.lines().count().max(1) + 1);
            }
        }
    }
}

#[test]
fn deeply_nested_values_are_rejected_without_overflowing_the_stack() {
    for depth in [1_000, 100_000] {
        let arrays = format!("{MINIMAL}x = {}{}\n", "[".repeat(depth), "]".repeat(depth));
        let tables = format!(
            "{MINIMAL}x = {}{}\n",
            "{ a = ".repeat(depth),
            "}".repeat(depth)
        );
        assert!(parse("deep.toml", &arrays).is_err());
        assert!(parse("deep.toml", &tables).is_err());
    }
}
