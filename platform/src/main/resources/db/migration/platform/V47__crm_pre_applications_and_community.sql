-- Pre-applications: a person's interest in a program not open yet (or a later start), entered by
-- a manager, or by the applicant in their office; its program's admins list them and mail them
-- once when the program opens (notified_at, so once per person and program).
CREATE TABLE pre_applications (
    id           bigserial   PRIMARY KEY,
    person_id    uuid        NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    program_id   bigint      NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    start_from   date,
    note         text        NOT NULL DEFAULT '',
    source       text        NOT NULL CHECK (source IN ('HAND', 'LEAD', 'OFFICE')),
    created_by   uuid        REFERENCES accounts (id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    notified_at  timestamptz,
    UNIQUE (person_id, program_id)
);
CREATE INDEX pre_applications_program ON pre_applications (program_id, created_at);

-- Community activity counted by hand (posts and comments); the LMS's statements with the verbs
-- .../posted and .../commented are counted beside them when read.
CREATE TABLE community_activity (
    id          bigserial   PRIMARY KEY,
    person_id   uuid        NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    kind        text        NOT NULL CHECK (kind IN ('POST', 'COMMENT')),
    count       integer     NOT NULL DEFAULT 1 CHECK (count > 0),
    at          timestamptz NOT NULL DEFAULT now(),
    created_by  uuid        REFERENCES accounts (id) ON DELETE SET NULL
);
CREATE INDEX community_activity_person ON community_activity (person_id, kind);
