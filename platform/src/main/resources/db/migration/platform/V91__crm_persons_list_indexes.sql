-- Two of the persons list's queries over 500,000 persons (docs/crm.md, docs/performance.md "CRM").
--
-- One manager's persons in one stage, sorted by name: the manager's index (manager_id, created_at,
-- id) holds neither the stage nor the name, so the page walked persons_full_name and read each
-- person from the table until 100 of the manager's in the stage were found (2,216 buffers), and
-- the count, up to 1,000 rows, was a sequential scan (976 buffers). With both in one index the
-- page reads 212 buffers (6 of them the index) and the count 18, from the index alone.
CREATE INDEX persons_manager_stage_name ON persons (manager_id, stage, full_name, id) WHERE manager_id IS NOT NULL;

-- A searched word with an @ (person31337@bench) is found in an address (kept with a single @,
-- see crm.persons.Contacts) only if the address's local part ends with what precedes the word's
-- @: the list looks that up as a prefix of the reversed local part (lists.ListSearch), 3 buffers,
-- where the e-mail's trigram index walked, for each candidate, the entries of trigrams every
-- address shares (1,278 buffers, twice: for the page and for the count).
CREATE INDEX persons_email_local_reversed ON persons (reverse(lower(split_part(email, '@', 1))) text_pattern_ops);
