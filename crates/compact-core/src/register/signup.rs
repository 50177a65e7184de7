//! What people type when an organisation signs up, appoints its Compact
//! champion or withdraws, checked and turned into records.
//!
//! Each check reports every problem at once, by field, so a form can show
//! them all together; the web layer words them in the page's language.

use crate::calendar::{parse_typed_date, Date};
use crate::date_ranges::{self, DateRange, OutOfRange};
use crate::model::Champion;
use serde::Serialize;

/// Longest text kept in one field; longer is almost certainly a paste error.
pub const MAX_TEXT: usize = 500;

/// What is wrong with one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    /// Nothing was entered.
    Missing,
    /// Not a real date in a form we read.
    NotADate,
    /// A date after today.
    InFuture,
    /// A date before the earliest its field accepts: the Compact's edition
    /// (a sign-up), the signing (an appointment, a withdrawal), the
    /// appointment (a training). See [`crate::date_ranges`].
    TooEarly,
    /// Longer than [`MAX_TEXT`] characters.
    TooLong,
    /// Not in the form this field takes (a charity number, a postcode, an
    /// e-mail or web address, a kind from the list, an amount of money).
    WrongFormat,
    /// A date after the latest its field accepts when that is not today
    /// (an agreement longer than the longest plausible, a consultation
    /// closing more than a year after it opens): the range says which.
    TooLate,
    /// An organisation of the wrong kind for its part: a funder that is
    /// not a public body, a recipient that is not a VCSE organisation.
    WrongKind,
    /// An amount of money out of the plausible range: none, or more than
    /// the most any one agreement could hold.
    OutOfRange,
    /// More items than the field takes (documents, areas of work).
    TooMany,
    /// A file with nothing in it.
    Empty,
    /// A file larger than the field takes.
    TooLarge,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FieldProblem {
    /// The form field's name.
    pub field: &'static str,
    pub problem: Problem,
    /// For a date outside its range, the range, so the message can say
    /// which dates the field takes.
    pub range: Option<DateRange>,
}

impl FieldProblem {
    pub fn new(field: &'static str, problem: Problem) -> FieldProblem {
        FieldProblem {
            field,
            problem,
            range: None,
        }
    }

    /// A date outside `range`, on the side `side`.
    pub fn out_of_range(field: &'static str, side: OutOfRange, range: DateRange) -> FieldProblem {
        FieldProblem {
            field,
            problem: match side {
                OutOfRange::TooEarly => Problem::TooEarly,
                OutOfRange::TooLate => Problem::InFuture,
            },
            range: Some(range),
        }
    }
}

/// Collects problems while fields are read.
#[derive(Default)]
pub(crate) struct Checker {
    problems: Vec<FieldProblem>,
}

impl Checker {
    pub(crate) fn push(&mut self, problem: FieldProblem) {
        self.problems.push(problem);
    }

    pub(crate) fn flag(&mut self, field: &'static str, problem: Problem) {
        self.problems.push(FieldProblem::new(field, problem));
    }

    /// Text of at most `max` characters, trimmed; required or not.
    pub(crate) fn text_up_to(
        &mut self,
        field: &'static str,
        value: &str,
        max: usize,
        required: bool,
    ) -> String {
        let value = value.trim();
        if value.chars().count() > max {
            self.flag(field, Problem::TooLong);
        }
        if required && value.is_empty() {
            self.flag(field, Problem::Missing);
        }
        value.to_string()
    }

    /// Required text, trimmed.
    pub(crate) fn text(&mut self, field: &'static str, value: &str) -> String {
        let value = self.optional_text(field, value);
        if value.is_empty() {
            self.flag(field, Problem::Missing);
        }
        value
    }

    pub(crate) fn optional_text(&mut self, field: &'static str, value: &str) -> String {
        let value = value.trim();
        if value.chars().count() > MAX_TEXT {
            self.flag(field, Problem::TooLong);
        }
        value.to_string()
    }

    /// A required date in `range`.
    pub(crate) fn date(
        &mut self,
        field: &'static str,
        value: &str,
        range: DateRange,
    ) -> Option<Date> {
        if value.trim().is_empty() {
            self.flag(field, Problem::Missing);
            return None;
        }
        self.optional_date(field, value, range)
    }

    /// An optional date in `range`. A date outside it is still returned
    /// (with its problem noted), so the dates that follow it are checked
    /// against what was typed.
    pub(crate) fn optional_date(
        &mut self,
        field: &'static str,
        value: &str,
        range: DateRange,
    ) -> Option<Date> {
        if value.trim().is_empty() {
            return None;
        }
        let Some(date) = parse_typed_date(value) else {
            self.flag(field, Problem::NotADate);
            return None;
        };
        if let Err(side) = range.check(date) {
            self.problems
                .push(FieldProblem::out_of_range(field, side, range));
        }
        Some(date)
    }

    /// An optional identifier, parsed by its own type.
    pub(crate) fn parsed<T: std::str::FromStr>(
        &mut self,
        field: &'static str,
        value: &str,
    ) -> Option<T> {
        let value = value.trim();
        if value.is_empty() {
            return None;
        }
        let parsed = value.parse().ok();
        if parsed.is_none() {
            self.flag(field, Problem::WrongFormat);
        }
        parsed
    }

