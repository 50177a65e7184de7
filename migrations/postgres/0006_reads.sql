-- Reads that scale.
--
-- A Compact's data version: a number that every write changing what the
-- Compact's pages show raises, in the same transaction as the write. Derived
-- data (the rules engine's findings) is kept per Compact, version and date,
-- and a server sees another server's write on its next request by reading
-- this one row.
CREATE TABLE data_versions (
    compact_id  BIGINT PRIMARY KEY REFERENCES compacts(id),
    version     BIGINT NOT NULL
);
INSERT INTO data_versions (compact_id, version) SELECT id, 1 FROM compacts;

-- What the register's search compares, worked out by the application (its
-- case folding is Unicode's, which SQL's LOWER is not on every engine):
-- the name folded for sorting, the name and identifiers folded for words,
-- and the areas of work folded, each between two separators. A change to
-- any of the columns they come from empties them, and the write's audit
-- entry fills them again before it commits. The sort key compares as bytes,
-- as the application's strings do, whatever the database's collation.
ALTER TABLE organisations ADD COLUMN name_key TEXT COLLATE "C";
ALTER TABLE organisations ADD COLUMN search_text TEXT;
ALTER TABLE organisations ADD COLUMN areas_key TEXT;
-- After the update, as on SQLite (whose triggers cannot change the row being
-- written), so the two engines' schemas stay the same. The inner UPDATE sets
-- only name_key, which is not among the columns watched: it does not fire
-- the trigger again.
CREATE FUNCTION organisations_keys_stale() RETURNS trigger AS $$
BEGIN
    UPDATE organisations SET name_key = NULL WHERE id = NEW.id;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER organisations_keys_stale
AFTER UPDATE OF name, postcode, charity_number, company_number, areas_of_work ON organisations
FOR EACH ROW EXECUTE FUNCTION organisations_keys_stale();
CREATE INDEX organisations_stale_keys ON organisations(id) WHERE name_key IS NULL;

-- The register in name order, a page at a time.
CREATE INDEX organisations_register_order ON organisations(compact_id, name_key, id);
-- Standing on a date: an organisation's sign-ups to one Compact.
CREATE INDEX signatories_standing ON signatories(compact_id, organisation_id, signed_on);
