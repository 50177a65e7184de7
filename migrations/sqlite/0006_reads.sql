-- Reads that scale.
--
-- A Compact's data version: a number that every write changing what the
-- Compact's pages show raises, in the same transaction as the write. Derived
-- data (the rules engine's findings) is kept per Compact, version and date,
-- and a server sees another server's write on its next request by reading
-- this one row.
CREATE TABLE data_versions (
    compact_id  INTEGER PRIMARY KEY REFERENCES compacts(id),
    version     INTEGER NOT NULL
);
INSERT INTO data_versions (compact_id, version) SELECT id, 1 FROM compacts;

-- What the register's search compares, worked out by the application (its
-- case folding is Unicode's, which SQL's LOWER is not on every engine):
-- the name folded for sorting, the name and identifiers folded for words,
-- and the areas of work folded, each between two separators. A change to
-- any of the columns they come from empties them, and the write's audit
-- entry fills them again before it commits.
ALTER TABLE organisations ADD COLUMN name_key TEXT;
ALTER TABLE organisations ADD COLUMN search_text TEXT;
ALTER TABLE organisations ADD COLUMN areas_key TEXT;
CREATE TRIGGER organisations_keys_stale
AFTER UPDATE OF name, postcode, charity_number, company_number, areas_of_work ON organisations
BEGIN
    UPDATE organisations SET name_key = NULL WHERE id = NEW.id;
END;
CREATE INDEX organisations_stale_keys ON organisations(id) WHERE name_key IS NULL;

-- The register in name order, a page at a time.
CREATE INDEX organisations_register_order ON organisations(compact_id, name_key, id);
-- Standing on a date: an organisation's sign-ups to one Compact.
CREATE INDEX signatories_standing ON signatories(compact_id, organisation_id, signed_on);
