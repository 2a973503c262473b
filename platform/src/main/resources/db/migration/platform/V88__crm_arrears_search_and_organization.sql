-- The arrears list's search and organization filter served by indexes, and the arrears dates
-- computed faster for a bank statement's invoices (docs/performance.md,
-- "Arrears, V88").

-- The search: a word shaped like an invoice number (2026-0004) is a prefix of the number, read
-- from a range of this index whatever the database's collation; any other word is looked for
-- anywhere in the number, the person's name (persons_full_name_trgm, V20) and the organization's
-- name, each through a trigram index. Matched as a pattern over the list's rows, every invoice in
-- arrears and its payer were read (3 s at 100,000 invoices).
CREATE INDEX invoices_number_pattern ON invoices (number text_pattern_ops);
DO $$
DECLARE
    trgm_schema text;
BEGIN
    SELECT n.nspname INTO trgm_schema
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
    IF trgm_schema IS NOT NULL THEN
        EXECUTE format('CREATE INDEX invoices_number_trgm ON invoices USING gin (number %I.gin_trgm_ops)', trgm_schema);
        EXECUTE format('CREATE INDEX organizations_name_trgm ON organizations USING gin (name %I.gin_trgm_ops)',
                trgm_schema);
    END IF;
END
$$;

-- The organization filter (the organization's invoices and its members'): each step of V66 now
-- also carries the invoice's person and organization, kept by the same triggers, so that the
-- filter is two ranges of the steps (by organization, and by each member) rather than a look-up
-- of today's step for every invoice the organization and its members ever had.
ALTER TABLE invoice_overdue_steps ADD COLUMN person_id uuid, ADD COLUMN organization_id bigint;

CREATE OR REPLACE VIEW invoice_overdue_steps_computed AS
SELECT s.invoice_id, s.from_date, s.until_date, s.overdue, s.program_id, s.since, s.person_id, s.organization_id
FROM (SELECT d.invoice_id, d.due_date + 1 AS from_date,
             coalesce(lead(d.due_date) OVER w + 1, 'infinity'::date) AS until_date,
             sum(d.amount) OVER w - i.paid AS overdue, i.program_id, i.arrears_since AS since,
             i.person_id, i.organization_id
      FROM (SELECT invoice_id, due_date, sum(amount) AS amount FROM invoice_instalments
            GROUP BY invoice_id, due_date) d
      JOIN invoices i ON i.id = d.invoice_id
      WHERE i.status IN ('ISSUED', 'PARTIAL')
      WINDOW w AS (PARTITION BY d.invoice_id ORDER BY d.due_date)) s
WHERE s.overdue > 0 AND s.since IS NOT NULL;

CREATE OR REPLACE FUNCTION invoice_overdue_steps_refresh(p_invoices uuid[]) RETURNS void LANGUAGE sql AS $$
    DELETE FROM invoice_overdue_steps WHERE invoice_id = ANY (p_invoices);
    INSERT INTO invoice_overdue_steps (invoice_id, from_date, until_date, overdue, program_id, since, person_id,
                                       organization_id)
    SELECT invoice_id, from_date, until_date, overdue, program_id, since, person_id, organization_id
    FROM invoice_overdue_steps_computed WHERE invoice_id = ANY (p_invoices);
$$;

-- A change of the payer (a merge of persons, a person or organization deleted) rewrites the steps too.
CREATE OR REPLACE FUNCTION invoices_overdue_steps() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed uuid[];
BEGIN
    SELECT array_agg(n.id) INTO changed FROM changed_new n JOIN changed_old o ON o.id = n.id
    WHERE n.paid <> o.paid OR n.status <> o.status OR n.program_id IS DISTINCT FROM o.program_id
       OR n.arrears_since IS DISTINCT FROM o.arrears_since OR n.person_id IS DISTINCT FROM o.person_id
       OR n.organization_id IS DISTINCT FROM o.organization_id;
    IF changed IS NOT NULL THEN
        PERFORM invoice_overdue_steps_refresh(changed);
    END IF;
    RETURN NULL;
END $$;

UPDATE invoice_overdue_steps s SET person_id = i.person_id, organization_id = i.organization_id
FROM invoices i WHERE i.id = s.invoice_id;

CREATE INDEX invoice_overdue_steps_organization
    ON invoice_overdue_steps (organization_id, (DATE '2000-01-01' - since), invoice_id) INCLUDE (from_date, until_date)
    WHERE organization_id IS NOT NULL;
CREATE INDEX invoice_overdue_steps_person ON invoice_overdue_steps (person_id) INCLUDE (from_date, until_date)
    WHERE person_id IS NOT NULL;
-- The filter's first page sorted by days is read from the age index backwards, each entry checked
-- for the organization and its members: with those and the start of the arrears in the index, an
-- index-only scan (262 buffers for the bench's organization) rather than a row read per entry
-- (15,000 buffers); the other reads by age (the default order, the bucket counts) need no row either.
DROP INDEX invoice_overdue_steps_age;
CREATE INDEX invoice_overdue_steps_age ON invoice_overdue_steps ((DATE '2000-01-01' - since), invoice_id)
    INCLUDE (from_date, until_date, since, organization_id, person_id);

-- The payer's columns from the step, as the program's: the organization filter then reads the
-- steps alone, as the count of V66 does.
CREATE OR REPLACE VIEW billing_arrears AS
SELECT s.invoice_id AS id, i.number, s.person_id, s.organization_id, s.program_id, i.issued_on, i.total, i.paid,
       s.overdue,
       s.since, (current_date - s.since) AS days,
       CASE WHEN current_date - s.since <= 30 THEN '0-30'
            WHEN current_date - s.since <= 60 THEN '31-60'
            WHEN current_date - s.since <= 90 THEN '61-90'
            ELSE '90+' END AS bucket,
       (DATE '2000-01-01' - s.since) AS age
FROM invoice_overdue_steps s
LEFT JOIN invoices i ON i.id = s.invoice_id
WHERE s.from_date <= current_date AND current_date < s.until_date;

-- The invoice's kept arrears dates (V53) computed for every invoice a payment or a bank statement's
-- batch pays: as a SQL function its query was planned again at each call (0.14 ms, 1.3 s of a
-- 10,000-line statement); as PL/pgSQL the plan is kept for the session.
CREATE OR REPLACE FUNCTION invoice_arrears(p_invoice uuid, p_paid numeric, OUT since date, OUT overdue_from date)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    SELECT (SELECT min(s.due_date)
            FROM (SELECT due_date, sum(amount) OVER (ORDER BY position) AS covered_to
                  FROM invoice_instalments WHERE invoice_id = p_invoice) s
            WHERE s.covered_to > p_paid),
           (SELECT min(d.due_date) + 1
            FROM (SELECT due_date, sum(amount) OVER (ORDER BY due_date) AS due_by
                  FROM invoice_instalments WHERE invoice_id = p_invoice) d
            WHERE d.due_by > p_paid)
    INTO since, overdue_from;
END $$;
