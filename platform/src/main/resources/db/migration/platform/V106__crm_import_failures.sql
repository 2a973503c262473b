-- A person import whose chunk fails for a reason that retrying cannot cure (a value the database
-- refuses, or the same failure again and again) is marked FAILED with the reason, so that the worker
-- goes on to the imports queued after it instead of retrying the same chunk for ever.
ALTER TABLE crm_imports DROP CONSTRAINT crm_imports_state_check;
ALTER TABLE crm_imports ADD CONSTRAINT crm_imports_state_check
    CHECK (state IN ('MAPPING', 'QUEUED', 'RUNNING', 'DONE', 'UNDONE', 'FAILED'));
-- failures: the chunk's failures in a row since the import last went on; failure: the technical reason.
ALTER TABLE crm_imports ADD COLUMN failures integer NOT NULL DEFAULT 0;
ALTER TABLE crm_imports ADD COLUMN failure text NOT NULL DEFAULT '';
