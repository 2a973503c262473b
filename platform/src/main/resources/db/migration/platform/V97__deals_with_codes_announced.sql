-- Which programs take an organization's enrolment code now is kept in memory by every node for
-- the declaration form (crm.deals.FormTerms): a change of a deal that has a code (its stage, its
-- seats, a seat taken) is announced on the catalog's channel, as the offer settings are (V70).
-- Row triggers with a condition, so that the many deals without a code (retail sales) stay silent;
-- pg_notify sends one notice per transaction however many rows announce it.
CREATE TRIGGER deals_with_code_inserted AFTER INSERT ON deals
    FOR EACH ROW WHEN (NEW.enrolment_code IS NOT NULL) EXECUTE FUNCTION catalog_changed();
CREATE TRIGGER deals_with_code_updated AFTER UPDATE ON deals
    FOR EACH ROW WHEN (OLD.enrolment_code IS NOT NULL OR NEW.enrolment_code IS NOT NULL)
    EXECUTE FUNCTION catalog_changed();
CREATE TRIGGER deals_with_code_deleted AFTER DELETE ON deals
    FOR EACH ROW WHEN (OLD.enrolment_code IS NOT NULL) EXECUTE FUNCTION catalog_changed();
CREATE TRIGGER deals_truncated AFTER TRUNCATE ON deals
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
