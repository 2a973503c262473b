-- Imports of persons from CSV files (package crm.imports). The file is kept as uploaded until the
-- import is done; the rows are read from it a chunk at a time, each chunk in one transaction with
-- the mark of how far the import got, so a node that stops leaves the rest to another.
CREATE TABLE crm_imports (
    id           bigserial   PRIMARY KEY,
    file_name    text        NOT NULL DEFAULT '',
    content      bytea,
    charset      text        NOT NULL,
    delimiter    text        NOT NULL,
    headers      text[]      NOT NULL DEFAULT '{}',
    mapping      text[]      NOT NULL DEFAULT '{}',
    state        text        NOT NULL DEFAULT 'MAPPING'
                             CHECK (state IN ('MAPPING', 'QUEUED', 'RUNNING', 'DONE', 'UNDONE')),
    total_rows   integer     NOT NULL DEFAULT 0,
    done_rows    integer     NOT NULL DEFAULT 0,
    created      integer     NOT NULL DEFAULT 0,
    matched      integer     NOT NULL DEFAULT 0,
    skipped      integer     NOT NULL DEFAULT 0,
    actor_id     uuid        REFERENCES accounts (id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    started_at   timestamptz,
    finished_at  timestamptz,
    undone_at    timestamptz
);
CREATE INDEX crm_imports_waiting ON crm_imports (id) WHERE state IN ('QUEUED', 'RUNNING');

-- What an import added, so that it can be undone as a whole: the persons it made (PERSON), the
-- persons it matched (MATCHED), the tags it added to a person (TAG, value), the memberships
-- (MEMBERSHIP, organization and role) and organizations (ORGANIZATION) it made; and, once undone, the
-- persons kept because something else touched them since (KEPT). Contacts and
-- consents it added carry the source 'import:<id>'.
CREATE TABLE crm_import_items (
    id               bigserial PRIMARY KEY,
    import_id        bigint    NOT NULL REFERENCES crm_imports (id) ON DELETE CASCADE,
    kind             text      NOT NULL CHECK (kind IN ('PERSON', 'MATCHED', 'TAG', 'MEMBERSHIP', 'ORGANIZATION', 'KEPT')),
    person_id        uuid      REFERENCES persons (id) ON DELETE CASCADE,
    organization_id  bigint    REFERENCES organizations (id) ON DELETE CASCADE,
    value            text      NOT NULL DEFAULT ''
);
CREATE INDEX crm_import_items_import ON crm_import_items (import_id, kind);
CREATE INDEX crm_import_items_person ON crm_import_items (person_id);

-- The rows an import left out, with the field and the reason (a message key).
CREATE TABLE crm_import_skips (
    import_id  bigint  NOT NULL REFERENCES crm_imports (id) ON DELETE CASCADE,
    row_no     integer NOT NULL,
    field      text    NOT NULL DEFAULT '',
    reason     text    NOT NULL,
    PRIMARY KEY (import_id, row_no, field)
);
