-- The learning record fed by the LMS over xAPI 1.0.3: LMS clients with their own Basic
-- credentials (only a hash of the secret kept), and each statement stored once by its id.
CREATE TABLE lms_clients (
    id           bigserial   PRIMARY KEY,
    name         text        NOT NULL,
    username     text        NOT NULL UNIQUE,
    secret_hash  text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    revoked_at   timestamptz
);

-- An LMS account ({homePage}|{name}) is a contact too, so the LMS finds the person again.
ALTER TABLE person_contacts DROP CONSTRAINT person_contacts_kind_check;
ALTER TABLE person_contacts ADD CONSTRAINT person_contacts_kind_check CHECK (kind IN ('EMAIL', 'PHONE', 'LMS'));

CREATE TABLE xapi_statements (
    id                 uuid        PRIMARY KEY,
    client_id          bigint      NOT NULL REFERENCES lms_clients (id),
    person_id          uuid        NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    verb               text        NOT NULL,
    object_id          text        NOT NULL,
    object_name        text        NOT NULL DEFAULT '',
    score              numeric,
    success            boolean,
    completion         boolean,
    duration_seconds   numeric,
    progress           numeric,
    at                 timestamptz NOT NULL,
    stored_at          timestamptz NOT NULL DEFAULT now(),
    voided             boolean     NOT NULL DEFAULT false,
    statement          jsonb       NOT NULL
);
CREATE INDEX xapi_statements_person ON xapi_statements (person_id, object_id, at);
