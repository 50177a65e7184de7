-- The audit log: every change, who made it and when, in a hash chain.
--
-- Each entry's hash is SHA-256 over the previous entry's hash and a canonical
-- JSON form of this entry (see compact-store/src/audit), so changing,
-- removing or reordering an entry breaks the chain from that point on and
-- `compact audit verify` names the first broken entry.
--
-- seq has no default: the store gives each entry the next number while it
-- holds the write lock, because the number is part of what is hashed.

CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY CHECK (seq >= 1),
    compact_id  INTEGER REFERENCES compacts(id),
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    subject     TEXT NOT NULL,
    before      TEXT,
    after       TEXT,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_log_compact ON audit_log(compact_id, seq);

-- Append-only. The hash chain detects tampering by someone who gets round
-- these; the triggers stop the application, or a mistaken hand, doing it.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: its entries cannot be changed');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: its entries cannot be deleted');
END;
