-- Every admin write and every export: who, when, what, and the state before and after.
CREATE TABLE audit_log (
    id          bigserial   PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor_id    uuid,
    actor       text        NOT NULL,
    action      text        NOT NULL,
    target      text        NOT NULL,
    status      integer     NOT NULL,
    request_id  text        NOT NULL DEFAULT '',
    client      text        NOT NULL DEFAULT '',
    before      jsonb,
    after       jsonb
);
CREATE INDEX audit_log_at ON audit_log (at);

-- Entries are written once: the application has no way to change them, and neither has SQL
-- run through it.
CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit log entries cannot be changed or deleted';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
