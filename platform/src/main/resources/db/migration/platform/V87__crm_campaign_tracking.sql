-- Campaign open and click counting (crm.campaigns), only for persons who consented to it: a
-- consent purpose of its own, a tracking token per recipient (only its SHA-256 kept), counts and
-- first times per recipient, and the links each campaign's mails carried (the only places its
-- click-through redirects lead to).
ALTER TABLE person_consents DROP CONSTRAINT person_consents_purpose_check;
ALTER TABLE person_consents ADD CONSTRAINT person_consents_purpose_check
    CHECK (purpose IN ('PROCESSING', 'MARKETING', 'TRACKING'));

ALTER TABLE campaign_recipients
    ADD COLUMN track_hash     text,
    ADD COLUMN opens          integer NOT NULL DEFAULT 0,
    ADD COLUMN first_open_at  timestamptz,
    ADD COLUMN clicks         integer NOT NULL DEFAULT 0,
    ADD COLUMN first_click_at timestamptz;
CREATE UNIQUE INDEX campaign_recipients_track ON campaign_recipients (track_hash) WHERE track_hash IS NOT NULL;

CREATE TABLE campaign_links (
    campaign_id  bigint  NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    position     integer NOT NULL,
    url          text    NOT NULL,
    PRIMARY KEY (campaign_id, position),
    UNIQUE (campaign_id, url)
);
