-- The funnel's figures from kept stays (docs/analytics.md, "Funnel"; docs/performance.md, "Analytics").
--
-- Every funnel move begins a stay of its person in the stage moved to, which lasts until the
-- person's next move (by time, then by id). The analytics page's funnel figures counted these
-- stays from the moves with a window function over every move of every person who moved in the
-- period (10 s over 112,000 moves). The stays are kept here instead, one row per move, by the
-- statement triggers below in the same transaction as every insert, change (a merge of two
-- persons hands one's moves to the other) or delete of moves, so the figures are one index range
-- of this table:
--   left_at            the person's next move (null while the person stands in the stage);
--   next_stage         the next active stage after this one (null for the last or an inactive one);
--   reached_next_at    the first move of the person to next_stage at or after this stay began;
--   earlier_same_stage the start of the person's previous stay in the same stage, if any: a stay
--                      is its person's first in the stage within a period exactly when this is
--                      null or before the period's start, so the persons who entered a stage in a
--                      period are counted without DISTINCT; and a person who entered a stage in the
--                      period reached the next stage exactly when that first stay did.
-- A change of the stages (order, active) rewrites next_stage and reached_next_at of every stay.
CREATE TABLE funnel_stays (
    move_id            bigint      PRIMARY KEY REFERENCES funnel_moves (id) ON DELETE CASCADE,
    person_id          uuid        NOT NULL,
    stage              text        NOT NULL,
    entered_at         timestamptz NOT NULL,
    left_at            timestamptz,
    next_stage         text,
    reached_next_at    timestamptz,
    earlier_same_stage timestamptz
);
CREATE INDEX funnel_stays_entered ON funnel_stays (stage, entered_at)
    INCLUDE (person_id, left_at, reached_next_at, earlier_same_stage);
CREATE INDEX funnel_stays_person ON funnel_stays (person_id);

-- The stays as computed from the moves; filtered by person, the filter reaches the moves' index
-- (it is on the window's partition).
CREATE VIEW funnel_stays_computed AS
SELECT m.id AS move_id, m.person_id, m.to_stage AS stage, m.at AS entered_at,
       lead(m.at) OVER (PARTITION BY m.person_id ORDER BY m.at, m.id) AS left_at,
       n.next_code AS next_stage,
       (SELECT min(r.at) FROM funnel_moves r
        WHERE r.person_id = m.person_id AND r.to_stage = n.next_code AND r.at >= m.at) AS reached_next_at,
       lag(m.at) OVER (PARTITION BY m.person_id, m.to_stage ORDER BY m.at, m.id) AS earlier_same_stage
FROM funnel_moves m
LEFT JOIN (SELECT code, lead(code) OVER (ORDER BY position) AS next_code FROM funnel_stages WHERE active) n
       ON n.code = m.to_stage;

CREATE FUNCTION funnel_stays_refresh(p_persons uuid[]) RETURNS void LANGUAGE sql AS $$
    DELETE FROM funnel_stays WHERE person_id = ANY (p_persons);
    INSERT INTO funnel_stays (move_id, person_id, stage, entered_at, left_at, next_stage, reached_next_at,
                              earlier_same_stage)
    SELECT move_id, person_id, stage, entered_at, left_at, next_stage, reached_next_at, earlier_same_stage
    FROM funnel_stays_computed WHERE person_id = ANY (p_persons);
$$;

CREATE FUNCTION funnel_moves_stays() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed uuid[];
BEGIN
    IF TG_OP = 'INSERT' THEN
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
CREATE TRIGGER funnel_moves_stays_insert AFTER INSERT ON funnel_moves
    REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION funnel_moves_stays();
CREATE TRIGGER funnel_moves_stays_update AFTER UPDATE ON funnel_moves
    REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION funnel_moves_stays();
CREATE TRIGGER funnel_moves_stays_delete AFTER DELETE ON funnel_moves
    REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION funnel_moves_stays();

CREATE FUNCTION funnel_stages_stays() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE funnel_stays t SET next_stage = c.next_stage, reached_next_at = c.reached_next_at
    FROM funnel_stays_computed c
    WHERE c.move_id = t.move_id
      AND (t.next_stage IS DISTINCT FROM c.next_stage OR t.reached_next_at IS DISTINCT FROM c.reached_next_at);
    RETURN NULL;
END $$;
CREATE TRIGGER funnel_stages_stays AFTER INSERT OR UPDATE OR DELETE ON funnel_stages
    FOR EACH STATEMENT EXECUTE FUNCTION funnel_stages_stays();

INSERT INTO funnel_stays (move_id, person_id, stage, entered_at, left_at, next_stage, reached_next_at,
                          earlier_same_stage)
SELECT move_id, person_id, stage, entered_at, left_at, next_stage, reached_next_at, earlier_same_stage
FROM funnel_stays_computed;
