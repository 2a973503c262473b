-- The analytics tables (V62) kept current per statement inserting payments rather than per row
-- (docs/performance.md, "Bank statement, V89").
--
-- A bank statement records a thousand payments with one INSERT; the row trigger of V62 then
-- recounted each payment's person from their payments a thousand times, and upserted the month's
-- revenue a thousand times: two thirds of a 10,000-line statement's import. Inserted payments are
-- now added by one statement trigger: the revenue summed per month and program in one upsert, and
-- the part of every person among them recounted once, all persons together, with the same
-- arithmetic as analytics_refresh_payer. A change or deletion of a payment (rare, and one at a
-- time) keeps the row trigger. The trigger keeps its name, analytics_payments, which a bulk load
-- switches off before analytics_rebuild() (the bench's).

-- analytics_refresh_payer for many persons at once: their old part taken away from the touches and
-- the cohort grid, their rows rewritten from their payments, their new part added.
CREATE FUNCTION analytics_refresh_payers(p_persons uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO analytics_touches (channel, campaign, month, payers, net)
    SELECT channel, campaign, date_trunc('month', first_paid_on)::date, -count(*), -sum(net)
    FROM analytics_payers WHERE person_id = ANY (p_persons)
    GROUP BY 1, 2, 3
    ON CONFLICT (channel, campaign, month) DO UPDATE SET payers = analytics_touches.payers + EXCLUDED.payers,
        net = analytics_touches.net + EXCLUDED.net;
    UPDATE analytics_cohorts c SET persons = c.persons - d.persons
    FROM (SELECT date_trunc('month', a.first_paid_on)::date AS cohort, m.month, count(*) AS persons
          FROM analytics_payers a JOIN analytics_payer_months m ON m.person_id = a.person_id
          WHERE a.person_id = ANY (p_persons)
          GROUP BY 1, 2) d
    WHERE c.cohort = d.cohort AND c.month = d.month;
    DELETE FROM analytics_payer_months WHERE person_id = ANY (p_persons);
    DELETE FROM analytics_payers WHERE person_id = ANY (p_persons);

    INSERT INTO analytics_payers (person_id, first_paid_on, net, channel, campaign)
    SELECT p.person_id, min(p.received_on) FILTER (WHERE p.kind = 'PAYMENT'),
           sum(CASE p.kind WHEN 'PAYMENT' THEN p.amount ELSE -p.amount END),
           coalesce(min(s.first_touch ->> 'channel'), ''), coalesce(min(s.first_touch ->> 'campaign'), '')
    FROM payments p LEFT JOIN persons s ON s.id = p.person_id
    WHERE p.person_id = ANY (p_persons)
    GROUP BY p.person_id HAVING bool_or(p.kind = 'PAYMENT');
    INSERT INTO analytics_touches (channel, campaign, month, payers, net)
    SELECT channel, campaign, date_trunc('month', first_paid_on)::date, count(*), sum(net)
    FROM analytics_payers WHERE person_id = ANY (p_persons)
    GROUP BY 1, 2, 3
    ON CONFLICT (channel, campaign, month) DO UPDATE SET payers = analytics_touches.payers + EXCLUDED.payers,
        net = analytics_touches.net + EXCLUDED.net;
    INSERT INTO analytics_payer_months (person_id, month)
    SELECT DISTINCT person_id, date_trunc('month', received_on)::date FROM payments
    WHERE person_id = ANY (p_persons) AND kind = 'PAYMENT';
    INSERT INTO analytics_cohorts (cohort, month, persons)
    SELECT date_trunc('month', a.first_paid_on)::date, m.month, count(*)
    FROM analytics_payers a JOIN analytics_payer_months m ON m.person_id = a.person_id
    WHERE a.person_id = ANY (p_persons)
    GROUP BY 1, 2
    ON CONFLICT (cohort, month) DO UPDATE SET persons = analytics_cohorts.persons + EXCLUDED.persons;
END $$;

CREATE FUNCTION analytics_payments_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO analytics_revenue (month, program_id, paid, refunded, persons_net, payments)
    SELECT date_trunc('month', r.received_on)::date, coalesce(i.program_id, 0),
           coalesce(sum(r.amount) FILTER (WHERE r.kind = 'PAYMENT'), 0),
           coalesce(sum(r.amount) FILTER (WHERE r.kind = 'REFUND'), 0),
           coalesce(sum(CASE r.kind WHEN 'PAYMENT' THEN r.amount ELSE -r.amount END)
                    FILTER (WHERE r.person_id IS NOT NULL), 0),
           count(*)
    FROM inserted r LEFT JOIN invoices i ON i.id = r.invoice_id
    GROUP BY 1, 2
    ON CONFLICT (month, program_id) DO UPDATE SET paid = analytics_revenue.paid + EXCLUDED.paid,
        refunded = analytics_revenue.refunded + EXCLUDED.refunded,
        persons_net = analytics_revenue.persons_net + EXCLUDED.persons_net,
        payments = analytics_revenue.payments + EXCLUDED.payments;
    PERFORM analytics_refresh_payers(ARRAY(SELECT DISTINCT person_id FROM inserted WHERE person_id IS NOT NULL));
    RETURN NULL;
END $$;

DROP TRIGGER analytics_payments ON payments;
CREATE TRIGGER analytics_payments AFTER INSERT ON payments
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION analytics_payments_inserted();
CREATE TRIGGER analytics_payments_changed AFTER UPDATE OR DELETE ON payments
    FOR EACH ROW EXECUTE FUNCTION analytics_payments_changed();
