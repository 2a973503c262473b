-- Lead intake (docs/performance.md, "Lead intake, V95"): keeping the funnel's stays (V67) was two
-- thirds of what PostgreSQL spent on a lead. Every insert of moves called funnel_stays_refresh, a
-- SQL function, whose DELETE and INSERT ... SELECT over the window of funnel_stays_computed are
-- planned again on every call (about 0.9 ms of planning and 1.1 ms of running per lead).
--
-- 1. The refresh is PL/pgSQL, so each connection plans its two statements once.
-- 2. The first move of a person who had none (a lead or an import of a new person, a new
--    account) needs no window: the stay is the person's only one, it has not ended, nothing was
--    reached after it and no earlier stay was in the same stage; only the next stage is looked up,
--    as funnel_stays_computed does. When any inserted move's person has another move (an earlier
--    one, or a second one in the same statement), the moved persons' stays are recomputed as before.
--    FunnelStaysIT and LeadRoundTripsIT compare the kept stays with funnel_stays_computed.
CREATE OR REPLACE FUNCTION funnel_stays_refresh(p_persons uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM funnel_stays WHERE person_id = ANY (p_persons);
    INSERT INTO funnel_stays (move_id, person_id, stage, entered_at, left_at, next_stage, reached_next_at,
                              earlier_same_stage)
    SELECT move_id, person_id, stage, entered_at, left_at, next_stage, reached_next_at, earlier_same_stage
    FROM funnel_stays_computed WHERE person_id = ANY (p_persons);
END $$;

CREATE OR REPLACE FUNCTION funnel_moves_stays() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed uuid[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NOT EXISTS (SELECT 1 FROM changed_new n JOIN funnel_moves m ON m.person_id = n.person_id AND m.id <> n.id)
        THEN
            INSERT INTO funnel_stays (move_id, person_id, stage, entered_at, left_at, next_stage, reached_next_at,
                                      earlier_same_stage)
            SELECT n.id, n.person_id, n.to_stage, n.at, NULL, s.next_code, NULL, NULL
            FROM changed_new n
            LEFT JOIN (SELECT code, lead(code) OVER (ORDER BY position) AS next_code
                       FROM funnel_stages WHERE active) s ON s.code = n.to_stage;
            RETURN NULL;
        END IF;
        SELECT array_agg(DISTINCT person_id) INTO changed FROM changed_new;
    ELSIF TG_OP = 'UPDATE' THEN
        SELECT array_agg(DISTINCT person_id) INTO changed
        FROM (SELECT person_id FROM changed_new UNION SELECT person_id FROM changed_old) u;
    ELSE
        SELECT array_agg(DISTINCT person_id) INTO changed FROM changed_old;
    END IF;
    IF changed IS NULL THEN
        RETURN NULL;
    END IF;
    IF cardinality(changed) <= 1000 THEN
        PERFORM funnel_stays_refresh(changed);
    ELSE
        -- a bulk load: every stay computed in one pass and joined, rather than each person's moves
        -- looked up by key
        DELETE FROM funnel_stays t USING unnest(changed) u (person_id) WHERE t.person_id = u.person_id;
        INSERT INTO funnel_stays (move_id, person_id, stage, entered_at, left_at, next_stage, reached_next_at,
                                  earlier_same_stage)
        SELECT c.move_id, c.person_id, c.stage, c.entered_at, c.left_at, c.next_stage, c.reached_next_at,
               c.earlier_same_stage
        FROM funnel_stays_computed c JOIN unnest(changed) u (person_id) ON u.person_id = c.person_id;
    END IF;
    RETURN NULL;
END $$;