    /// An optional value checked by `check`.
    pub(crate) fn checked(
        &mut self,
        field: &'static str,
        value: &str,
        check: impl Fn(&str) -> Result<String, String>,
    ) -> Option<String> {
        if value.trim().is_empty() {
            return None;
        }
        let checked = check(value).ok();
        if checked.is_none() {
            self.flag(field, Problem::WrongFormat);
        }
        checked
    }

    pub(crate) fn finish<T>(
        self,
        value: impl FnOnce() -> Option<T>,
    ) -> Result<T, Vec<FieldProblem>> {
        if self.problems.is_empty() {
            value().ok_or_else(Vec::new)
        } else {
            Err(self.problems)
        }
    }
}

/// An organisation's sign-up as typed into the form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignUpInput {
    pub signed_on: String,
    /// The person with authority who signs.
    pub signed_by: String,
    pub signer_role: String,
    /// The person filling in the form confirms that the signer may commit
    /// the organisation.
    pub authority_confirmed: bool,
    pub champion: ChampionInput,
}

/// A checked sign-up.
#[derive(Debug, Clone, PartialEq)]
pub struct SignUp {
    pub signed_on: Date,
    pub signed_by: String,
    pub signer_role: String,
    pub champion: Champion,
}

impl SignUp {
    /// "Name, Role", as the register records who signed.
    pub fn signed_by_with_role(&self) -> String {
        format!("{}, {}", self.signed_by, self.signer_role)
    }
}

impl SignUpInput {
    /// Check every field, for a Compact whose edition is dated
    /// `edition_date` (see [`date_ranges::signing_date`]). The champion is
    /// appointed on the day of signing unless the form says otherwise.
    pub fn check(
        &self,
        today: Date,
        edition_date: Option<Date>,
    ) -> Result<SignUp, Vec<FieldProblem>> {
        let mut c = Checker::default();
        let signed_on = c.date(
            "signed_on",
            &self.signed_on,
            date_ranges::signing_date(edition_date, today),
        );
        let signed_by = c.text("signed_by", &self.signed_by);
        let signer_role = c.text("signer_role", &self.signer_role);
        let champion = self.champion.read(&mut c, today, signed_on, signed_on);
        if !self.authority_confirmed {
            c.flag("authority", Problem::Missing);
        }
        c.finish(|| {
            Some(SignUp {
                signed_on: signed_on?,
                signed_by,
                signer_role,
                champion: champion?,
            })
        })
    }
}

/// A Compact champion as typed into a form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChampionInput {
    pub name: String,
    pub role: String,
    pub contact: String,
    /// Blank on a sign-up form means the day of signing.
    pub appointed_on: String,
    /// Blank when not trained yet.
    pub trained_on: String,
}

impl ChampionInput {
    /// Check a champion appointed to an existing sign-up of `signed_on`. A
    /// blank appointment date means today: the champion is named now.
    pub fn check(&self, today: Date, signed_on: Date) -> Result<Champion, Vec<FieldProblem>> {
        let mut c = Checker::default();
        let champion = self.read(&mut c, today, Some(signed_on), Some(today));
        c.finish(|| champion)
    }

    /// `blank_means` is the appointment date when none is typed.
    fn read(
        &self,
        c: &mut Checker,
        today: Date,
        signed_on: Option<Date>,
        blank_means: Option<Date>,
    ) -> Option<Champion> {
        let name = c.text("champion_name", &self.name);
        let role = c.text("champion_role", &self.role);
        let contact = c.text("champion_contact", &self.contact);
        let appointed_on = if self.appointed_on.trim().is_empty() {
            blank_means
        } else {
            // Without a readable signing date only today bounds it; the
            // signing's own problem is reported already.
            let range = match signed_on {
                Some(signed_on) => date_ranges::after_signing(signed_on, today),
                None => date_ranges::register_date(today),
            };
            c.optional_date("champion_appointed_on", &self.appointed_on, range)
        };
        let range = match appointed_on {
            Some(appointed_on) => date_ranges::training_date(appointed_on, today),
            None => date_ranges::register_date(today),
        };
        let trained_on = c.optional_date("champion_trained_on", &self.trained_on, range);
        Some(Champion {
            name,
            role,
            contact,
            appointed_on: appointed_on?,
            trained_on,
        })
    }
}

/// A withdrawal as typed into the form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WithdrawalInput {
    pub withdrawn_on: String,
    pub reason: String,
}

impl WithdrawalInput {
    /// Check a withdrawal from a sign-up of `signed_on`: it takes effect on
    /// or after the signing, and not in the future.
    pub fn check(&self, today: Date, signed_on: Date) -> Result<(Date, String), Vec<FieldProblem>> {
        let mut c = Checker::default();
        let on = c.date(
            "withdrawn_on",
            &self.withdrawn_on,
            date_ranges::after_signing(signed_on, today),
        );
        let reason = c.text("reason", &self.reason);
        c.finish(|| Some((on?, reason)))
    }
}
