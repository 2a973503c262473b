-- Leads accepted from websites and waiting to be written into the CRM. A lead is checked and
-- stored here on the request (one row, one commit); the lead inbox's worker writes waiting leads
-- together, many per statement, into persons, contacts, consents, the funnel and the timeline,
-- and deletes them in the same transaction. A lead that cannot be written keeps its row with the
-- failure after a few attempts, for an administrator; nothing accepted is dropped.
CREATE TABLE lead_inbox (
    id          bigserial PRIMARY KEY,
    -- no foreign key: its check would lock the source's row for every lead, and sources are
    -- revoked, never deleted
    source_id   bigint NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    -- kept as sent to the worker, which reads it whole: json, not parsed into jsonb
    lead        json NOT NULL,
    attempts    integer NOT NULL DEFAULT 0,
    failure     text
);

