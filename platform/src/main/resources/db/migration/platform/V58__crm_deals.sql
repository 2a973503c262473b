-- Deals (crm.deals): retail deals follow a declaration with no human touch; B2B deals with an
-- organization are moved by managers through their stages. Amounts are numeric(14,2).

CREATE TABLE deal_program_settings (
    program_id  bigint      PRIMARY KEY REFERENCES programs (id) ON DELETE CASCADE,
    auto_enrol  boolean     NOT NULL DEFAULT false,
    -- enrolment refused until the applicant accepted the public offer / paid the first instalment
    requires_offer             boolean NOT NULL DEFAULT false,
    requires_first_instalment  boolean NOT NULL DEFAULT false,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE deals (
    id              bigserial     PRIMARY KEY,
    kind            text          NOT NULL CHECK (kind IN ('RETAIL', 'B2B')),
    title           text          NOT NULL DEFAULT '',
    stage           text          NOT NULL CHECK (stage IN ('OPEN', 'LEAD', 'PROPOSAL', 'CONTRACT', 'INVOICE',
                                                            'WON', 'LOST')),
    person_id       uuid          REFERENCES persons (id) ON DELETE CASCADE,
    organization_id bigint        REFERENCES organizations (id) ON DELETE CASCADE,
    declaration_id  uuid          UNIQUE,
    program_id      bigint        REFERENCES programs (id) ON DELETE SET NULL,
    seats           integer       NOT NULL DEFAULT 1 CHECK (seats > 0),
    price_per_seat  numeric(14,2) NOT NULL DEFAULT 0 CHECK (price_per_seat >= 0),
    amount          numeric(14,2) NOT NULL DEFAULT 0 CHECK (amount >= 0),
    expected_close  date,
    probability     integer       NOT NULL DEFAULT 0 CHECK (probability BETWEEN 0 AND 100),
    manager_id      uuid          REFERENCES accounts (id) ON DELETE SET NULL,
    lost_reason     text          NOT NULL DEFAULT '',
    invoice_id      uuid          REFERENCES invoices (id) ON DELETE SET NULL,
    enrolment_code  text          UNIQUE,
    seats_used      integer       NOT NULL DEFAULT 0 CHECK (seats_used >= 0),
    enrol_tried_at  timestamptz,
    created_at      timestamptz   NOT NULL DEFAULT now(),
    updated_at      timestamptz   NOT NULL DEFAULT now(),
    closed_at       timestamptz,
    CHECK (kind = 'RETAIL' AND person_id IS NOT NULL OR kind = 'B2B' AND organization_id IS NOT NULL),
    CHECK (seats_used <= seats)
);
CREATE INDEX deals_stage ON deals (kind, stage, updated_at DESC);
CREATE INDEX deals_person ON deals (person_id);
CREATE INDEX deals_organization ON deals (organization_id);

CREATE TABLE deal_moves (
    id          bigserial   PRIMARY KEY,
    deal_id     bigint      NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    from_stage  text,
    to_stage    text        NOT NULL,
    reason      text        NOT NULL DEFAULT '',
    actor_id    uuid,
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX deal_moves_deal ON deal_moves (deal_id, at);

-- The seats of a won B2B deal: an address the manager listed, or a declaration that took a seat
-- (by the deal's enrolment code or by its address on the list). Such a declaration is not invoiced.
CREATE TABLE deal_seats (
    id              bigserial   PRIMARY KEY,
    deal_id         bigint      NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    email           text        NOT NULL DEFAULT '',
    declaration_id  uuid        UNIQUE,
    via             text        NOT NULL CHECK (via IN ('CODE', 'LIST')),
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX deal_seats_deal ON deal_seats (deal_id);
CREATE UNIQUE INDEX deal_seats_listed ON deal_seats (deal_id, email) WHERE via = 'LIST';

-- Contracts from templates: the public offer (retail) and the contract (B2B), Mustache text per
-- language, edited by admins; a kind and language without a row uses the shipped default (version 0).
CREATE TABLE contract_templates (
    kind        text        NOT NULL CHECK (kind IN ('OFFER', 'CONTRACT')),
    language    text        NOT NULL,
    body        text        NOT NULL,
    version     integer     NOT NULL CHECK (version > 0),
    updated_by  uuid,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, language)
);

-- An applicant accepted the public offer for a declaration: when, and which version (no address kept).
CREATE TABLE offer_acceptances (
    declaration_id  uuid        PRIMARY KEY REFERENCES declarations (id) ON DELETE CASCADE,
    account_id      uuid,
    language        text        NOT NULL,
    version         integer     NOT NULL,
    accepted_at     timestamptz NOT NULL DEFAULT now()
);
