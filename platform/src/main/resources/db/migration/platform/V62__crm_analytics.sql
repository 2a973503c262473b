-- The CRM's figures (package crm.analytics; docs/analytics.md).

-- Marketing spend per channel, campaign ('' for the channel as a whole) and month.
CREATE TABLE marketing_spend (
    id          bigserial     PRIMARY KEY,
    channel     text          NOT NULL CHECK (channel <> '' AND length(channel) <= 100),
    campaign    text          NOT NULL DEFAULT '' CHECK (length(campaign) <= 200),
    month       date          NOT NULL CHECK (extract(day FROM month) = 1),
    amount      numeric(14,2) NOT NULL CHECK (amount >= 0),
    updated_at  timestamptz   NOT NULL DEFAULT now(),
    UNIQUE (channel, campaign, month)
);
CREATE INDEX marketing_spend_month ON marketing_spend (month);

-- Pre-aggregated figures, kept current by the triggers below in the transaction that writes a
-- payment or a refund (or sets a person's first touch), so the analytics page never reads the
-- payments themselves.

-- Money received and given back per month (by payment date) and program (0: no invoice, or an
-- invoice of no program); persons_net is the part paid or refunded by persons (not organizations).
CREATE TABLE analytics_revenue (
    month        date          NOT NULL,
    program_id   bigint        NOT NULL DEFAULT 0,
    paid         numeric(14,2) NOT NULL DEFAULT 0,
    refunded     numeric(14,2) NOT NULL DEFAULT 0,
    persons_net  numeric(14,2) NOT NULL DEFAULT 0,
    payments     integer       NOT NULL DEFAULT 0,
    PRIMARY KEY (month, program_id)
);

-- Every person who paid at least once: first payment date, net revenue (payments - refunds) and
-- the channel and campaign of the person's first touch ('' when none is known).
CREATE TABLE analytics_payers (
    person_id      uuid          PRIMARY KEY,
    first_paid_on  date          NOT NULL,
    net            numeric(14,2) NOT NULL,
    channel        text          NOT NULL DEFAULT '',
    campaign       text          NOT NULL DEFAULT ''
);
CREATE INDEX analytics_payers_first ON analytics_payers (first_paid_on);
CREATE INDEX analytics_payers_touch ON analytics_payers (channel, campaign);

-- The months in which each payer paid (a payment, not a refund).
CREATE TABLE analytics_payer_months (
    person_id  uuid NOT NULL,
    month      date NOT NULL,
    PRIMARY KEY (person_id, month)
);
CREATE INDEX analytics_payer_months_month ON analytics_payer_months (month, person_id);

-- Cohort grid: persons whose first payment was in month `cohort` and who paid in month `month`.
CREATE TABLE analytics_cohorts (
    cohort   date    NOT NULL,
    month    date    NOT NULL,
    persons  integer NOT NULL,
    PRIMARY KEY (cohort, month)
);

-- Paying persons and their net revenue per first-touch channel, campaign and month of first payment.
CREATE TABLE analytics_touches (
    channel  text          NOT NULL,
    campaign text          NOT NULL,
    month    date          NOT NULL,
    payers   integer       NOT NULL,
    net      numeric(14,2) NOT NULL,
    PRIMARY KEY (channel, campaign, month)
);

-- Adds (sign 1) or takes away (sign -1) one payer's part of analytics_touches.
CREATE FUNCTION analytics_add_touch(c text, k text, first_paid date, money numeric, sign integer)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO analytics_touches (channel, campaign, month, payers, net)
    VALUES (c, k, date_trunc('month', first_paid)::date, sign, sign * money)
    ON CONFLICT (channel, campaign, month) DO UPDATE SET payers = analytics_touches.payers + EXCLUDED.payers,
        net = analytics_touches.net + EXCLUDED.net;
END $$;

-- Recounts one person's part of the payer tables and the cohort grid from their payments.
CREATE FUNCTION analytics_refresh_payer(p uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    old_cohort date;
    old_payer analytics_payers;
    first_paid date;
    touch jsonb;
    money numeric(14,2);
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

-- Adds (sign 1) or takes away (sign -1) one payment row's money.
CREATE FUNCTION analytics_add_revenue(r payments, sign integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO analytics_revenue (month, program_id, paid, refunded, persons_net, payments)
    VALUES (date_trunc('month', r.received_on)::date,
            coalesce((SELECT program_id FROM invoices WHERE id = r.invoice_id), 0),
            CASE WHEN r.kind = 'PAYMENT' THEN sign * r.amount ELSE 0 END,
            CASE WHEN r.kind = 'REFUND' THEN sign * r.amount ELSE 0 END,
            CASE WHEN r.person_id IS NULL THEN 0 WHEN r.kind = 'PAYMENT' THEN sign * r.amount
                 ELSE -sign * r.amount END,
            sign)
    ON CONFLICT (month, program_id) DO UPDATE SET paid = analytics_revenue.paid + EXCLUDED.paid,
        refunded = analytics_revenue.refunded + EXCLUDED.refunded,
        persons_net = analytics_revenue.persons_net + EXCLUDED.persons_net,
        payments = analytics_revenue.payments + EXCLUDED.payments;
END $$;

CREATE FUNCTION analytics_payments_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM analytics_add_revenue(OLD, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM analytics_add_revenue(NEW, 1);
    END IF;
    IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.person_id IS DISTINCT FROM NEW.person_id) THEN
        PERFORM analytics_refresh_payer(OLD.person_id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM analytics_refresh_payer(NEW.person_id);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER analytics_payments AFTER INSERT OR UPDATE OR DELETE ON payments
    FOR EACH ROW EXECUTE FUNCTION analytics_payments_changed();

-- A first touch set after the first payment moves the payer to its channel and campaign.
CREATE FUNCTION analytics_first_touch_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    payer analytics_payers;
BEGIN
    SELECT * INTO payer FROM analytics_payers WHERE person_id = NEW.id;
    IF payer.person_id IS NULL THEN
        RETURN NULL;
    END IF;
    PERFORM analytics_add_touch(payer.channel, payer.campaign, payer.first_paid_on, payer.net, -1);
    UPDATE analytics_payers SET channel = coalesce(NEW.first_touch ->> 'channel', ''),
                                campaign = coalesce(NEW.first_touch ->> 'campaign', '')
    WHERE person_id = NEW.id;
    PERFORM analytics_add_touch(coalesce(NEW.first_touch ->> 'channel', ''),
                                coalesce(NEW.first_touch ->> 'campaign', ''), payer.first_paid_on, payer.net, 1);
    RETURN NULL;
END $$;
CREATE TRIGGER analytics_first_touch AFTER UPDATE OF first_touch ON persons
    FOR EACH ROW WHEN (OLD.first_touch IS DISTINCT FROM NEW.first_touch)
    EXECUTE FUNCTION analytics_first_touch_changed();

-- Recounts every pre-aggregated table from the payments at once: after a bulk load made with the
-- triggers silenced (the benchmark's generated data). A restore copies the tables themselves.
CREATE FUNCTION analytics_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM analytics_revenue;
    DELETE FROM analytics_payers;
    DELETE FROM analytics_payer_months;
    DELETE FROM analytics_cohorts;
    DELETE FROM analytics_touches;
    INSERT INTO analytics_revenue (month, program_id, paid, refunded, persons_net, payments)
    SELECT date_trunc('month', p.received_on)::date, coalesce(i.program_id, 0),
           coalesce(sum(p.amount) FILTER (WHERE p.kind = 'PAYMENT'), 0),
           coalesce(sum(p.amount) FILTER (WHERE p.kind = 'REFUND'), 0),
           coalesce(sum(CASE p.kind WHEN 'PAYMENT' THEN p.amount ELSE -p.amount END)
                    FILTER (WHERE p.person_id IS NOT NULL), 0),
           count(*)
    FROM payments p LEFT JOIN invoices i ON i.id = p.invoice_id
    GROUP BY 1, 2;
    INSERT INTO analytics_payers (person_id, first_paid_on, net, channel, campaign)
    SELECT p.person_id, min(p.received_on) FILTER (WHERE p.kind = 'PAYMENT'),
           sum(CASE p.kind WHEN 'PAYMENT' THEN p.amount ELSE -p.amount END),
           coalesce(min(s.first_touch ->> 'channel'), ''), coalesce(min(s.first_touch ->> 'campaign'), '')
    FROM payments p JOIN persons s ON s.id = p.person_id
    GROUP BY p.person_id HAVING bool_or(p.kind = 'PAYMENT');
    INSERT INTO analytics_touches (channel, campaign, month, payers, net)
    SELECT channel, campaign, date_trunc('month', first_paid_on)::date, count(*), sum(net)
    FROM analytics_payers GROUP BY 1, 2, 3;
    INSERT INTO analytics_payer_months (person_id, month)
    SELECT DISTINCT person_id, date_trunc('month', received_on)::date FROM payments
    WHERE person_id IS NOT NULL AND kind = 'PAYMENT';
    INSERT INTO analytics_cohorts (cohort, month, persons)
    SELECT date_trunc('month', a.first_paid_on)::date, m.month, count(*)
    FROM analytics_payer_months m JOIN analytics_payers a ON a.person_id = m.person_id
    GROUP BY 1, 2;
END $$;

-- Whatever was paid before this migration.
SELECT analytics_rebuild();
