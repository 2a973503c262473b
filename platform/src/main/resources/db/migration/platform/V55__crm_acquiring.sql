-- Payments made through an acquiring provider (a plugin implementing AcquiringProvider): one row
-- per payment the provider created for an invoice, and one per refund it made. Notifications move
-- a payment's state forward only: CREATED -> SUCCEEDED -> REFUNDED, or CREATED -> CANCELLED.
CREATE TABLE acquiring_payments (
    id                  uuid          PRIMARY KEY,
    provider            text          NOT NULL,
    provider_payment_id text          NOT NULL,
    invoice_id          uuid          REFERENCES invoices (id) ON DELETE SET NULL,
    person_id           uuid          REFERENCES persons (id) ON DELETE SET NULL,
    amount              numeric(14,2) NOT NULL CHECK (amount > 0),
    currency            text          NOT NULL DEFAULT 'RUB',
    refunded            numeric(14,2) NOT NULL DEFAULT 0 CHECK (refunded >= 0),
    state               text          NOT NULL DEFAULT 'CREATED'
                            CHECK (state IN ('CREATED', 'SUCCEEDED', 'CANCELLED', 'REFUNDED')),
    idempotency_key     text          NOT NULL UNIQUE,
    confirmation_url    text          NOT NULL DEFAULT '',
    payment_id          bigint        REFERENCES payments (id) ON DELETE SET NULL,
    created_at          timestamptz   NOT NULL DEFAULT now(),
    updated_at          timestamptz   NOT NULL DEFAULT now(),
    UNIQUE (provider, provider_payment_id)
);
CREATE INDEX acquiring_payments_invoice ON acquiring_payments (invoice_id);
CREATE INDEX acquiring_payments_person ON acquiring_payments (person_id, created_at DESC);

CREATE TABLE acquiring_refunds (
    id                  bigserial     PRIMARY KEY,
    acquiring_payment_id uuid         NOT NULL REFERENCES acquiring_payments (id) ON DELETE CASCADE,
    provider_refund_id  text          NOT NULL,
    provider            text          NOT NULL,
    amount              numeric(14,2) NOT NULL CHECK (amount > 0),
    state               text          NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'SUCCEEDED')),
    payment_id          bigint        REFERENCES payments (id) ON DELETE SET NULL,
    actor_id            uuid,
    created_at          timestamptz   NOT NULL DEFAULT now(),
    UNIQUE (provider, provider_refund_id)
);
