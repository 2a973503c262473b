-- Personal-data rights. An erased account keeps its row (declarations and statistics point at
-- it) with every personal field blanked; an anonymized declaration keeps only what statistics
-- need, and the mark keeps the retention job from processing it twice.
ALTER TABLE accounts ADD COLUMN erased_at timestamptz;
ALTER TABLE declarations ADD COLUMN anonymized_at timestamptz;

-- What the retention job looks for: closed declarations not yet anonymized, oldest first.
CREATE INDEX declarations_retention ON declarations (updated_at)
    WHERE anonymized_at IS NULL AND status IN ('WITHDRAWN', 'REJECTED');
