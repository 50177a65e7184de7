-- The audit log: every change, who made it and when, in a hash chain.
--
-- Each entry's hash is SHA-256 over the previous entry's hash and a canonical
-- JSON form of this entry (see compact-store/src/audit), so changing,
-- removing or reordering an entry breaks the chain from that point on and
-- `compact audit verify` names the first broken entry.
--
-- seq has no default: the store gives each entry the next number while it
-- holds the write lock, because the number is part of what is hashed.
-- before and after are JSON kept as TEXT, not JSONB: JSONB would reorder and
-- respace them, and the hash is over the exact text.

CREATE TABLE audit_log (
    seq         BIGINT PRIMARY KEY CHECK (seq >= 1),
    compact_id  BIGINT REFERENCES compacts(id),
    at          TIMESTAMPTZ NOT NULL,
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
-- this; the trigger stops the application, or a mistaken hand, doing it.
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % is refused', TG_OP;
END;
$$;

CREATE TRIGGER audit_log_append_only
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();

CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
