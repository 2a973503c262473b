-- Mastery per discipline on configurable scales (docs/crm.md, "Mastery and qualification").
-- A scale is either a list of ordered levels (five-point, pass/fail, beginner..advanced) or a
-- percentage; each level has the lowest xAPI scaled score that converts to it.
CREATE TABLE mastery_scales (
    code        text        PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_-]{0,39}$'),
    kind        text        NOT NULL CHECK (kind IN ('LEVELS', 'PERCENT')),
    name_ru     text        NOT NULL,
    name_en     text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE mastery_levels (
    scale_code  text          NOT NULL REFERENCES mastery_scales (code) ON DELETE CASCADE,
    code        text          NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$'),
    position    integer       NOT NULL,
    label_ru    text          NOT NULL,
    label_en    text          NOT NULL,
    min_score   numeric(4, 3) NOT NULL CHECK (min_score BETWEEN 0 AND 1),
    PRIMARY KEY (scale_code, code),
    UNIQUE (scale_code, position)
);
INSERT INTO mastery_scales (code, kind, name_ru, name_en) VALUES
    ('five-point', 'LEVELS', 'Пятибалльная', 'Five-point'),
    ('pass-fail', 'LEVELS', 'Зачёт / незачёт', 'Pass / fail'),
    ('levels', 'LEVELS', 'Уровни', 'Levels'),
    ('percent', 'PERCENT', 'Процент', 'Percentage');
INSERT INTO mastery_levels (scale_code, code, position, label_ru, label_en, min_score) VALUES
    ('five-point', '2', 1, '2 (неудовлетворительно)', '2 (fail)', 0),
    ('five-point', '3', 2, '3 (удовлетворительно)', '3 (satisfactory)', 0.5),
    ('five-point', '4', 3, '4 (хорошо)', '4 (good)', 0.7),
    ('five-point', '5', 4, '5 (отлично)', '5 (excellent)', 0.85),
    ('pass-fail', 'fail', 1, 'Не зачтено', 'Fail', 0),
    ('pass-fail', 'pass', 2, 'Зачтено', 'Pass', 0.6),
    ('levels', 'beginner', 1, 'Начальный', 'Beginner', 0),
    ('levels', 'intermediate', 2, 'Средний', 'Intermediate', 0.5),
    ('levels', 'advanced', 3, 'Продвинутый', 'Advanced', 0.8);

-- Disciplines, each on one scale; xAPI activities mapped to a discipline feed its mastery.
CREATE TABLE disciplines (
    id          bigserial   PRIMARY KEY,
    name_ru     text        NOT NULL,
    name_en     text        NOT NULL,
    scale_code  text        NOT NULL REFERENCES mastery_scales (code),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE discipline_activities (
    activity_id    text   PRIMARY KEY,
    discipline_id  bigint NOT NULL REFERENCES disciplines (id) ON DELETE CASCADE
);
CREATE INDEX discipline_activities_discipline ON discipline_activities (discipline_id);

-- A person's mastery of a discipline recorded by hand; what the LMS says is read from
-- xapi_statements through discipline_activities, never copied here.
CREATE TABLE person_mastery (
    id             bigserial   PRIMARY KEY,
    person_id      uuid        NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    discipline_id  bigint      NOT NULL REFERENCES disciplines (id) ON DELETE CASCADE,
    level          text        NOT NULL,
    assessed_on    date        NOT NULL,
    note           text        NOT NULL DEFAULT '',
    actor_id       uuid        REFERENCES accounts (id) ON DELETE SET NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX person_mastery_person ON person_mastery (person_id, discipline_id, assessed_on);

-- Qualification levels (a configurable list) and each person's.
CREATE TABLE qualification_levels (
    code      text    PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_-]{0,39}$'),
    position  integer NOT NULL,
    name_ru   text    NOT NULL,
    name_en   text    NOT NULL,
    active    boolean NOT NULL DEFAULT true
);
INSERT INTO qualification_levels (code, position, name_ru, name_en) VALUES
    ('none', 10, 'Без образования', 'None'),
    ('secondary', 20, 'Среднее', 'Secondary'),
    ('vocational', 30, 'Среднее профессиональное', 'Vocational'),
    ('bachelor', 40, 'Бакалавр', 'Bachelor'),
    ('specialist', 50, 'Специалист', 'Specialist'),
    ('master', 60, 'Магистр', 'Master'),
    ('phd', 70, 'Кандидат / доктор наук', 'PhD');
-- No foreign key: levels are retired, never deleted (Qualifications checks the code), and persons
-- stay a table a restore's dependency order reaches without passing through a seeded list.
ALTER TABLE persons ADD COLUMN qualification text;
CREATE INDEX persons_qualification ON persons (qualification) WHERE qualification IS NOT NULL;
