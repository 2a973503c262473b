-- Bank statements in the 1C client-bank exchange format (package crm.bank): every incoming
-- payment document read, once (its key: date, number, payer's account and amount), matched to an
-- invoice or a payer, or left for a manager to match.
CREATE TABLE bank_imports (
    id           bigserial    PRIMARY KEY,
    file_name    text         NOT NULL DEFAULT '',
    documents    integer      NOT NULL,
    added        integer      NOT NULL,
    matched      integer      NOT NULL,
    actor_id     uuid,
    imported_at  timestamptz  NOT NULL DEFAULT now()
);
CREATE TABLE bank_lines (
    id             bigserial     PRIMARY KEY,
    import_id      bigint        NOT NULL REFERENCES bank_imports (id),
    doc_key        text          NOT NULL UNIQUE,
    doc_number     text          NOT NULL DEFAULT '',
    doc_date       date          NOT NULL,
    amount         numeric(14,2) NOT NULL CHECK (amount > 0),
    payer          text          NOT NULL DEFAULT '',
    payer_inn      text          NOT NULL DEFAULT '',
    payer_account  text          NOT NULL DEFAULT '',
    purpose        text          NOT NULL DEFAULT '',
    payment_id     bigint        REFERENCES payments (id),
    state          text          NOT NULL CHECK (state IN ('MATCHED', 'UNMATCHED', 'IGNORED')),
    created_at     timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX bank_lines_unmatched ON bank_lines (doc_date, id) WHERE state = 'UNMATCHED';

-- Who pays from an INN: learned when a manager matches a line, or set by hand.
CREATE TABLE billing_payers (
    inn              text    PRIMARY KEY CHECK (inn ~ '^([0-9]{10}|[0-9]{12})$'),
    person_id        uuid    REFERENCES persons (id) ON DELETE CASCADE,
    organization_id  bigint  REFERENCES organizations (id) ON DELETE CASCADE,
    CHECK ((person_id IS NULL) <> (organization_id IS NULL))
);
