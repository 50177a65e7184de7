//! Consultations as the service runs them: a public body drafts one,
//! publishes it, the VCSE responds while it is open, and the body publishes
//! feedback ("you said, we did") after it closes.
//!
//! The rules engine judges only published consultations (the record in
//! [`crate::model::Consultation`]); this module holds what people type and
//! its checks, the Compact's period rule as a form explains it, and the
//! stored shapes the pages and the API show.

mod input;
pub mod period;
#[cfg(test)]
mod tests;
mod upload;

pub use input::{
    https_url, max_chars, Choices, ConsultationInput, DocumentInput, FeedbackInput,
    RecordedResponseInput, ResponseInput, MAX_DOCUMENTS, MAX_LIST, MAX_LONG_TEXT,
};
pub use upload::{clean_file_name, sha256_hex, FileType, NewUpload, UploadInput, MAX_UPLOAD_BYTES};

use crate::calendar::Date;
use crate::definition::{ProtectedCharacteristic, Sector};
use serde::{Deserialize, Serialize};

/// Where a consultation has got to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Being written: only the lead's officers and the secretariat see it.
    Draft,
    /// Public, and judged by the rules engine.
    Published,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Published => "published",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        [Status::Draft, Status::Published]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

/// A document the consultation links to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Document {
    pub title: String,
    /// An `https://` address.
    pub url: String,
}

/// Everything a consultation says about itself, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Details {
    pub title: String,
    pub summary: String,
    /// What is proposed.
    pub proposal: String,
    /// Who is affected: sectors of the Compact.
    #[serde(default)]
    pub sectors: Vec<Sector>,
    /// Who is affected: areas of work, as short phrases.
    #[serde(default)]
    pub areas_of_work: Vec<String>,
    /// Who is affected: protected characteristics.
    #[serde(default)]
    pub characteristics: Vec<ProtectedCharacteristic>,
    pub opened_on: Date,
    pub closes_on: Date,
    /// Why the period is shorter than the Compact's standard, when it is.
    #[serde(default)]
    pub shorter_period_reason: Option<String>,
    #[serde(default)]
    pub documents: Vec<Document>,
    pub how_to_respond: String,
    /// The resources agreed for the VCSE's part in the consultation.
    #[serde(default)]
    pub resources: Option<String>,
    pub contact_name: String,
    pub contact_email: String,
}

/// How a response reached the lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Sent through the service by the responding organisation's people.
    Online,
    Email,
    Letter,
    Meeting,
    Other,
}

impl Channel {
    pub const ALL: [Channel; 5] = [
        Channel::Online,
        Channel::Email,
        Channel::Letter,
        Channel::Meeting,
        Channel::Other,
    ];
    /// The channels an officer records a response from.
    pub const RECORDED: [Channel; 4] = [
        Channel::Email,
        Channel::Letter,
        Channel::Meeting,
        Channel::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Online => "online",
            Channel::Email => "email",
            Channel::Letter => "letter",
            Channel::Meeting => "meeting",
            Channel::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

/// A response, checked, before it is stored: who sent it is the use
/// case's to say (an organisation of the register, or a name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewResponse {
    pub body: String,
    pub confidential: bool,
    pub channel: Channel,
    pub received_on: Date,
    /// A person or group outside the register, when no organisation is
    /// named.
    pub respondent_name: Option<String>,
}

/// "You said, we did": what the lead heard, what it changed and why, and
/// what it decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feedback {
    pub heard: String,
    pub changed: String,
    pub decision: String,
    pub decided_on: Date,
}

/// Where a published consultation stands on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Published, opening later.
    Upcoming,
    /// Taking responses.
    Open,
    /// Closed, feedback not yet published.
    AwaitingFeedback,
    /// Closed, feedback published.
    Past,
}

/// The phase of a published consultation open from `opened_on` to
/// `closes_on` (both days included) on `today`.
pub fn phase(opened_on: Date, closes_on: Date, feedback: bool, today: Date) -> Phase {
    if today < opened_on {
        Phase::Upcoming
    } else if today <= closes_on {
        Phase::Open
    } else if feedback {
        Phase::Past
    } else {
        Phase::AwaitingFeedback
    }
}
