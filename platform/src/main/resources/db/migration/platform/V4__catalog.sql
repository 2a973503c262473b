-- Projects are course families offered to applicants (each uses one plugin's form); programs
-- are the courses, with places; a project offers a selection of programs.
CREATE TABLE projects (
    id           bigserial   PRIMARY KEY,
    slug         text        NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    name         text        NOT NULL,
    description  text        NOT NULL DEFAULT '',
    family_id    text        NOT NULL,
    active       boolean     NOT NULL DEFAULT true,
    -- Project-specific: who gets the digest of new declarations, and the last day to apply.
    digest_recipients text   NOT NULL DEFAULT '',
    open_until   date,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE programs (
    id           bigserial   PRIMARY KEY,
    code         text        NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    name         text        NOT NULL,
    description  text        NOT NULL DEFAULT '',
    active       boolean     NOT NULL DEFAULT true,
    places       integer     CHECK (places IS NULL OR places >= 0),
    waitlist     boolean     NOT NULL DEFAULT false,
    taken        integer     NOT NULL DEFAULT 0 CHECK (taken >= 0),
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE project_programs (
    project_id  bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    program_id  bigint NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    position    integer NOT NULL DEFAULT 0,
    PRIMARY KEY (project_id, program_id)
);
