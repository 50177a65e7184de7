-- Accounts, sign-in and e-mail on SQLite. Instants are RFC 3339 text in UTC,
-- as in 0001. Secrets (session and API tokens, reset links) are stored only
-- as SHA-256 hashes, and passwords only as argon2id hashes, so a copy of the
-- database cannot be used to sign in.

CREATE TABLE accounts (
    id             INTEGER PRIMARY KEY,
    -- Lower-cased and trimmed by the store, so one address is one account.
    email          TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    disabled_at    TEXT
);

CREATE TABLE account_grants (
    id               INTEGER PRIMARY KEY,
    account_id       INTEGER NOT NULL REFERENCES accounts(id),
    compact_id       INTEGER NOT NULL REFERENCES compacts(id),
    role             TEXT NOT NULL CHECK (role IN ('secretariat', 'officer', 'member', 'group')),
    organisation_id  INTEGER REFERENCES organisations(id),
    -- Officers and members act for an organisation; the other roles do not.
    CHECK ((role IN ('officer', 'member')) = (organisation_id IS NOT NULL))
);
-- UNIQUE(account_id, compact_id, role, organisation_id) would let a role
-- without an organisation be granted twice, because NULLs never compare
-- equal; the expression counts "no organisation" as one value.
CREATE UNIQUE INDEX account_grants_unique
    ON account_grants(account_id, compact_id, role, COALESCE(organisation_id, 0));
CREATE INDEX account_grants_compact ON account_grants(compact_id);

CREATE TABLE sessions (
    token_hash    TEXT PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts(id),
    csrf_token    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL
);
CREATE INDEX sessions_account ON sessions(account_id);
CREATE INDEX sessions_expires ON sessions(expires_at);

CREATE TABLE login_attempts (
    id         INTEGER PRIMARY KEY,
    email      TEXT NOT NULL,
    succeeded  INTEGER NOT NULL,
    at         TEXT NOT NULL
);
CREATE INDEX login_attempts_email_at ON login_attempts(email, at);

CREATE TABLE api_tokens (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts(id),
    name          TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    created_at    TEXT NOT NULL,
    last_used_at  TEXT,
    revoked_at    TEXT
);
CREATE INDEX api_tokens_account ON api_tokens(account_id);

CREATE TABLE password_resets (
    token_hash  TEXT PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT
);
CREATE INDEX password_resets_account ON password_resets(account_id);

CREATE TABLE email_outbox (
    id               INTEGER PRIMARY KEY,
    recipient        TEXT NOT NULL,
    subject          TEXT NOT NULL,
    body             TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT NOT NULL,
    sent_at          TEXT,
    last_error       TEXT
);
CREATE INDEX email_outbox_due ON email_outbox(next_attempt_at) WHERE sent_at IS NULL;
