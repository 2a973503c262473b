-- Every node keeps the catalog (projects, programs and which project offers which) in memory and
-- drops it when told so on this channel. The triggers tell every node of every change, whoever
-- makes it: an admin on any node, a restore, a script. A program's place count ("taken") is left
-- out: it moves with each submission to a limited program and is read fresh where it is shown.
CREATE FUNCTION catalog_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('catalog_changed', TG_TABLE_NAME);
    RETURN NULL;
END
$$;

CREATE TRIGGER projects_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON projects
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
CREATE TRIGGER programs_changed AFTER INSERT OR DELETE OR TRUNCATE ON programs
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
CREATE TRIGGER programs_edited AFTER UPDATE OF code, name, description, active, places, waitlist ON programs
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
CREATE TRIGGER project_programs_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON project_programs
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
