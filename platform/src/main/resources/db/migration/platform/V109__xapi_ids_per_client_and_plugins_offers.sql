-- xAPI statement ids are kept per LMS client (package crm.xapi): each client's statements, and
-- those entered by hand (no client), are a space of ids of their own, so that a client sending an
-- id another client used stores its own statement, answered as for any new id, and learns nothing
-- of the other's. Within one client an id stays stored once.
ALTER TABLE xapi_statements DROP CONSTRAINT xapi_statements_pkey;
CREATE UNIQUE INDEX xapi_statements_client_id ON xapi_statements (id, coalesce(client_id, 0));

-- The extension points (interface names) each plugin's last started version offered (package
-- plugins): what a plugin that failed to start, or was removed while its schema stays, may still
-- hold, such as personal data an erasure must reach. Filled as each plugin starts.
ALTER TABLE plugin_registry ADD COLUMN offers text[];
