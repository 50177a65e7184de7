-- The 360Giving identifier of an agreement imported from a funder's file
-- (or exported before): importing the same file again finds each agreement
-- by it, and the export keeps it, so a grant keeps one identifier wherever
-- it has been.
ALTER TABLE agreements ADD COLUMN grant_id TEXT;
CREATE UNIQUE INDEX agreements_grant_id ON agreements(compact_id, grant_id) WHERE grant_id IS NOT NULL;
