-- Which programs require the public offer accepted is kept in memory by every node for the
-- declaration form (crm.deals.FormTerms): a change of the settings is announced on the catalog's
-- channel, as a change of the catalog itself is (V12).
CREATE TRIGGER deal_program_settings_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON deal_program_settings
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();

-- Pre-applicants not mailed yet, looked for on every tick once their program opens
-- (crm.interest.OpenedPrograms).
CREATE INDEX pre_applications_not_notified ON pre_applications (program_id) WHERE notified_at IS NULL;
