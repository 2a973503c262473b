-- Side effects (mails, plugin integrations) are written here in the same transaction as the
-- change that causes them, then carried out by the outbox worker with retries.
CREATE TABLE outbox (
    id               bigserial PRIMARY KEY,
    kind             text        NOT NULL,
    target           text,
    payload          jsonb       NOT NULL,
    idempotency_key  uuid        NOT NULL DEFAULT gen_random_uuid(),
    status           text        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DONE', 'DEAD')),
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    done_at          timestamptz
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'PENDING';

-- Every mail the platform sent or, with no SMTP server configured, kept for the admin mail log.
CREATE TABLE mail_log (
    id          bigserial PRIMARY KEY,
    outbox_id   bigint UNIQUE REFERENCES outbox (id),
    recipient   text        NOT NULL,
    subject     text        NOT NULL,
    body        text        NOT NULL,
    delivery    text        NOT NULL CHECK (delivery IN ('SMTP', 'KEPT')),
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- When each plugin's periodic task last ran, so that across all nodes it runs once a period.
CREATE TABLE periodic_runs (
    plugin_id    text        NOT NULL,
    task         text        NOT NULL,
    last_run_at  timestamptz NOT NULL,
    PRIMARY KEY (plugin_id, task)
);
