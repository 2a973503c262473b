-- Lead forms embedded on institutes' websites (package crm.embed): each brings its leads in under
-- a lead source, for a program when one is chosen; its public id is the only thing the snippet shows.
CREATE TABLE lead_forms (
    id            bigserial   PRIMARY KEY,
    public_id     uuid        NOT NULL UNIQUE DEFAULT gen_random_uuid(),
    source_id     bigint      NOT NULL REFERENCES lead_sources (id),
    program_code  text,
    language      text        NOT NULL DEFAULT 'ru',
    created_by    uuid        REFERENCES accounts (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    revoked_at    timestamptz
);

-- Recent lead-form posts per client address, for the rate limit; rows older than a day go.
CREATE TABLE lead_form_posts (
    address  text        NOT NULL,
    at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lead_form_posts_address ON lead_form_posts (address, at);

-- Page views the websites' beacon reports for a browser (its visitor id, a first-party cookie of
-- the website), linked to a person once that browser sends a lead or signs up.
CREATE TABLE site_visits (
    id         bigserial   PRIMARY KEY,
    visitor    uuid        NOT NULL,
    person_id  uuid        REFERENCES persons (id) ON DELETE CASCADE,
    url        text        NOT NULL,
    referrer   text        NOT NULL DEFAULT '',
    utm        jsonb       NOT NULL DEFAULT '{}',
    channel    text        NOT NULL,
    at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX site_visits_unlinked ON site_visits (visitor, at) WHERE person_id IS NULL;
CREATE INDEX site_visits_person ON site_visits (person_id, at DESC);
