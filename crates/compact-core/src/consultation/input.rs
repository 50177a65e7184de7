//! What people type about a consultation, checked: every field's problem
//! at once, as the register's forms do.

use super::{period, Channel, Details, Document, Feedback, NewResponse};
use crate::calendar::{parse_typed_date, Date};
use crate::date_ranges::{DateRange, OutOfRange};
use crate::definition::{Definition, ProtectedCharacteristic, Sector};
use crate::register::{Checker, FieldProblem, Problem, MAX_TEXT};

/// Longest text of the long fields (a summary, what is proposed, a
/// response): a few pages, beyond which the text belongs in a document.
pub const MAX_LONG_TEXT: usize = 10_000;
/// Most documents one consultation links to.
pub const MAX_DOCUMENTS: usize = 20;
/// Most areas of work one consultation names.
pub const MAX_LIST: usize = 20;
/// Longest web address kept.
const MAX_URL: usize = 2_000;

/// The longest text a field takes, so a message can say it.
pub fn max_chars(field: &str) -> usize {
    match field {
        "summary" | "proposal" | "how_to_respond" | "resources" | "body" | "heard" | "changed"
        | "decision" => MAX_LONG_TEXT,
        "documents" => MAX_URL,
        _ => MAX_TEXT,
    }
}

/// A document as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentInput {
    pub title: String,
    pub url: String,
}

impl DocumentInput {
    /// Documents typed one a line, each its title and then its address
    /// ("Draft strategy https://example.org/draft.pdf"). A line without an
    /// address is kept whole as a title, so its problem is reported.
    pub fn from_lines(text: &str) -> Vec<DocumentInput> {
        text.lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(|line| match line.rsplit_once(char::is_whitespace) {
                Some((title, url)) if url.contains("://") => DocumentInput {
                    title: title.trim().to_string(),
                    url: url.to_string(),
                },
                _ if line.contains("://") && !line.contains(char::is_whitespace) => DocumentInput {
                    title: String::new(),
                    url: line.to_string(),
                },
                _ => DocumentInput {
                    title: line.to_string(),
                    url: String::new(),
                },
            })
            .collect()
    }

    /// The documents one a line, as [`DocumentInput::from_lines`] reads them.
    pub fn to_lines(documents: &[Document]) -> String {
        documents
            .iter()
            .map(|d| format!("{} {}", d.title, d.url))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// A web address a document may have: `https://`, a host with a dot, no
/// spaces and no credentials.
pub fn https_url(text: &str) -> Option<String> {
    let url = text.trim();
    let rest = url
        .get(..8)
        .filter(|scheme| scheme.eq_ignore_ascii_case("https://"))
        .map(|_| &url[8..])?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let fine = url.chars().count() <= MAX_URL
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
        && !host.contains('@')
        && host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.');
    fine.then(|| url.to_string())
}

/// A consultation as typed into the form (or sent to the API).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConsultationInput {
    pub title: String,
    pub summary: String,
    pub proposal: String,
    /// Sector names (`public`, `vcse`, `private`).
    pub sectors: Vec<String>,
    pub areas_of_work: Vec<String>,
    /// Protected characteristics' names (`age`, `disability`, ...).
    pub characteristics: Vec<String>,
    pub opened_on: String,
    pub closes_on: String,
    pub shorter_period_reason: String,
    pub documents: Vec<DocumentInput>,
    pub how_to_respond: String,
    pub resources: String,
    pub contact_name: String,
    pub contact_email: String,
}

/// What a Compact lets a consultation name as affected.
#[derive(Debug, Clone, Copy)]
pub struct Choices<'d> {
    pub sectors: &'d [Sector],
    pub characteristics: &'d [ProtectedCharacteristic],
}

