-- Reading the CRM over hundreds of thousands of rows (docs/performance.md, "CRM").

-- The persons list's search matches each word in the name, the email or the phone: every one of
-- them needs a trigram index, or the OR of the three reads the whole table. Its manager filter
-- goes by the manager's column.
DO $$
DECLARE
    trgm_schema text;
BEGIN
    SELECT n.nspname INTO trgm_schema
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
    IF trgm_schema IS NOT NULL THEN
        EXECUTE format('CREATE INDEX persons_email_trgm ON persons USING gin (email %I.gin_trgm_ops)', trgm_schema);
        EXECUTE format('CREATE INDEX persons_phone_trgm ON persons USING gin (phone %I.gin_trgm_ops)', trgm_schema);
    END IF;
END
$$;
CREATE INDEX persons_manager ON persons (manager_id, created_at DESC, id DESC) WHERE manager_id IS NOT NULL;

-- Arrears: an open invoice is in arrears from the day after the first due date by which more was
-- due than paid (overdue_from), and its age runs from the due date of the first instalment not
-- covered by what was paid, the instalments covered in order (arrears_since). Both depend on the
-- instalments and the paid sum only, not on today, so they are kept on the invoice, computed by
-- the triggers below whenever either changes; the view then reads columns an index serves, and
-- sums an invoice's overdue part only for the rows it shows.
ALTER TABLE invoices ADD COLUMN arrears_since date, ADD COLUMN overdue_from date;

CREATE FUNCTION invoice_arrears(p_invoice uuid, p_paid numeric, OUT since date, OUT overdue_from date)
LANGUAGE sql STABLE AS $$
    SELECT (SELECT min(s.due_date)
            FROM (SELECT due_date, sum(amount) OVER (ORDER BY position) AS covered_to
                  FROM invoice_instalments WHERE invoice_id = p_invoice) s
            WHERE s.covered_to > p_paid),
           (SELECT min(d.due_date) + 1
            FROM (SELECT due_date, sum(amount) OVER (ORDER BY due_date) AS due_by
                  FROM invoice_instalments WHERE invoice_id = p_invoice) d
            WHERE d.due_by > p_paid)
$$;

CREATE FUNCTION invoices_arrears_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT a.since, a.overdue_from INTO NEW.arrears_since, NEW.overdue_from FROM invoice_arrears(NEW.id, NEW.paid) a;
    RETURN NEW;
END $$;
CREATE TRIGGER invoices_arrears BEFORE INSERT OR UPDATE OF paid ON invoices
    FOR EACH ROW EXECUTE FUNCTION invoices_arrears_row();

CREATE FUNCTION invoice_instalments_arrears() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE invoices i SET (arrears_since, overdue_from) = (SELECT a.since, a.overdue_from FROM invoice_arrears(i.id, i.paid) a)
        WHERE i.id IN (SELECT DISTINCT invoice_id FROM changed_new);
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE invoices i SET (arrears_since, overdue_from) = (SELECT a.since, a.overdue_from FROM invoice_arrears(i.id, i.paid) a)
        WHERE i.id IN (SELECT DISTINCT invoice_id FROM changed_old);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER invoice_instalments_arrears_insert AFTER INSERT ON invoice_instalments
    REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION invoice_instalments_arrears();
CREATE TRIGGER invoice_instalments_arrears_update AFTER UPDATE ON invoice_instalments
    REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION invoice_instalments_arrears();
CREATE TRIGGER invoice_instalments_arrears_delete AFTER DELETE ON invoice_instalments
    REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION invoice_instalments_arrears();

UPDATE invoices i SET (arrears_since, overdue_from) = (SELECT a.since, a.overdue_from FROM invoice_arrears(i.id, i.paid) a);

-- The same columns as before, and the age as a number an index orders by (the further back the
-- arrear began, the larger), for sorting by days.
CREATE OR REPLACE VIEW billing_arrears AS
SELECT i.id, i.number, i.person_id, i.organization_id, i.program_id, i.issued_on, i.total, i.paid,
       (SELECT coalesce(sum(s.amount), 0) FROM invoice_instalments s
        WHERE s.invoice_id = i.id AND s.due_date < current_date) - i.paid AS overdue,
       i.arrears_since AS since, (current_date - i.arrears_since) AS days,
       CASE WHEN current_date - i.arrears_since <= 30 THEN '0-30'
            WHEN current_date - i.arrears_since <= 60 THEN '31-60'
            WHEN current_date - i.arrears_since <= 90 THEN '61-90'
            ELSE '90+' END AS bucket,
       (DATE '2000-01-01' - i.arrears_since) AS age
FROM invoices i
WHERE i.status IN ('ISSUED', 'PARTIAL') AND i.overdue_from <= current_date;

CREATE INDEX invoices_arrears_age ON invoices ((DATE '2000-01-01' - arrears_since), id)
    WHERE status IN ('ISSUED', 'PARTIAL') AND overdue_from IS NOT NULL;
CREATE INDEX invoices_arrears_program ON invoices (program_id, (DATE '2000-01-01' - arrears_since), id)
    WHERE status IN ('ISSUED', 'PARTIAL') AND overdue_from IS NOT NULL;
CREATE INDEX invoices_organization ON invoices (organization_id) WHERE organization_id IS NOT NULL;
