-- Documents uploaded to a consultation, beside the documents it links to.
-- The bytes are kept in the database, so backups and the guarantee that a
-- committed write survives a crash cover them as they cover every record.
-- A draft's documents are private like the draft; the service decides who
-- may read them.
CREATE TABLE consultation_documents (
    id                INTEGER PRIMARY KEY,
    consultation_id   INTEGER NOT NULL REFERENCES consultations(id),
    title             TEXT NOT NULL,
    file_name         TEXT NOT NULL,
    media_type        TEXT NOT NULL,
    size              INTEGER NOT NULL CHECK (size > 0 AND size <= 10485760),
    sha256            TEXT NOT NULL CHECK (length(sha256) = 64),
    content           BLOB NOT NULL,
    uploaded_by       INTEGER REFERENCES accounts(id),
    uploaded_at       TEXT NOT NULL
);
CREATE INDEX consultation_documents_consultation ON consultation_documents(consultation_id, id);