impl<'d> Choices<'d> {
    /// The sectors and protected characteristics `definition` lists.
    pub fn of(definition: &'d Definition) -> Choices<'d> {
        Choices {
            sectors: &definition.sectors,
            characteristics: &definition.protected_characteristics,
        }
    }
}

/// A date in `range`, its side named when outside: later than a range
/// ending today is "in the future", later than any other is too late.
fn date_in(
    c: &mut Checker,
    field: &'static str,
    value: &str,
    range: DateRange,
    today: Date,
) -> Option<Date> {
    if value.trim().is_empty() {
        c.flag(field, Problem::Missing);
        return None;
    }
    let Some(date) = parse_typed_date(value) else {
        c.flag(field, Problem::NotADate);
        return None;
    };
    match range.check(date) {
        Ok(_) => {}
        Err(OutOfRange::TooLate) if range.latest != today => c.push(FieldProblem {
            field,
            problem: Problem::TooLate,
            range: Some(range),
        }),
        Err(side) => c.push(FieldProblem::out_of_range(field, side, range)),
    }
    Some(date)
}

/// Names from a fixed list, each once; any other name is the field's
/// problem.
fn chosen<T: Copy + PartialEq + serde::de::DeserializeOwned>(
    c: &mut Checker,
    field: &'static str,
    names: &[String],
    allowed: &[T],
) -> Vec<T> {
    let mut out = Vec::new();
    for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        let parsed: Option<T> =
            serde_json::from_value(serde_json::Value::String(name.to_string())).ok();
        match parsed.filter(|p| allowed.contains(p)) {
            Some(p) if !out.contains(&p) => out.push(p),
            Some(_) => {}
            None => {
                c.flag(field, Problem::WrongFormat);
                return out;
            }
        }
    }
    out
}

impl ConsultationInput {
    /// Check every field. Dates: opening from 1998 to a year ahead,
    /// closing after the opening and within a year of it. A period shorter
    /// than the Compact's standard is not refused here: the rules engine
    /// records it (see docs/decisions/008-consultations.md).
    pub fn check(&self, today: Date, choices: Choices) -> Result<Details, Vec<FieldProblem>> {
        self.check_beside_uploads(today, choices, 0)
    }

    /// [`ConsultationInput::check`] for a consultation that already has
    /// `uploads` uploaded documents: its links and uploads together are at
    /// most [`MAX_DOCUMENTS`].
    pub fn check_beside_uploads(
        &self,
        today: Date,
        choices: Choices,
        uploads: usize,
    ) -> Result<Details, Vec<FieldProblem>> {
        let mut c = Checker::default();
        let title = c.text("title", &self.title);
        let summary = c.text_up_to("summary", &self.summary, MAX_LONG_TEXT, true);
        let proposal = c.text_up_to("proposal", &self.proposal, MAX_LONG_TEXT, true);
        let sectors = chosen(&mut c, "sectors", &self.sectors, choices.sectors);
        let characteristics = chosen(
            &mut c,
            "characteristics",
            &self.characteristics,
            choices.characteristics,
        );
        let mut areas_of_work: Vec<String> = Vec::new();
        for area in &self.areas_of_work {
            let area = c.optional_text("areas_of_work", area);
            if !area.is_empty() && !areas_of_work.iter().any(|a| a.eq_ignore_ascii_case(&area)) {
                areas_of_work.push(area);
            }
        }
        if areas_of_work.len() > MAX_LIST {
            c.flag("areas_of_work", Problem::TooMany);
        }
        let opened_on = date_in(
            &mut c,
            "opened_on",
            &self.opened_on,
            period::opening_date(today),
            today,
        );
        let closes_on = match opened_on {
            Some(opened) => date_in(
                &mut c,
                "closes_on",
                &self.closes_on,
                period::closing_date(opened),
                today,
            ),
            // Without an opening only the form of the date can be checked.
            None => date_in(
                &mut c,
                "closes_on",
                &self.closes_on,
                period::opening_date(today),
                today,
            ),
        };
        let reason = c.optional_text("shorter_period_reason", &self.shorter_period_reason);
        let documents = self.documents(&mut c, uploads);
        let how_to_respond =
            c.text_up_to("how_to_respond", &self.how_to_respond, MAX_LONG_TEXT, true);
        let resources = c.text_up_to("resources", &self.resources, MAX_LONG_TEXT, false);
        let contact_name = c.text("contact_name", &self.contact_name);
        let contact_email = if self.contact_email.trim().is_empty() {
            c.flag("contact_email", Problem::Missing);
            None
        } else {
            c.checked(
                "contact_email",
                &self.contact_email,
                crate::import::email_field,
            )
        };
        c.finish(|| {
            Some(Details {
                title,
                summary,
                proposal,
                sectors,
                areas_of_work,
                characteristics,
                opened_on: opened_on?,
                closes_on: closes_on?,
                shorter_period_reason: Some(reason).filter(|r| !r.is_empty()),
                documents,
                how_to_respond,
                resources: Some(resources).filter(|r| !r.is_empty()),
                contact_name,
                contact_email: contact_email?,
            })
        })
    }

