-- Project and program names and descriptions per language, keyed by language tag ('ru', 'en'...).
-- The name and description columns keep the default-language value (Russian, else the first
-- given), so backups, CSV exports, lists and the search go on reading them as before.
ALTER TABLE projects ADD COLUMN name_i18n jsonb NOT NULL DEFAULT '{}'::jsonb
        CHECK (jsonb_typeof(name_i18n) = 'object'),
    ADD COLUMN description_i18n jsonb NOT NULL DEFAULT '{}'::jsonb
        CHECK (jsonb_typeof(description_i18n) = 'object');
ALTER TABLE programs ADD COLUMN name_i18n jsonb NOT NULL DEFAULT '{}'::jsonb
        CHECK (jsonb_typeof(name_i18n) = 'object'),
    ADD COLUMN description_i18n jsonb NOT NULL DEFAULT '{}'::jsonb
        CHECK (jsonb_typeof(description_i18n) = 'object');

-- What was typed so far was typed for Russian pages.
UPDATE projects SET name_i18n = jsonb_build_object('ru', name),
    description_i18n = CASE WHEN description = '' THEN '{}'::jsonb ELSE jsonb_build_object('ru', description) END;
UPDATE programs SET name_i18n = jsonb_build_object('ru', name),
    description_i18n = CASE WHEN description = '' THEN '{}'::jsonb ELSE jsonb_build_object('ru', description) END;
