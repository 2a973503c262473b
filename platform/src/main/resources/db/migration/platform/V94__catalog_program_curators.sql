-- A program's curator (docs/crm.md, "Stuck students"): the staff account that looks after its
-- students. The stuck list shows and filters by it, and a stuck scenario's task "for the curator"
-- goes to it. An account deleted leaves the program without a curator.
ALTER TABLE programs ADD COLUMN curator_id uuid REFERENCES accounts (id) ON DELETE SET NULL;
CREATE INDEX programs_curator ON programs (curator_id) WHERE curator_id IS NOT NULL;
