-- The arrears list's organization filter (crm.billing.ArrearsList) finds its members' invoices
-- through each member's steps: with the invoice in the index, an index-only look-up per member
-- (100 of them: 300 buffers). Without it the planner read every step instead (a sequential scan
-- of 1,392 pages at 125,000 steps, 88 ms), each member's look-up costing a row read per step.
DROP INDEX invoice_overdue_steps_person;
CREATE INDEX invoice_overdue_steps_person ON invoice_overdue_steps (person_id, invoice_id) INCLUDE (from_date, until_date)
    WHERE person_id IS NOT NULL;
