-- Hardening: an audit log no one can replace, signed checkpoints of it,
-- sign-in throttled by address and client, and forgotten-password requests
-- counted.

-- SQLite's INSERT OR REPLACE deletes the old row without firing its delete
-- triggers; refusing an insert whose number is taken stops it first.
CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
WHEN EXISTS (SELECT 1 FROM audit_log WHERE seq = NEW.seq)
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: its entries cannot be replaced');
END;

-- "Entry seq had this hash", signed with a key kept outside the database
-- (see compact-core/src/audit_checkpoint.rs). Append-only like the log.
CREATE TABLE audit_checkpoints (
    seq        INTEGER PRIMARY KEY CHECK (seq >= 1),
    hash       TEXT NOT NULL,
    at         TEXT NOT NULL,
    key        TEXT NOT NULL,
    signature  TEXT NOT NULL
);
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'audit checkpoints cannot be changed');
END;
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'audit checkpoints cannot be deleted');
END;
CREATE TRIGGER audit_checkpoints_no_replace BEFORE INSERT ON audit_checkpoints
WHEN EXISTS (SELECT 1 FROM audit_checkpoints WHERE seq = NEW.seq)
BEGIN
    SELECT RAISE(ABORT, 'audit checkpoints cannot be replaced');
END;

-- Who tried: a network address (`address:...`) or a browser that signed in
-- to this account before (`device:...`), and whether it was such a browser.
ALTER TABLE login_attempts ADD COLUMN client TEXT NOT NULL DEFAULT '';
ALTER TABLE login_attempts ADD COLUMN known_device INTEGER NOT NULL DEFAULT 0;
CREATE INDEX login_attempts_email_client_at ON login_attempts(email, client, at);

-- Each time one client was stopped from trying an address.
CREATE TABLE sign_in_lockouts (
    id       INTEGER PRIMARY KEY,
    email    TEXT NOT NULL,
    client   TEXT NOT NULL,
    at       TEXT NOT NULL,
    until    TEXT NOT NULL
);
CREATE INDEX sign_in_lockouts_email_client ON sign_in_lockouts(email, client, until);

-- Browsers that signed in to an address: others' guesses never slow them.
-- Only the hash of the cookie's token is kept.
CREATE TABLE sign_in_devices (
    token_hash  TEXT NOT NULL,
    email       TEXT NOT NULL,
    last_used   TEXT NOT NULL,
    PRIMARY KEY (token_hash, email)
);

-- Every forgotten-password request, known address or not, so both take the
-- same work and floods are counted by address and by client.
CREATE TABLE password_reset_requests (
    id       INTEGER PRIMARY KEY,
    email    TEXT NOT NULL,
    client   TEXT NOT NULL,
    at       TEXT NOT NULL,
    sent     INTEGER NOT NULL
);
CREATE INDEX password_reset_requests_email ON password_reset_requests(email, at);
CREATE INDEX password_reset_requests_client ON password_reset_requests(client, at);
