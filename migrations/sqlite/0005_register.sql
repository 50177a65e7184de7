-- The register. An organisation is entered in one Compact's register (its
-- compact_id, the home register) and may sign up to any Compact in the
-- database, as neighbouring areas' Compacts often share organisations.
-- A sign-up records the edition of the Compact that was agreed to.
ALTER TABLE signatories ADD COLUMN edition TEXT NOT NULL DEFAULT '';
CREATE INDEX signatories_organisation ON signatories(organisation_id);

-- Imports find an organisation again by its identifiers.
CREATE INDEX organisations_charity_number ON organisations(compact_id, charity_number);
CREATE INDEX organisations_company_number ON organisations(compact_id, company_number);

-- A member's request that their organisation sign up, until the
-- secretariat approves it (which creates the signatory) or refuses it.
CREATE TABLE signup_requests (
    id                   INTEGER PRIMARY KEY,
    compact_id           INTEGER NOT NULL REFERENCES compacts(id),
    organisation_id      INTEGER NOT NULL REFERENCES organisations(id),
    requested_by         INTEGER NOT NULL REFERENCES accounts(id),
    requested_at         TEXT NOT NULL,
    signed_on            TEXT NOT NULL,
    signed_by            TEXT NOT NULL,
    signer_role          TEXT NOT NULL,
    edition              TEXT NOT NULL,
    champion_name        TEXT NOT NULL,
    champion_role        TEXT NOT NULL,
    champion_contact     TEXT NOT NULL,
    champion_trained_on  TEXT,
    status               TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused')),
    decided_by           INTEGER REFERENCES accounts(id),
    decided_at           TEXT,
    decision_note        TEXT,
    signatory_id         INTEGER REFERENCES signatories(id)
);
CREATE INDEX signup_requests_compact ON signup_requests(compact_id, status);
