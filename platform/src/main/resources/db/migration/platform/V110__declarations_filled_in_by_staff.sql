-- Whether the declaration was filled in from a staff account (a paper form, a visitor at the
-- desk): its mails then go to the address typed into it, else to its account's confirmed address
-- (README, "Accounts, roles and the audit log"). Fixed when it is submitted, so that a role given
-- or taken later moves nobody's mails: a staff member who leaves does not go on getting the
-- visitors' mails, and an applicant made staff does not have the platform mail an address they
-- typed while they were not. Earlier declarations take their account's role of today, the best
-- that is known of them.
ALTER TABLE declarations ADD COLUMN filled_in_by_staff boolean NOT NULL DEFAULT false;
UPDATE declarations d SET filled_in_by_staff = true
FROM accounts a WHERE a.id = d.account_id AND a.role <> 'APPLICANT';
