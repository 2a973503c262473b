-- Declarations waiting for the coordinator's next digest.
CREATE TABLE new_declarations (
    event_id    uuid PRIMARY KEY,
    number      text        NOT NULL,
    program     text        NOT NULL,
    institute   text        NOT NULL,
    applicant   text        NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
);
