-- Every node keeps the sessions it read lately in memory and drops an account's when told so on this
-- channel, the payload being the account's id ('*' for all). The triggers tell every node of every
-- change, whoever makes it: a log-out or a password change on any node, an erasure, a script. A
-- session's extension as it is used (its last-seen time and end moved on) is left out: each node
-- extends what it keeps itself.
CREATE FUNCTION session_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_LEVEL = 'STATEMENT' THEN
        PERFORM pg_notify('sessions_changed', '*');
    ELSIF TG_TABLE_NAME = 'accounts' THEN
        PERFORM pg_notify('sessions_changed', OLD.id::text);
    ELSE
        PERFORM pg_notify('sessions_changed', OLD.account_id::text);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER sessions_ended AFTER DELETE ON sessions
    FOR EACH ROW EXECUTE FUNCTION session_changed();
CREATE TRIGGER sessions_altered AFTER UPDATE ON sessions
    FOR EACH ROW WHEN (NOT (NEW.last_seen_at >= OLD.last_seen_at AND NEW.expires_at >= OLD.expires_at
                            AND NEW.id = OLD.id AND NEW.account_id = OLD.account_id
                            AND NEW.csrf_token = OLD.csrf_token AND NEW.created_at = OLD.created_at))
    EXECUTE FUNCTION session_changed();
CREATE TRIGGER sessions_truncated AFTER TRUNCATE ON sessions
    FOR EACH STATEMENT EXECUTE FUNCTION session_changed();
CREATE TRIGGER accounts_shown_changed AFTER UPDATE OF email, display_name, role, verified_at, erased_at ON accounts
    FOR EACH ROW WHEN ((NEW.email, NEW.display_name, NEW.role, NEW.verified_at, NEW.erased_at)
                       IS DISTINCT FROM (OLD.email, OLD.display_name, OLD.role, OLD.verified_at, OLD.erased_at))
    EXECUTE FUNCTION session_changed();
CREATE TRIGGER accounts_truncated AFTER TRUNCATE ON accounts
    FOR EACH STATEMENT EXECUTE FUNCTION session_changed();
