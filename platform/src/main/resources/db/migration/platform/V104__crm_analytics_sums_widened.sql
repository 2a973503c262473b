-- The analytics tables (V62) add up payments whose single amounts are numeric(14,2): a month's
-- revenue, a payer's net or a channel's can pass what numeric(14,2) holds, and the trigger that
-- keeps them then failed the payment that made the sum too large. Sums are now numeric(24,2): ten
-- billion payments of the largest amount, still in kopecks.

ALTER TABLE analytics_revenue
    ALTER COLUMN paid TYPE numeric(24,2),
    ALTER COLUMN refunded TYPE numeric(24,2),
    ALTER COLUMN persons_net TYPE numeric(24,2);
ALTER TABLE analytics_payers ALTER COLUMN net TYPE numeric(24,2);
ALTER TABLE analytics_touches ALTER COLUMN net TYPE numeric(24,2);

-- As in V62, with the payer's net summed without the bound of a single amount.
CREATE OR REPLACE FUNCTION analytics_refresh_payer(p uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    old_cohort date;
    old_payer analytics_payers;
    first_paid date;
    touch jsonb;
    money numeric;
BEGIN
    IF p IS NULL THEN
        RETURN;
    END IF;
    SELECT * INTO old_payer FROM analytics_payers WHERE person_id = p;
    old_cohort := date_trunc('month', old_payer.first_paid_on)::date;
    IF old_cohort IS NOT NULL THEN
        PERFORM analytics_add_touch(old_payer.channel, old_payer.campaign, old_payer.first_paid_on, old_payer.net, -1);
        UPDATE analytics_cohorts c SET persons = c.persons - 1
        FROM (SELECT month FROM analytics_payer_months WHERE person_id = p ORDER BY month) m
        WHERE c.cohort = old_cohort AND c.month = m.month;
        DELETE FROM analytics_payer_months WHERE person_id = p;
        DELETE FROM analytics_payers WHERE person_id = p;
    END IF;
    SELECT min(received_on) INTO first_paid FROM payments WHERE person_id = p AND kind = 'PAYMENT';
    IF first_paid IS NULL THEN
        RETURN;
    END IF;
    SELECT first_touch INTO touch FROM persons WHERE id = p;
    SELECT coalesce(sum(CASE kind WHEN 'PAYMENT' THEN amount ELSE -amount END), 0) INTO money
    FROM payments WHERE person_id = p;
    INSERT INTO analytics_payers (person_id, first_paid_on, net, channel, campaign)
    VALUES (p, first_paid, money, coalesce(touch ->> 'channel', ''), coalesce(touch ->> 'campaign', ''));
    PERFORM analytics_add_touch(coalesce(touch ->> 'channel', ''), coalesce(touch ->> 'campaign', ''), first_paid,
                                money, 1);
    INSERT INTO analytics_payer_months (person_id, month)
    SELECT DISTINCT p, date_trunc('month', received_on)::date FROM payments WHERE person_id = p AND kind = 'PAYMENT';
    INSERT INTO analytics_cohorts (cohort, month, persons)
    SELECT date_trunc('month', first_paid)::date, month, 1 FROM analytics_payer_months WHERE person_id = p
    ORDER BY month
    ON CONFLICT (cohort, month) DO UPDATE SET persons = analytics_cohorts.persons + 1;
END $$;
