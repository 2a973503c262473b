-- Failed log-ins, by account address and by client address, for throttling and lockout.
CREATE TABLE login_failures (
    id         bigserial   PRIMARY KEY,
    subject    text        NOT NULL,
    failed_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_subject ON login_failures (subject, failed_at);
