-- Several named views of each list per admin, one of them the default a bare list opens with.
-- The view saved so far becomes the admin's unnamed default view (name '').
ALTER TABLE list_views ADD COLUMN view_name text NOT NULL DEFAULT '',
    ADD COLUMN is_default boolean NOT NULL DEFAULT false;
UPDATE list_views SET is_default = true;
ALTER TABLE list_views DROP CONSTRAINT list_views_pkey;
ALTER TABLE list_views ADD PRIMARY KEY (account_id, list_name, view_name);
CREATE UNIQUE INDEX list_views_one_default ON list_views (account_id, list_name) WHERE is_default;