    fn documents(&self, c: &mut Checker, uploads: usize) -> Vec<Document> {
        if self.documents.len() + uploads > MAX_DOCUMENTS {
            c.flag("documents", Problem::TooMany);
        }
        let mut out = Vec::new();
        let mut faulty = false;
        for d in &self.documents {
            let title = d.title.trim();
            let url = https_url(&d.url);
            match url {
                Some(url) if !title.is_empty() && title.chars().count() <= MAX_TEXT => {
                    out.push(Document {
                        title: title.to_string(),
                        url,
                    })
                }
                _ => faulty = true,
            }
        }
        // One message for the field: a line with no title, or an address
        // that is not https.
        if faulty {
            c.flag("documents", Problem::WrongFormat);
        }
        out
    }
}

/// A response sent online by the responding organisation's people.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResponseInput {
    pub body: String,
    pub confidential: bool,
}

impl ResponseInput {
    /// Check a response sent today.
    pub fn check(&self, today: Date) -> Result<NewResponse, Vec<FieldProblem>> {
        let mut c = Checker::default();
        let body = c.text_up_to("body", &self.body, MAX_LONG_TEXT, true);
        c.finish(|| {
            Some(NewResponse {
                body,
                confidential: self.confidential,
                channel: Channel::Online,
                received_on: today,
                respondent_name: None,
            })
        })
    }
}

/// A response the lead received otherwise, recorded by its officer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordedResponseInput {
    pub body: String,
    pub confidential: bool,
    pub received_on: String,
    /// `email`, `letter`, `meeting` or `other`.
    pub channel: String,
    /// Whether an organisation of the register is named (the use case
    /// checks it); otherwise the respondent's name is required.
    pub organisation_named: bool,
    pub respondent_name: String,
}

impl RecordedResponseInput {
    /// Check a response to a consultation opened on `opened_on`: received
    /// from the opening to today.
    pub fn check(&self, today: Date, opened_on: Date) -> Result<NewResponse, Vec<FieldProblem>> {
        let mut c = Checker::default();
        let body = c.text_up_to("body", &self.body, MAX_LONG_TEXT, true);
        let received_on = date_in(
            &mut c,
            "received_on",
            &self.received_on,
            period::since_opening(opened_on, today),
            today,
        );
        let channel = match Channel::parse(self.channel.trim()) {
            Some(channel) if channel != Channel::Online => Some(channel),
            _ if self.channel.trim().is_empty() => {
                c.flag("channel", Problem::Missing);
                None
            }
            _ => {
                c.flag("channel", Problem::WrongFormat);
                None
            }
        };
        let name = c.optional_text("respondent_name", &self.respondent_name);
        if name.is_empty() && !self.organisation_named {
            c.flag("respondent_name", Problem::Missing);
        }
        c.finish(|| {
            Some(NewResponse {
                body,
                confidential: self.confidential,
                channel: channel?,
                received_on: received_on?,
                respondent_name: Some(name).filter(|n| !n.is_empty()),
            })
        })
    }
}

/// The feedback as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedbackInput {
    pub heard: String,
    pub changed: String,
    pub decision: String,
    pub decided_on: String,
}

impl FeedbackInput {
    /// Check feedback on a consultation opened on `opened_on`: the decision
    /// was taken from the opening to today.
    pub fn check(&self, today: Date, opened_on: Date) -> Result<Feedback, Vec<FieldProblem>> {
        let mut c = Checker::default();
        let heard = c.text_up_to("heard", &self.heard, MAX_LONG_TEXT, true);
        let changed = c.text_up_to("changed", &self.changed, MAX_LONG_TEXT, true);
        let decision = c.text_up_to("decision", &self.decision, MAX_LONG_TEXT, true);
        let decided_on = date_in(
            &mut c,
            "decided_on",
            &self.decided_on,
            period::since_opening(opened_on, today),
            today,
        );
        c.finish(|| {
            Some(Feedback {
                heard,
                changed,
                decision,
                decided_on: decided_on?,
            })
        })
    }
}
