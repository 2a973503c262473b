-- Money of the education CRM (package crm.billing). Every amount is numeric(14,2) roubles.

-- A price per program, and per start date where one is set (NULL: the program's usual price).
CREATE TABLE billing_prices (
    id          bigserial     PRIMARY KEY,
    program_id  bigint        NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    start_date  date,
    amount      numeric(14,2) NOT NULL CHECK (amount >= 0),
    created_at  timestamptz   NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX billing_prices_one ON billing_prices (program_id, coalesce(start_date, '-infinity'::date));

-- Discounts: a promo code (code set) or a personal discount (person set), percent or fixed,
-- optionally for one program, valid between two dates, used at most max_uses times.
CREATE TABLE billing_discounts (
    id           bigserial     PRIMARY KEY,
    code         text          UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9_-]{1,39}$'),
    person_id    uuid          REFERENCES persons (id) ON DELETE CASCADE,
    program_id   bigint        REFERENCES programs (id) ON DELETE CASCADE,
    kind         text          NOT NULL CHECK (kind IN ('PERCENT', 'FIXED')),
    value        numeric(14,2) NOT NULL CHECK (value > 0),
    valid_from   date,
    valid_until  date,
    max_uses     integer       CHECK (max_uses IS NULL OR max_uses > 0),
    uses         integer       NOT NULL DEFAULT 0,
    created_at   timestamptz   NOT NULL DEFAULT now(),
    CHECK ((code IS NULL) <> (person_id IS NULL)),
    CHECK (kind <> 'PERCENT' OR value <= 100),
    CHECK (max_uses IS NULL OR uses <= max_uses),
    CHECK (valid_from IS NULL OR valid_until IS NULL OR valid_from <= valid_until)
);
CREATE INDEX billing_discounts_person ON billing_discounts (person_id) WHERE person_id IS NOT NULL;

-- Instalment plans per program: parts, each a share of the total (percent) due on a date.
CREATE TABLE billing_plans (
    id          bigserial    PRIMARY KEY,
    program_id  bigint       NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    name        text         NOT NULL,
    created_at  timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX billing_plans_program ON billing_plans (program_id);
CREATE TABLE billing_plan_parts (
    plan_id   bigint        NOT NULL REFERENCES billing_plans (id) ON DELETE CASCADE,
    position  integer       NOT NULL,
    share     numeric(5,2)  NOT NULL CHECK (share > 0 AND share <= 100),
    due_date  date          NOT NULL,
    PRIMARY KEY (plan_id, position)
);

-- Invoices, numbered per year without gaps: the counter row of the year is taken under lock in
-- the issuing transaction, so a rolled-back issue gives its number back.
CREATE TABLE invoice_counters (
    year  integer PRIMARY KEY,
    last  integer NOT NULL
);
CREATE TABLE invoices (
    id              uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
    year            integer       NOT NULL,
    seq             integer       NOT NULL,
    number          text          NOT NULL UNIQUE,
    person_id       uuid          REFERENCES persons (id) ON DELETE SET NULL,
    organization_id bigint        REFERENCES organizations (id) ON DELETE SET NULL,
    program_id      bigint        REFERENCES programs (id) ON DELETE SET NULL,
    declaration_id  uuid          UNIQUE,
    discount_id     bigint        REFERENCES billing_discounts (id) ON DELETE SET NULL,
    plan_id         bigint        REFERENCES billing_plans (id) ON DELETE SET NULL,
    issued_on       date          NOT NULL,
    subtotal        numeric(14,2) NOT NULL CHECK (subtotal >= 0),
    discount        numeric(14,2) NOT NULL DEFAULT 0 CHECK (discount >= 0),
    total           numeric(14,2) NOT NULL CHECK (total >= 0),
    vat             boolean       NOT NULL DEFAULT false,
    vat_amount      numeric(14,2) NOT NULL DEFAULT 0,
    paid            numeric(14,2) NOT NULL DEFAULT 0,
    status          text          NOT NULL DEFAULT 'ISSUED'
                        CHECK (status IN ('ISSUED', 'PARTIAL', 'PAID', 'CANCELLED')),
    locale          text          NOT NULL DEFAULT 'ru',
    created_at      timestamptz   NOT NULL DEFAULT now(),
    UNIQUE (year, seq),
    CHECK (person_id IS NOT NULL OR organization_id IS NOT NULL OR status = 'CANCELLED')
);
CREATE INDEX invoices_person ON invoices (person_id, issued_on DESC);
CREATE INDEX invoices_open ON invoices (issued_on) WHERE status IN ('ISSUED', 'PARTIAL');
CREATE TABLE invoice_lines (
    invoice_id   uuid          NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    position     integer       NOT NULL,
    description  text          NOT NULL,
    quantity     integer       NOT NULL CHECK (quantity > 0),
    unit_price   numeric(14,2) NOT NULL CHECK (unit_price >= 0),
    amount       numeric(14,2) NOT NULL,
    PRIMARY KEY (invoice_id, position)
);
CREATE TABLE invoice_instalments (
    invoice_id  uuid          NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    position    integer       NOT NULL,
    due_date    date          NOT NULL,
    amount      numeric(14,2) NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (invoice_id, position)
);

-- Money received and given back. A payment is recorded once: by the idempotency key its source
-- gives (a bank document, a provider's payment id, a form's one-time key).
CREATE TABLE payments (
    id               bigserial     PRIMARY KEY,
    kind             text          NOT NULL CHECK (kind IN ('PAYMENT', 'REFUND')),
    source           text          NOT NULL CHECK (source IN ('MANUAL', 'BANK', 'ACQUIRING')),
    idempotency_key  text          NOT NULL UNIQUE,
    invoice_id       uuid          REFERENCES invoices (id) ON DELETE SET NULL,
    person_id        uuid          REFERENCES persons (id) ON DELETE SET NULL,
    organization_id  bigint        REFERENCES organizations (id) ON DELETE SET NULL,
    amount           numeric(14,2) NOT NULL CHECK (amount > 0),
    received_on      date          NOT NULL,
    note             text          NOT NULL DEFAULT '',
    actor_id         uuid,
    created_at       timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX payments_person ON payments (person_id, received_on DESC);
CREATE INDEX payments_invoice ON payments (invoice_id);
