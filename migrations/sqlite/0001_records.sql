-- Compact's records on SQLite. Dates are ISO 8601 text (YYYY-MM-DD, London
-- civil dates); instants are RFC 3339 text in UTC; money is integer pence.
-- Every record belongs to a Compact (compact_id): one database holds many.

CREATE TABLE compacts (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    definition  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE organisations (
    id              INTEGER PRIMARY KEY,
    compact_id      INTEGER NOT NULL REFERENCES compacts(id),
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL,
    charity_number  TEXT,
    company_number  TEXT,
    postcode        TEXT,
    active          INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT NOT NULL
);
CREATE INDEX organisations_compact ON organisations(compact_id);

CREATE TABLE signatories (
    id                     INTEGER PRIMARY KEY,
    compact_id             INTEGER NOT NULL REFERENCES compacts(id),
    organisation_id        INTEGER NOT NULL REFERENCES organisations(id),
    signed_on              TEXT NOT NULL,
    signed_by              TEXT NOT NULL,
    withdrawn_on           TEXT,
    withdrawal_reason      TEXT,
    champion_name          TEXT,
    champion_role          TEXT,
    champion_contact       TEXT,
    champion_appointed_on  TEXT,
    champion_trained_on    TEXT
);
CREATE INDEX signatories_compact ON signatories(compact_id);

CREATE TABLE consultations (
    id                     INTEGER PRIMARY KEY,
    compact_id             INTEGER NOT NULL REFERENCES compacts(id),
    title                  TEXT NOT NULL,
    lead_id                INTEGER NOT NULL REFERENCES organisations(id),
    opened_on              TEXT NOT NULL,
    closes_on              TEXT NOT NULL,
    shorter_period_reason  TEXT,
    criteria_published_on  TEXT,
    feedback_published_on  TEXT
);
CREATE INDEX consultations_compact ON consultations(compact_id);

CREATE TABLE agreements (
    id                       INTEGER PRIMARY KEY,
    compact_id               INTEGER NOT NULL REFERENCES compacts(id),
    title                    TEXT NOT NULL,
    funder_id                INTEGER NOT NULL REFERENCES organisations(id),
    recipient_id             INTEGER NOT NULL REFERENCES organisations(id),
    kind                     TEXT NOT NULL,
    amount_pence             INTEGER NOT NULL,
    starts_on                TEXT NOT NULL,
    ends_on                  TEXT NOT NULL,
    exit_strategy_agreed_on  TEXT
);
CREATE INDEX agreements_compact ON agreements(compact_id);

CREATE TABLE payments (
    id            INTEGER PRIMARY KEY,
    compact_id    INTEGER NOT NULL REFERENCES compacts(id),
    agreement_id  INTEGER NOT NULL REFERENCES agreements(id),
    due_on        TEXT NOT NULL,
    amount_pence  INTEGER NOT NULL,
    paid_on       TEXT
);
CREATE INDEX payments_compact ON payments(compact_id);

CREATE TABLE funding_changes (
    id                  INTEGER PRIMARY KEY,
    compact_id          INTEGER NOT NULL REFERENCES compacts(id),
    agreement_id        INTEGER NOT NULL REFERENCES agreements(id),
    kind                TEXT NOT NULL,
    new_amount_pence    INTEGER,
    decided_on          TEXT NOT NULL,
    notice_given_on     TEXT,
    effective_on        TEXT NOT NULL,
    consultation_id     INTEGER REFERENCES consultations(id),
    eia_completed_on    TEXT,
    eia_joint           INTEGER,
    eia_characteristics TEXT
);
CREATE INDEX funding_changes_compact ON funding_changes(compact_id);

CREATE TABLE disputes (
    id            INTEGER PRIMARY KEY,
    compact_id    INTEGER NOT NULL REFERENCES compacts(id),
    title         TEXT NOT NULL,
    raised_by_id  INTEGER NOT NULL REFERENCES organisations(id),
    against_id    INTEGER NOT NULL REFERENCES organisations(id),
    raised_on     TEXT NOT NULL,
    summary       TEXT NOT NULL
);
CREATE INDEX disputes_compact ON disputes(compact_id);

CREATE TABLE dispute_events (
    id          INTEGER PRIMARY KEY,
    compact_id  INTEGER NOT NULL REFERENCES compacts(id),
    dispute_id  INTEGER NOT NULL REFERENCES disputes(id),
    stage       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    happened_on TEXT NOT NULL,
    note        TEXT NOT NULL
);
CREATE INDEX dispute_events_compact ON dispute_events(compact_id);

CREATE TABLE seats (
    id               INTEGER PRIMARY KEY,
    compact_id       INTEGER NOT NULL REFERENCES compacts(id),
    body             TEXT NOT NULL,
    constituency     TEXT NOT NULL,
    holder           TEXT NOT NULL,
    organisation_id  INTEGER REFERENCES organisations(id),
    roles            TEXT NOT NULL,
    held_from        TEXT NOT NULL,
    held_until       TEXT
);
CREATE INDEX seats_compact ON seats(compact_id);

CREATE TABLE reviews (
    id                   INTEGER PRIMARY KEY,
    compact_id           INTEGER NOT NULL REFERENCES compacts(id),
    review_year          INTEGER NOT NULL,
    completed_on         TEXT NOT NULL,
    report_published_on  TEXT,
    meeting_held_on      TEXT
);
CREATE INDEX reviews_compact ON reviews(compact_id);

CREATE TABLE milestones (
    id          INTEGER PRIMARY KEY,
    compact_id  INTEGER NOT NULL REFERENCES compacts(id),
    review_id   INTEGER REFERENCES reviews(id),
    area        TEXT NOT NULL,
    title       TEXT NOT NULL,
    due_on      TEXT NOT NULL,
    done_on     TEXT
);
CREATE INDEX milestones_compact ON milestones(compact_id);
