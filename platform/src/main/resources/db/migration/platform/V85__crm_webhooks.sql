-- Outgoing webhooks (package crm.webhooks): endpoints an admin configures, and one delivery per
-- event and endpoint, with its log. An endpoint hears only the events after its creation
-- (from_entry: the newest timeline entry then).
CREATE TABLE webhook_endpoints (
    id          bigserial   PRIMARY KEY,
    name        text        NOT NULL DEFAULT '',
    url         text        NOT NULL,
    kinds       text[]      NOT NULL DEFAULT '{}',
    active      boolean     NOT NULL DEFAULT true,
    secret      text        NOT NULL,
    from_entry  bigint      NOT NULL DEFAULT 0,
    created_by  uuid        REFERENCES accounts (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    rotated_at  timestamptz
);

CREATE TABLE webhook_deliveries (
    id               bigserial   PRIMARY KEY,
    delivery_id      uuid        NOT NULL UNIQUE DEFAULT gen_random_uuid(),
    endpoint_id      bigint      NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event            text        NOT NULL,
    source_ref       text        NOT NULL,
    body             text        NOT NULL,
    status           text        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
    attempts         integer     NOT NULL DEFAULT 0,
    replays          integer     NOT NULL DEFAULT 0,
    response_code    integer,
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    last_attempt_at  timestamptz,
    delivered_at     timestamptz,
    UNIQUE (endpoint_id, source_ref)
);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id DESC);

-- Where the webhook feed has read the timeline up to.
CREATE TABLE webhook_marks (
    source   text   PRIMARY KEY,
    last_id  bigint NOT NULL
);
