-- The registrations list over a million declarations: indexes that hand a page over in the list's
-- own order (sort column, then id, the tiebreaker that keeps pages stable), and trigram indexes
-- for the search box.

-- A page's ids come out of an index alone, in the list's order, with a status filter checked
-- within the index: the default order (newest first, to the id), the same within a project (a
-- project admin's scope; the digests' range scans use it too), and names. A status as the first
-- column would not do: a filter on several statuses (= ANY) cannot read such an index in order.
DROP INDEX declarations_submitted;
CREATE INDEX declarations_submitted ON declarations (submitted_at DESC, id DESC, status);
DROP INDEX declarations_project_submitted;
CREATE INDEX declarations_project_submitted ON declarations (project_id, submitted_at DESC, id DESC, status);
CREATE INDEX declarations_full_name ON declarations (full_name, id, status);
-- Counting a project's rows of some statuses (the total above a project admin's list) from the
-- index alone, rather than walking the project's whole order for them.
CREATE INDEX declarations_project_status ON declarations (project_id, status);

-- The search box matches any part of a name, an email or a number (ILIKE '%...%'), which a
-- B-tree cannot serve. GIN trigram indexes (contrib pg_trgm, shipped with the embedded
-- PostgreSQL and trusted, so the database owner may create it) can, and fold case as lower()
-- does, Cyrillic included. A server without the extension, or a user not allowed to create it,
-- still migrates: the search then reads the whole table, and an administrator can run
-- CREATE EXTENSION pg_trgm and the statements below later.
DO $$
DECLARE
    trgm_schema text;
BEGIN
    BEGIN
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
    EXCEPTION WHEN OTHERS THEN
        RAISE WARNING 'pg_trgm cannot be created (%): the registrations search will read the whole table', SQLERRM;
    END;
    SELECT n.nspname INTO trgm_schema
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname = 'pg_trgm';
    IF trgm_schema IS NOT NULL THEN
        EXECUTE format('CREATE INDEX declarations_full_name_trgm ON declarations USING gin (full_name %I.gin_trgm_ops)',
                trgm_schema);
        EXECUTE format('CREATE INDEX declarations_email_trgm ON declarations USING gin (email %I.gin_trgm_ops)',
                trgm_schema);
        EXECUTE format('CREATE INDEX declarations_number_trgm ON declarations USING gin (number %I.gin_trgm_ops)',
                trgm_schema);
    END IF;
END
$$;
