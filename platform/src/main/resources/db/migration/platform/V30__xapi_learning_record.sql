-- The learning record fed by the LMS over xAPI (package crm.xapi). An LMS client signs in with
-- HTTP Basic credentials an admin created; only a digest of its secret is kept.
CREATE TABLE lms_clients (
    id             bigserial   PRIMARY KEY,
    name           text        NOT NULL,
    key            text        NOT NULL UNIQUE,
    secret_digest  text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    revoked_at     timestamptz
);

-- One row per statement, stored once by its id. The columns are what the learning record reads
-- (who, what, how far, how long); the statement itself is kept whole in body, as received.
CREATE TABLE xapi_statements (
    id            uuid        PRIMARY KEY,
    client_id     bigint      REFERENCES lms_clients (id) ON DELETE SET NULL,
    actor         text        NOT NULL,
    actor_email   text,
    verb          text        NOT NULL,
    object_id     text        NOT NULL,
    object_name   text        NOT NULL DEFAULT '',
    score_scaled  numeric(5, 4),
    success       boolean,
    completion    boolean,
    duration_ms   bigint,
    progress      smallint,
    voids         uuid,
    voided        boolean     NOT NULL DEFAULT false,
    occurred_at   timestamptz NOT NULL,
    stored_at     timestamptz NOT NULL DEFAULT now(),
    body          jsonb       NOT NULL
);
CREATE INDEX xapi_statements_actor ON xapi_statements (actor, object_id, occurred_at);
CREATE INDEX xapi_statements_email ON xapi_statements (actor_email) WHERE actor_email IS NOT NULL;
CREATE INDEX xapi_statements_voids ON xapi_statements (voids) WHERE voids IS NOT NULL;
