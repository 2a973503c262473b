-- Organization coordinators of the CRM: accounts with the COORDINATOR role given organizations by
-- an admin (as project admins are given projects). A coordinator reads the progress and figures
-- of the persons who are members of their organizations, and nothing else of the CRM.
CREATE TABLE organization_coordinators (
    organization_id  bigint      NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    account_id       uuid        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    since            timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, account_id)
);
CREATE INDEX organization_coordinators_account ON organization_coordinators (account_id);

-- Invoices and payments are kept for accounting when their person is erased: the person's id goes
-- (ON DELETE SET NULL), and the invoice says its payer was erased instead of naming nobody.
ALTER TABLE invoices ADD COLUMN payer_erased boolean NOT NULL DEFAULT false;
ALTER TABLE invoices DROP CONSTRAINT invoices_check;
ALTER TABLE invoices ADD CONSTRAINT invoices_payer
    CHECK (person_id IS NOT NULL OR organization_id IS NOT NULL OR status = 'CANCELLED' OR payer_erased);
