-- The registrations list sorts by submission time and filters by status and project; these keep
-- its pages index scans over large tables.
CREATE INDEX declarations_submitted ON declarations (submitted_at DESC, id DESC);
CREATE INDEX declarations_status_submitted ON declarations (status, submitted_at DESC);
CREATE INDEX declarations_account ON declarations (account_id);
