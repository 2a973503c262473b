-- Arrears (package crm.billing): each open invoice with an instalment past its due date and not
-- covered by what was paid. The instalments are covered in order; the arrear's age runs from the
-- due date of the first one not covered, and falls into an ageing bucket.
CREATE VIEW billing_arrears AS
SELECT i.id, i.number, i.person_id, i.organization_id, i.program_id, i.issued_on, i.total, i.paid,
       o.overdue, o.since, (current_date - o.since) AS days,
       CASE WHEN current_date - o.since <= 30 THEN '0-30'
            WHEN current_date - o.since <= 60 THEN '31-60'
            WHEN current_date - o.since <= 90 THEN '61-90'
            ELSE '90+' END AS bucket
FROM invoices i
JOIN LATERAL (
    SELECT min(s.due_date) FILTER (WHERE s.covered_to > i.paid) AS since,
           coalesce(sum(s.amount) FILTER (WHERE s.due_date < current_date), 0) - i.paid AS overdue
    FROM (SELECT due_date, amount, sum(amount) OVER (ORDER BY position) AS covered_to
          FROM invoice_instalments WHERE invoice_id = i.id) s
) o ON true
WHERE i.status IN ('ISSUED', 'PARTIAL') AND o.overdue > 0;
