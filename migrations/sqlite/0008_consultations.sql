-- Consultations run through the service: a public body drafts one, publishes
-- it, the VCSE responds while it is open, and feedback follows the close.
-- Consultations recorded before (imported records) are published ones.
ALTER TABLE consultations ADD COLUMN status TEXT NOT NULL DEFAULT 'published' CHECK (status IN ('draft', 'published'));
ALTER TABLE consultations ADD COLUMN summary TEXT NOT NULL DEFAULT '';
ALTER TABLE consultations ADD COLUMN proposal TEXT NOT NULL DEFAULT '';
-- Who is affected, and the documents, as JSON arrays.
ALTER TABLE consultations ADD COLUMN sectors TEXT NOT NULL DEFAULT '[]';
ALTER TABLE consultations ADD COLUMN areas_of_work TEXT NOT NULL DEFAULT '[]';
ALTER TABLE consultations ADD COLUMN characteristics TEXT NOT NULL DEFAULT '[]';
ALTER TABLE consultations ADD COLUMN documents TEXT NOT NULL DEFAULT '[]';
ALTER TABLE consultations ADD COLUMN how_to_respond TEXT NOT NULL DEFAULT '';
ALTER TABLE consultations ADD COLUMN resources TEXT;
ALTER TABLE consultations ADD COLUMN contact_name TEXT NOT NULL DEFAULT '';
ALTER TABLE consultations ADD COLUMN contact_email TEXT NOT NULL DEFAULT '';
-- When it was published through the service (the feeds' date).
ALTER TABLE consultations ADD COLUMN published_at TEXT;
-- "You said, we did": set together with feedback_published_on.
ALTER TABLE consultations ADD COLUMN feedback_heard TEXT;
ALTER TABLE consultations ADD COLUMN feedback_changed TEXT;
ALTER TABLE consultations ADD COLUMN decision TEXT;
ALTER TABLE consultations ADD COLUMN decided_on TEXT;
-- The lists of a Compact's consultations by phase, and an organisation's.
CREATE INDEX consultations_compact_status ON consultations(compact_id, status, closes_on);
CREATE INDEX consultations_lead ON consultations(lead_id, compact_id);

-- Responses: sent online by a VCSE organisation's people, or recorded by the
-- lead's officers from an e-mail, letter or meeting. Either an organisation
-- of the register or a person's name says who responded.
CREATE TABLE consultation_responses (
    id                INTEGER PRIMARY KEY,
    consultation_id   INTEGER NOT NULL REFERENCES consultations(id),
    organisation_id   INTEGER REFERENCES organisations(id),
    respondent_name   TEXT,
    channel           TEXT NOT NULL CHECK (channel IN ('online', 'email', 'letter', 'meeting', 'other')),
    received_on       TEXT NOT NULL,
    body              TEXT NOT NULL,
    confidential      INTEGER NOT NULL DEFAULT 0,
    submitted_by      INTEGER REFERENCES accounts(id),
    recorded_at       TEXT NOT NULL
);
CREATE INDEX consultation_responses_consultation ON consultation_responses(consultation_id, organisation_id);
