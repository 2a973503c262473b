-- A declaration prints with the template of the family version it was submitted under, even
-- after that family was disabled, removed or upgraded: each version's template and what printing
-- needs of its form (field types, option labels) is kept here when the version goes live.
ALTER TABLE declarations ADD COLUMN family_version text;

CREATE TABLE declaration_templates (
    family_id       text        NOT NULL,
    family_version  text        NOT NULL,
    template        text        NOT NULL,
    printable       jsonb       NOT NULL,
    saved_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (family_id, family_version)
);
