-- Staff roles besides the platform admin: project admins (scoped to the projects they are
-- given) and organization coordinators (read-only, scoped to applicants of their organization).
ALTER TABLE accounts DROP CONSTRAINT accounts_role_check;
ALTER TABLE accounts ADD CONSTRAINT accounts_role_check
    CHECK (role IN ('APPLICANT', 'PROJECT_ADMIN', 'COORDINATOR', 'ADMIN'));
ALTER TABLE accounts ADD COLUMN organization text NOT NULL DEFAULT '';

CREATE TABLE project_admins (
    account_id  uuid   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    project_id  bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    PRIMARY KEY (account_id, project_id)
);

-- The applicant's organization as the form gave it: their employer, or else their university.
ALTER TABLE declarations ADD COLUMN organization text NOT NULL DEFAULT '';
UPDATE declarations SET organization = coalesce(nullif(values ->> 'organization', ''), values ->> 'university', '');
CREATE INDEX declarations_organization ON declarations (lower(organization));
