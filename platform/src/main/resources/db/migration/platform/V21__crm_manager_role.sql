-- CRM managers work on the CRM's persons, organizations, timelines and tasks.
ALTER TABLE accounts DROP CONSTRAINT accounts_role_check;
ALTER TABLE accounts ADD CONSTRAINT accounts_role_check
    CHECK (role IN ('APPLICANT', 'PROJECT_ADMIN', 'COORDINATOR', 'ADMIN', 'CRM_MANAGER'));
