-- Funding agreements recorded through the service, not only imported:
-- what each is for and how it is paid and monitored, the steps of the
-- reduction procedure taken before a cut, and the equality impact
-- assessment of a change, characteristic by characteristic, with who took
-- part. Indexes serve the pages, which read one agreement or one page of
-- a Compact's agreements at a time.

ALTER TABLE agreements ADD COLUMN purpose TEXT NOT NULL DEFAULT '';
ALTER TABLE agreements ADD COLUMN paid_in TEXT;
ALTER TABLE agreements ADD COLUMN monitoring TEXT NOT NULL DEFAULT '';
ALTER TABLE agreements ADD COLUMN exit_strategy_summary TEXT NOT NULL DEFAULT '';
ALTER TABLE agreements ADD COLUMN full_cost_recovery INTEGER;
CREATE INDEX agreements_compact_funder ON agreements(compact_id, funder_id, id);
CREATE INDEX agreements_compact_recipient ON agreements(compact_id, recipient_id, id);
CREATE INDEX payments_agreement ON payments(agreement_id, due_on);
CREATE INDEX funding_changes_agreement ON funding_changes(agreement_id);

-- One row per step taken; a step recorded again (corrected) adds a row,
-- and the latest counts.
CREATE TABLE reduction_steps (
    id          INTEGER PRIMARY KEY,
    compact_id  INTEGER NOT NULL REFERENCES compacts(id),
    change_id   INTEGER NOT NULL REFERENCES funding_changes(id),
    step        TEXT NOT NULL,
    done_on     TEXT NOT NULL,
    done_by     TEXT NOT NULL,
    note        TEXT NOT NULL
);
CREATE INDEX reduction_steps_compact ON reduction_steps(compact_id);
CREATE INDEX reduction_steps_change ON reduction_steps(change_id);

-- The assessment's date and whether it was joint stay on funding_changes
-- (eia_completed_on, eia_joint); these hold its entries and participants,
-- replaced together when it is recorded again.
CREATE TABLE impact_entries (
    id              INTEGER PRIMARY KEY,
    compact_id      INTEGER NOT NULL REFERENCES compacts(id),
    change_id       INTEGER NOT NULL REFERENCES funding_changes(id),
    characteristic  TEXT NOT NULL,
    impact          TEXT NOT NULL,
    evidence        TEXT NOT NULL,
    mitigation      TEXT NOT NULL,
    UNIQUE (change_id, characteristic)
);
CREATE INDEX impact_entries_compact ON impact_entries(compact_id);

CREATE TABLE impact_participants (
    id               INTEGER PRIMARY KEY,
    compact_id       INTEGER NOT NULL REFERENCES compacts(id),
    change_id        INTEGER NOT NULL REFERENCES funding_changes(id),
    organisation_id  INTEGER NOT NULL REFERENCES organisations(id),
    UNIQUE (change_id, organisation_id)
);
CREATE INDEX impact_participants_compact ON impact_participants(compact_id);
