-- Automation scenarios (package crm.automation, docs/automation.md): a trigger, an optional
-- condition (a segment) and ordered steps. Every save makes a new version; versions are never
-- changed, so a run keeps the version it started with.
CREATE TABLE scenarios (
    id               bigserial   PRIMARY KEY,
    name             text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    current_version  integer     NOT NULL DEFAULT 1,
    enabled          boolean     NOT NULL DEFAULT true,
    trigger_type     text        NOT NULL,
    from_entry       bigint      NOT NULL DEFAULT 0,
    created_by       uuid        REFERENCES accounts (id) ON DELETE SET NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE scenario_versions (
    scenario_id  bigint      NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
    version      integer     NOT NULL,
    definition   jsonb       NOT NULL,
    created_by   uuid        REFERENCES accounts (id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scenario_id, version)
);
CREATE FUNCTION scenario_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'scenario versions are never changed';
END $$;
CREATE TRIGGER scenario_versions_immutable BEFORE UPDATE ON scenario_versions
    FOR EACH ROW EXECUTE FUNCTION scenario_versions_immutable();

-- One run of a scenario for a person; (scenario, person, trigger_ref) is unique, so an event
-- (a timeline entry, an entry into a segment, a day of a schedule) starts a run once.
CREATE TABLE scenario_runs (
    id           bigserial   PRIMARY KEY,
    scenario_id  bigint      NOT NULL,
    version      integer     NOT NULL,
    person_id    uuid        NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    trigger_ref  text        NOT NULL,
    state        text        NOT NULL DEFAULT 'RUNNING'
                     CHECK (state IN ('RUNNING', 'PAUSED', 'DONE', 'FAILED', 'CANCELLED')),
    next_step    integer     NOT NULL DEFAULT 0,
    outputs      jsonb       NOT NULL DEFAULT '{}',
    started_by   uuid        REFERENCES accounts (id) ON DELETE SET NULL,
    started_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz,
    FOREIGN KEY (scenario_id, version) REFERENCES scenario_versions (scenario_id, version) ON DELETE CASCADE,
    UNIQUE (scenario_id, person_id, trigger_ref)
);
CREATE INDEX scenario_runs_scenario ON scenario_runs (scenario_id, id DESC);
CREATE INDEX scenario_runs_person ON scenario_runs (person_id, id DESC);

-- Each step a run reached: its state, times, attempts and error. The idempotency key (run, step,
-- version) is what a webhook or a plugin's action is called with on every attempt.
CREATE TABLE scenario_run_steps (
    run_id           bigint      NOT NULL REFERENCES scenario_runs (id) ON DELETE CASCADE,
    step_index       integer     NOT NULL,
    step_type        text        NOT NULL,
    idempotency_key  text        NOT NULL UNIQUE,
    state            text        NOT NULL
                         CHECK (state IN ('WAITING', 'RETRYING', 'DONE', 'FAILED', 'SKIPPED')),
    attempts         integer     NOT NULL DEFAULT 0,
    summary          text        NOT NULL DEFAULT '',
    error            text,
    due_at           timestamptz,
    started_at       timestamptz NOT NULL DEFAULT now(),
    finished_at      timestamptz,
    PRIMARY KEY (run_id, step_index)
);

-- Where the triggers stand: the last timeline entry read, segment members already seen (a
-- person entering again after leaving starts a new run), the last day a schedule ran.
CREATE TABLE scenario_marks (
    source   text   PRIMARY KEY,
    last_id  bigint NOT NULL DEFAULT 0
);
CREATE TABLE scenario_segment_members (
    scenario_id  bigint      NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
    person_id    uuid        NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    entered_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scenario_id, person_id)
);
CREATE TABLE scenario_schedules (
    scenario_id  bigint      PRIMARY KEY REFERENCES scenarios (id) ON DELETE CASCADE,
    last_run_at  timestamptz NOT NULL DEFAULT now()
);
