-- The arrears list read from kept steps (docs/performance.md, "CRM", "Arrears, V66").
--
-- An invoice's overdue amount on a day is what its instalments due before that day add up to,
-- less what was paid: it depends on today, so no column of the invoice can be indexed for it, and
-- the list summed it for every invoice in arrears before it could sort by it (3.5 s at 100,000
-- invoices). But it changes only on the day after each due date: between two due dates it is one
-- amount. The steps of that function are kept here for the open invoices (ISSUED, PARTIAL), one
-- row per due date at which more was due than paid: from the day after that due date (from_date)
-- until the day after the next one (until_date, 'infinity' for the last), the overdue amount. On
-- any day at most one step of an invoice holds, and one holds exactly when the open invoice is
-- overdue (overdue_from <= that day, V53). Each step also carries what the list filters and sorts
-- by: the invoice's program and the start of its arrears (arrears_since, V53), so that the list's
-- count, its age buckets, its sort by days or by the overdue amount and its program filter read
-- this table alone; the invoice is joined only for the columns shown (and the join is left out of
-- the count). The steps depend on the instalments, the paid sum, the status and the program, and
-- the triggers below rewrite an invoice's steps whenever one of them changes, in the same
-- statement. (The amount is a plain numeric, as the view's column was: the instalments'
-- numeric(14,2) less the paid sum.)
CREATE TABLE invoice_overdue_steps (
    invoice_id  uuid    NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    from_date   date    NOT NULL,
    until_date  date    NOT NULL,
    overdue     numeric NOT NULL,
    program_id  bigint,
    since       date    NOT NULL,
    PRIMARY KEY (invoice_id, from_date)
);
CREATE INDEX invoice_overdue_steps_amount ON invoice_overdue_steps (overdue, invoice_id)
    INCLUDE (from_date, until_date);
CREATE INDEX invoice_overdue_steps_age ON invoice_overdue_steps ((DATE '2000-01-01' - since), invoice_id)
    INCLUDE (from_date, until_date);
CREATE INDEX invoice_overdue_steps_program ON invoice_overdue_steps (program_id, (DATE '2000-01-01' - since), invoice_id)
    INCLUDE (from_date, until_date);

-- The steps as computed from the instalments and the invoice; filtered by invoice, the filter
-- reaches the instalments' key (it is on the window's partition).
CREATE VIEW invoice_overdue_steps_computed AS
SELECT s.invoice_id, s.from_date, s.until_date, s.overdue, s.program_id, s.since
FROM (SELECT d.invoice_id, d.due_date + 1 AS from_date,
             coalesce(lead(d.due_date) OVER w + 1, 'infinity'::date) AS until_date,
             sum(d.amount) OVER w - i.paid AS overdue, i.program_id, i.arrears_since AS since
      FROM (SELECT invoice_id, due_date, sum(amount) AS amount FROM invoice_instalments
            GROUP BY invoice_id, due_date) d
      JOIN invoices i ON i.id = d.invoice_id
      WHERE i.status IN ('ISSUED', 'PARTIAL')
      WINDOW w AS (PARTITION BY d.invoice_id ORDER BY d.due_date)) s
WHERE s.overdue > 0 AND s.since IS NOT NULL;

CREATE FUNCTION invoice_overdue_steps_refresh(p_invoices uuid[]) RETURNS void LANGUAGE sql AS $$
    DELETE FROM invoice_overdue_steps WHERE invoice_id = ANY (p_invoices);
    INSERT INTO invoice_overdue_steps (invoice_id, from_date, until_date, overdue, program_id, since)
    SELECT invoice_id, from_date, until_date, overdue, program_id, since
    FROM invoice_overdue_steps_computed WHERE invoice_id = ANY (p_invoices);
$$;

-- A change of the paid sum (payments, refunds, a bank statement's batch: one statement for many
-- invoices), of the status, the program or the start of the arrears rewrites the invoice's steps.
-- Transition tables cannot go with a column list, so the statement trigger compares itself.
CREATE FUNCTION invoices_overdue_steps() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed uuid[];
BEGIN
    SELECT array_agg(n.id) INTO changed FROM changed_new n JOIN changed_old o ON o.id = n.id
    WHERE n.paid <> o.paid OR n.status <> o.status OR n.program_id IS DISTINCT FROM o.program_id
       OR n.arrears_since IS DISTINCT FROM o.arrears_since;
    IF changed IS NOT NULL THEN
        PERFORM invoice_overdue_steps_refresh(changed);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER invoices_overdue_steps AFTER UPDATE ON invoices
    REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION invoices_overdue_steps();

-- The instalments' statement triggers of V53 keep the invoice's dates; now they keep its steps too.
CREATE OR REPLACE FUNCTION invoice_instalments_arrears() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed uuid[];
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE invoices i SET (arrears_since, overdue_from) = (SELECT a.since, a.overdue_from FROM invoice_arrears(i.id, i.paid) a)
        WHERE i.id IN (SELECT DISTINCT invoice_id FROM changed_new);
        SELECT array_agg(DISTINCT invoice_id) INTO changed FROM changed_new;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE invoices i SET (arrears_since, overdue_from) = (SELECT a.since, a.overdue_from FROM invoice_arrears(i.id, i.paid) a)
        WHERE i.id IN (SELECT DISTINCT invoice_id FROM changed_old);
        SELECT array_agg(DISTINCT x) INTO changed
        FROM (SELECT unnest(changed) AS x UNION SELECT invoice_id FROM changed_old) u;
    END IF;
    IF changed IS NOT NULL THEN
        PERFORM invoice_overdue_steps_refresh(changed);
    END IF;
    RETURN NULL;
END $$;

INSERT INTO invoice_overdue_steps (invoice_id, from_date, until_date, overdue, program_id, since)
SELECT invoice_id, from_date, until_date, overdue, program_id, since FROM invoice_overdue_steps_computed;

-- The same columns as in V53, from today's step of each open invoice; the invoice is joined for
-- the columns shown only (a left join on its key, which the planner leaves out when no column of
-- it is asked for, as in the list's count). Sorted by the overdue amount the page is read from
-- invoice_overdue_steps_amount backwards, by days from invoice_overdue_steps_age, each step
-- checked for today.
DROP VIEW billing_arrears;
CREATE VIEW billing_arrears AS
SELECT s.invoice_id AS id, i.number, i.person_id, i.organization_id, s.program_id, i.issued_on, i.total, i.paid,
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
