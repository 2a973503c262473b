-- A declaration: one account's application to one program of one project. The values are the
-- plugin form's visible fields; the record splits them into personal data, dean's-office data
-- and family-specific data.
CREATE SEQUENCE declaration_numbers;

CREATE TABLE declarations (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    number        text        NOT NULL UNIQUE,
    account_id    uuid        NOT NULL REFERENCES accounts (id),
    project_id    bigint      NOT NULL REFERENCES projects (id),
    program_id    bigint      NOT NULL REFERENCES programs (id),
    family_id     text        NOT NULL,
    status        text        NOT NULL CHECK (status IN
                      ('SUBMITTED', 'WAITLISTED', 'ACCEPTED', 'REJECTED', 'ENROLLED', 'WITHDRAWN')),
    holds_place   boolean     NOT NULL DEFAULT false,
    values        jsonb       NOT NULL,
    full_name     text        NOT NULL DEFAULT '',
    email         text        NOT NULL DEFAULT '',
    category      text        NOT NULL DEFAULT '',
    locale        text        NOT NULL DEFAULT 'ru',
    submitted_at  timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
-- One live declaration per account and program; a withdrawn one does not block a new one.
CREATE UNIQUE INDEX declarations_one_per_program ON declarations (account_id, program_id)
    WHERE status <> 'WITHDRAWN';
CREATE INDEX declarations_project_submitted ON declarations (project_id, submitted_at);
CREATE INDEX declarations_program_status ON declarations (program_id, status);
CREATE INDEX declarations_waitlist ON declarations (program_id, submitted_at) WHERE status = 'WAITLISTED';

CREATE TABLE declaration_history (
    id              bigserial   PRIMARY KEY,
    declaration_id  uuid        NOT NULL REFERENCES declarations (id) ON DELETE CASCADE,
    from_status     text,
    to_status       text        NOT NULL,
    comment         text        NOT NULL DEFAULT '',
    actor_id        uuid        REFERENCES accounts (id),
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX declaration_history_declaration ON declaration_history (declaration_id, id);

-- Uploaded documents (signed scans), kept in the database so that a backup holds everything.
CREATE TABLE declaration_documents (
    id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    declaration_id  uuid        NOT NULL REFERENCES declarations (id) ON DELETE CASCADE,
    kind            text        NOT NULL DEFAULT 'SIGNED_SCAN',
    media_type      text        NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    original_name   text        NOT NULL,
    size_bytes      integer     NOT NULL,
    content         bytea       NOT NULL,
    uploaded_by     uuid        REFERENCES accounts (id),
    uploaded_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX declaration_documents_declaration ON declaration_documents (declaration_id);

-- Saved registrations-list views per admin: columns, sort and filters.
CREATE TABLE list_views (
    account_id  uuid  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    list_name   text  NOT NULL,
    settings    jsonb NOT NULL,
    PRIMARY KEY (account_id, list_name)
);

-- Which declarations each project's digest has already reported.
CREATE TABLE project_digests (
    project_id     bigint      PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    reported_until timestamptz NOT NULL
);
