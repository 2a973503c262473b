-- The latest consent of each person per purpose (docs/campaigns.md; docs/performance.md, "Segments
-- and mail campaigns").
--
-- A segment's consent condition and a campaign's recipients read a person's latest consent (by
-- time, then by id). Read from person_consents it was a sorted index lookup per person that passed
-- the other conditions (125,000 lookups, 1.7 s for "stage = student AND tag AND marketing consent
-- granted" over 500,000 persons). It is kept here instead, one row per person and purpose, by the
-- statement triggers below in the same transaction as every insert, change (a merge of two persons
-- hands one's consents to the other) or delete of consents, so the condition is a join on the key.
CREATE TABLE person_consent_states (
    person_id   uuid        NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    purpose     text        NOT NULL,
    granted     boolean     NOT NULL,
    at          timestamptz NOT NULL,
    consent_id  bigint      NOT NULL,
    PRIMARY KEY (person_id, purpose)
);

-- A new consent replaces the kept one only when it is later (by time, then by id): consents
-- inserted out of order (an import with past times) and two transactions inserting for the same
-- person at once both end with the latest, without reading person_consents.
CREATE FUNCTION person_consents_states_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO person_consent_states AS s (person_id, purpose, granted, at, consent_id)
    SELECT DISTINCT ON (person_id, purpose) person_id, purpose, granted, at, id
    FROM changed_new ORDER BY person_id, purpose, at DESC, id DESC
    ON CONFLICT (person_id, purpose) DO UPDATE
        SET granted = excluded.granted, at = excluded.at, consent_id = excluded.consent_id
        WHERE (excluded.at, excluded.consent_id) > (s.at, s.consent_id);
    RETURN NULL;
END $$;

-- A changed or deleted consent (a merge, an import's cleanup, an erasure) may have been the latest:
-- the touched persons' states are computed again from their consents.
CREATE FUNCTION person_consents_states_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed uuid[];
BEGIN
    IF TG_OP = 'UPDATE' THEN
        SELECT array_agg(DISTINCT person_id) INTO changed
        FROM (SELECT person_id FROM changed_new UNION SELECT person_id FROM changed_old) u;
    ELSE
        SELECT array_agg(DISTINCT person_id) INTO changed FROM changed_old;
    END IF;
    IF changed IS NULL THEN
        RETURN NULL;
    END IF;
    DELETE FROM person_consent_states s USING unnest(changed) u (person_id) WHERE s.person_id = u.person_id;
    INSERT INTO person_consent_states (person_id, purpose, granted, at, consent_id)
    SELECT DISTINCT ON (c.person_id, c.purpose) c.person_id, c.purpose, c.granted, c.at, c.id
    FROM person_consents c JOIN unnest(changed) u (person_id) ON u.person_id = c.person_id
    ORDER BY c.person_id, c.purpose, c.at DESC, c.id DESC
    ON CONFLICT (person_id, purpose) DO NOTHING;
    RETURN NULL;
END $$;

CREATE TRIGGER person_consents_states_insert AFTER INSERT ON person_consents
    REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION person_consents_states_insert();
CREATE TRIGGER person_consents_states_update AFTER UPDATE ON person_consents
    REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION person_consents_states_refresh();
CREATE TRIGGER person_consents_states_delete AFTER DELETE ON person_consents
    REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION person_consents_states_refresh();

INSERT INTO person_consent_states (person_id, purpose, granted, at, consent_id)
SELECT DISTINCT ON (person_id, purpose) person_id, purpose, granted, at, id
FROM person_consents ORDER BY person_id, purpose, at DESC, id DESC;
