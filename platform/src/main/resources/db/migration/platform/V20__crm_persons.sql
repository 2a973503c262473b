-- The education CRM (package crm): one person per human, whatever the way in. A person's
-- contacts are kept normalized and unique, so that a new record finds its person by any of them.
CREATE TABLE persons (
    id           uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    last_name    text        NOT NULL DEFAULT '',
    first_name   text        NOT NULL DEFAULT '',
    middle_name  text        NOT NULL DEFAULT '',
    full_name    text        NOT NULL DEFAULT '',
    birth_date   date,
    tags         text[]      NOT NULL DEFAULT '{}',
    manager_id   uuid        REFERENCES accounts (id) ON DELETE SET NULL,
    email        text        NOT NULL DEFAULT '',
    phone        text        NOT NULL DEFAULT '',
    stage        text,
    stage_since  timestamptz,
    first_touch  jsonb,
    last_touch   jsonb,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX persons_created ON persons (created_at DESC, id DESC);
CREATE INDEX persons_full_name ON persons (full_name, id);
CREATE INDEX persons_name_birth ON persons (lower(full_name), birth_date) WHERE birth_date IS NOT NULL;
CREATE INDEX persons_stage ON persons (stage, created_at DESC);
CREATE INDEX persons_tags ON persons USING gin (tags);

-- Emails are kept lower-case and trimmed, phones in E.164; a contact belongs to one person.
CREATE TABLE person_contacts (
    id          bigserial   PRIMARY KEY,
    person_id   uuid        NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    kind        text        NOT NULL CHECK (kind IN ('EMAIL', 'PHONE')),
    value       text        NOT NULL,
    source      text        NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (kind, value)
);
CREATE INDEX person_contacts_person ON person_contacts (person_id);

-- Consents, each purpose apart, every grant and withdrawal kept with its time and source.
CREATE TABLE person_consents (
    id          bigserial   PRIMARY KEY,
    person_id   uuid        NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    purpose     text        NOT NULL CHECK (purpose IN ('PROCESSING', 'MARKETING')),
    granted     boolean     NOT NULL,
    source      text        NOT NULL DEFAULT '',
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX person_consents_person ON person_consents (person_id, purpose, at DESC);

-- The ways a person came in: applicant accounts and declarations.
CREATE TABLE person_accounts (
    account_id  uuid        PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    person_id   uuid        NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    linked_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX person_accounts_person ON person_accounts (person_id);
CREATE TABLE person_declarations (
    declaration_id  uuid        PRIMARY KEY REFERENCES declarations (id) ON DELETE CASCADE,
    person_id       uuid        NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    linked_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX person_declarations_person ON person_declarations (person_id);

-- The timeline: every interaction with a person, append-only. Its rows are never changed but
-- to follow their person into a merge, and go only with their person (erasure).
CREATE TABLE timeline_entries (
    id          bigserial   PRIMARY KEY,
    person_id   uuid        NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    kind        text        NOT NULL,
    at          timestamptz NOT NULL DEFAULT now(),
    summary     text        NOT NULL DEFAULT '',
    details     jsonb       NOT NULL DEFAULT '{}',
    actor_id    uuid        REFERENCES accounts (id) ON DELETE SET NULL,
    source_ref  text        UNIQUE
);
CREATE INDEX timeline_person ON timeline_entries (person_id, at DESC, id DESC);
CREATE INDEX timeline_person_kind ON timeline_entries (person_id, kind, at DESC, id DESC);

CREATE FUNCTION timeline_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.kind, NEW.at, NEW.summary, NEW.details, NEW.source_ref)
            IS DISTINCT FROM (OLD.kind, OLD.at, OLD.summary, OLD.details, OLD.source_ref) THEN
        RAISE EXCEPTION 'timeline entries cannot be changed';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER timeline_entries_append_only BEFORE UPDATE ON timeline_entries
    FOR EACH ROW EXECUTE FUNCTION timeline_entries_append_only();

-- Tasks on a person: who does it, by when, and whether it is done.
CREATE TABLE crm_tasks (
    id           bigserial   PRIMARY KEY,
    person_id    uuid        NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    title        text        NOT NULL,
    assignee_id  uuid        REFERENCES accounts (id) ON DELETE SET NULL,
    due_at       timestamptz,
    done_at      timestamptz,
    created_by   uuid        REFERENCES accounts (id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX crm_tasks_person ON crm_tasks (person_id, id);
CREATE INDEX crm_tasks_open ON crm_tasks (assignee_id, due_at) WHERE done_at IS NULL;

-- Funnel stages, in order; the list is the admins' to change. Each move of a person is kept.
CREATE TABLE funnel_stages (
    code      text    PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_-]{0,39}$'),
    position  integer NOT NULL,
    name_ru   text    NOT NULL,
    name_en   text    NOT NULL,
    active    boolean NOT NULL DEFAULT true
);
INSERT INTO funnel_stages (code, position, name_ru, name_en) VALUES
    ('interested', 10, 'Интересуется', 'Interested'),
    ('applicant', 20, 'Абитуриент', 'Applicant'),
    ('student', 30, 'Студент', 'Student'),
    ('alumnus', 40, 'Выпускник', 'Alumnus');
CREATE TABLE funnel_moves (
    id          bigserial   PRIMARY KEY,
    person_id   uuid        NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    from_stage  text,
    to_stage    text        NOT NULL,
    reason      text        NOT NULL DEFAULT '',
    automatic   boolean     NOT NULL,
    actor_id    uuid        REFERENCES accounts (id) ON DELETE SET NULL,
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX funnel_moves_person ON funnel_moves (person_id, at, id);
CREATE INDEX funnel_moves_stage ON funnel_moves (to_stage, at);

-- Websites and other sources sending leads, each with its own API key; only the key's hash is kept.
CREATE TABLE lead_sources (
    id            bigserial   PRIMARY KEY,
    name          text        NOT NULL,
    key_prefix    text        NOT NULL,
    key_hash      text        NOT NULL UNIQUE,
    created_by    uuid        REFERENCES accounts (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    revoked_at    timestamptz,
    last_used_at  timestamptz
);

-- Employers, partner universities, corporate universities; persons linked with a role.
CREATE TABLE organizations (
    id          bigserial   PRIMARY KEY,
    name        text        NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('EMPLOYER', 'UNIVERSITY', 'CORPORATE_UNIVERSITY', 'OTHER')),
    email       text        NOT NULL DEFAULT '',
    phone       text        NOT NULL DEFAULT '',
    website     text        NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX organizations_name ON organizations (lower(name));
CREATE TABLE organization_members (
    organization_id  bigint      NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    person_id        uuid        NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    role             text        NOT NULL CHECK (role IN ('STUDENT', 'EMPLOYEE', 'CONTACT')),
    since            timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, person_id, role)
);
CREATE INDEX organization_members_person ON organization_members (person_id);

-- How far the CRM has read the platform's own records (declaration history, mail log).
CREATE TABLE crm_sync (
    source   text   PRIMARY KEY,
    last_id  bigint NOT NULL DEFAULT 0
);

-- Suspected duplicates by a typo-near email: trigram candidates (pg_trgm), then the edit
-- distance (fuzzystrmatch). Both ship with the embedded PostgreSQL; a server without them still
-- migrates, and duplicates are then found by name and birth date only.
DO $$
DECLARE
    trgm_schema text;
BEGIN
    BEGIN
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
        CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
    EXCEPTION WHEN OTHERS THEN
        RAISE WARNING 'pg_trgm or fuzzystrmatch cannot be created (%): no typo-near email duplicates', SQLERRM;
    END;
    SELECT n.nspname INTO trgm_schema
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
    IF trgm_schema IS NOT NULL THEN
        EXECUTE format('CREATE INDEX person_contacts_email_trgm ON person_contacts USING gin '
                || '(split_part(value, ''@'', 1) %I.gin_trgm_ops) WHERE kind = ''EMAIL''', trgm_schema);
        EXECUTE format('CREATE INDEX persons_full_name_trgm ON persons USING gin (full_name %I.gin_trgm_ops)',
                trgm_schema);
    END IF;
END
$$;
