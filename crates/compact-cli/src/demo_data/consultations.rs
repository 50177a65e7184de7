//! Consultations run through the service for the demo, made by the same
//! use cases the pages call: one open that meets the standard, one closed
//! with feedback ("you said, we did"), one open that is shorter than the
//! standard with no reason, one closed awaiting feedback, and a draft,
//! with responses recorded.

use anyhow::Result;
use compact_app::{Acting, App};
use compact_core::calendar::{days_after, days_before, weeks_after};
use compact_core::consultation::{
    ConsultationInput, DocumentInput, FeedbackInput, RecordedResponseInput,
};
use compact_core::{ConsultationId, Date};

fn typed(date: Date) -> String {
    date.format("%Y-%m-%d").to_string()
}

fn input(title: &str, opens: Date, closes: Date) -> ConsultationInput {
    let web = title.to_lowercase().replace(' ', "-");
    ConsultationInput {
        title: title.into(),
        summary: format!("The council proposes changes to {}.", title.to_lowercase()),
        proposal: "What changes, where and when, set out in the documents below.".into(),
        sectors: vec!["vcse".into()],
        areas_of_work: vec!["older people".into(), "carers".into()],
        characteristics: vec!["age".into(), "disability".into()],
        opened_on: typed(opens),
        closes_on: typed(closes),
        shorter_period_reason: String::new(),
        documents: DocumentInput::from_lines(&format!(
            "The proposal https://www.example.org/{web}/proposal.pdf\nEasy read version https://www.example.org/{web}/easy-read.pdf"
        )),
        how_to_respond: "Respond online here, write to the consultation team, or come to a drop-in session.".into(),
        resources: "Two funded workshops for voluntary groups to gather their members' views.".into(),
        contact_name: "Consultation team".into(),
        contact_email: "consult@example.org".into(),
    }
}

/// Make the demo's consultations; answers their numbers (open, closed
/// with feedback, short, awaiting feedback, draft).
pub async fn make(app: &App, slug: &str, today: Date) -> Result<Vec<ConsultationId>> {
    let operator = Acting::operator("compact demo");
    let compact = app.compact(slug).await?;
    let leads = app.consultation_leads(&operator, &compact).await?;
    let Some((lead, _)) = leads.first().cloned() else {
        return Ok(Vec::new());
    };
    let lead = Some(lead);
    let mut made = Vec::new();
    let opens = days_before(today, 14);
    let open = input(
        "Library opening hours",
        opens,
        days_after(weeks_after(opens, 12), 7),
    );
    made.push(app.draft_consultation(&operator, slug, lead, &open).await?);
    let opens = days_before(today, 120);
    let closed = input(
        "Day services for older people",
        opens,
        days_before(today, 20),
    );
    made.push(
        app.draft_consultation(&operator, slug, lead, &closed)
            .await?,
    );
    let short = input(
        "Household waste collections",
        days_before(today, 3),
        days_after(today, 25),
    );
    made.push(
        app.draft_consultation(&operator, slug, lead, &short)
            .await?,
    );
    for id in &made {
        app.publish_consultation(&operator, slug, *id).await?;
    }
    for (id, days_ago, who, text) in [
        (
            made[0],
            7,
            "Friends of the Library",
            "Evening opening matters to students and carers.",
        ),
        (
            made[1],
            60,
            "Riverside Carers Group",
            "Carers need the Thursday session to stay.",
        ),
    ] {
        let response = RecordedResponseInput {
            body: text.into(),
            confidential: false,
            received_on: typed(days_before(today, days_ago)),
            channel: "letter".into(),
            organisation_named: false,
            respondent_name: who.into(),
        };
        app.record_consultation_response(&operator, slug, id, None, &response)
            .await?;
    }
    let feedback = FeedbackInput {
        heard: "Carers told us the Thursday session is the one they rely on.".into(),
        changed: "The Thursday session stays; the Monday session moves to the community hall."
            .into(),
        decision: "Adopted with the Thursday session kept.".into(),
        decided_on: typed(days_before(today, 5)),
    };
    app.publish_consultation_feedback(&operator, slug, made[1], &feedback)
        .await?;
    // Closed ten days ago, its feedback still to come.
    let opens = days_before(today, 100);
    let awaiting = input("Youth services review", opens, days_before(today, 10));
    let id = app
        .draft_consultation(&operator, slug, lead, &awaiting)
        .await?;
    app.publish_consultation(&operator, slug, id).await?;
    made.push(id);
    let opens = days_after(today, 14);
    let draft = input(
        "Community grants scheme",
        opens,
        days_after(weeks_after(opens, 12), 1),
    );
    made.push(
        app.draft_consultation(&operator, slug, lead, &draft)
            .await?,
    );
    Ok(made)
}
