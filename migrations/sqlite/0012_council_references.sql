-- The council's own reference of a record imported from its spreadsheet:
-- importing the same spreadsheet again finds each record by it, so a row
-- seen before changes the record it made rather than adding another.
-- Unique within what the council keeps it under: an agreement's within its
-- funder, a payment's and a change's within their agreement.
ALTER TABLE agreements ADD COLUMN reference TEXT;
CREATE UNIQUE INDEX agreements_reference ON agreements(compact_id, funder_id, reference) WHERE reference IS NOT NULL;
ALTER TABLE payments ADD COLUMN reference TEXT;
CREATE UNIQUE INDEX payments_reference ON payments(agreement_id, reference) WHERE reference IS NOT NULL;
ALTER TABLE funding_changes ADD COLUMN reference TEXT;
CREATE UNIQUE INDEX funding_changes_reference ON funding_changes(agreement_id, reference) WHERE reference IS NOT NULL;
ALTER TABLE consultations ADD COLUMN reference TEXT;
CREATE UNIQUE INDEX consultations_reference ON consultations(compact_id, lead_id, reference) WHERE reference IS NOT NULL;
