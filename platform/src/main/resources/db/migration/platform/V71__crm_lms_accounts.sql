-- An LMS's own user accounts (xAPI actors identified by "account": homePage + name) mapped to the
-- persons they are: their statements then count in that person's learning record (crm.xapi.LmsAccounts).
CREATE TABLE lms_accounts (
    id          bigserial   PRIMARY KEY,
    actor       text        NOT NULL UNIQUE,          -- 'account:' || home_page || '#' || name, as statements keep it
    home_page   text        NOT NULL,
    name        text        NOT NULL,
    person_id   uuid        NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    email       text        NOT NULL,                 -- the address the account's statements are counted under
    client_id   bigint      REFERENCES lms_clients (id) ON DELETE SET NULL,
    created_by  uuid,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lms_accounts_person ON lms_accounts (person_id);
