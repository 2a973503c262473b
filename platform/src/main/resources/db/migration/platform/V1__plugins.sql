-- Plugins an administrator installed or switched off; the JAR files themselves live in the
-- plugins folder. A plugin with no row here is enabled.
CREATE TABLE plugin_registry (
    plugin_id    text PRIMARY KEY,
    enabled      boolean     NOT NULL DEFAULT true,
    version      text,
    checksum     text,
    updated_at   timestamptz NOT NULL DEFAULT now()
);
