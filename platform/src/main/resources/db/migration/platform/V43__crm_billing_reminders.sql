-- Reminder mails about instalments (package crm.billing): at most one per instalment and kind
-- (BEFORE its due date, AFTER it when still unpaid), kept here in the transaction that queues it.
CREATE TABLE billing_reminders (
    invoice_id  uuid        NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    position    integer     NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('BEFORE', 'AFTER')),
    sent_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (invoice_id, position, kind)
);
