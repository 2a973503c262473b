-- Stuck students (package crm.stuck): rules an admin sets per program, and the flags they raise
-- on persons, one open flag per person, program and rule; a cleared flag is kept with its time.
CREATE TABLE stuck_rules (
    id          bigserial   PRIMARY KEY,
    program_id  bigint      NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    kind        text        NOT NULL CHECK (kind IN ('NO_PROGRESS', 'BEHIND_PACE', 'OVERDUE')),
    -- NO_PROGRESS and OVERDUE: how many days
    days        integer     CHECK (days IS NULL OR days BETWEEN 1 AND 3650),
    -- BEHIND_PACE: the course's period (the catalog's programs have no dates) and how many
    -- percentage points behind the expected progress are still on pace
    starts_on   date,
    ends_on     date,
    tolerance   integer     NOT NULL DEFAULT 10 CHECK (tolerance BETWEEN 0 AND 100),
    active      boolean     NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (kind = 'BEHIND_PACE' OR days IS NOT NULL),
    CHECK (kind <> 'BEHIND_PACE' OR (starts_on IS NOT NULL AND ends_on > starts_on))
);
CREATE INDEX stuck_rules_program ON stuck_rules (program_id);

CREATE TABLE stuck_flags (
    id          bigserial   PRIMARY KEY,
    person_id   uuid        NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    program_id  bigint      NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    rule_id     bigint      REFERENCES stuck_rules (id) ON DELETE SET NULL,
    reason      text        NOT NULL,
    details     jsonb       NOT NULL DEFAULT '{}',
    since       timestamptz NOT NULL DEFAULT now(),
    cleared_at  timestamptz
);
CREATE UNIQUE INDEX stuck_flags_open ON stuck_flags (person_id, program_id, rule_id) WHERE cleared_at IS NULL;
CREATE INDEX stuck_flags_program ON stuck_flags (program_id, since) WHERE cleared_at IS NULL;
