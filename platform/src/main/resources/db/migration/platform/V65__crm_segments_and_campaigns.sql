-- Segments (package crm.segments): saved filters over persons. A dynamic segment is evaluated
-- when used; a frozen one keeps the members it had when frozen.
CREATE TABLE segments (
    id          bigserial   PRIMARY KEY,
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    filter      jsonb       NOT NULL,
    frozen_at   timestamptz,
    created_by  uuid        REFERENCES accounts (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE segment_members (
    segment_id  bigint NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
    person_id   uuid   NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    PRIMARY KEY (segment_id, person_id)
);

-- Mail campaigns (package crm.campaigns): a mail in Russian and English sent to a segment at a
-- time, at a rate per minute. Each recipient has one row, made when the campaign is queued and
-- claimed once to hand its mail to the outbox; the rate is a token bucket (budget_at).
CREATE TABLE campaigns (
    id               bigserial   PRIMARY KEY,
    name             text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    segment_id       bigint      NOT NULL REFERENCES segments (id),
    subject_ru       text        NOT NULL,
    body_ru          text        NOT NULL,
    subject_en       text        NOT NULL,
    body_en          text        NOT NULL,
    send_at          timestamptz,
    rate_per_minute  integer     NOT NULL CHECK (rate_per_minute BETWEEN 1 AND 1000000),
    status           text        NOT NULL DEFAULT 'DRAFT'
                         CHECK (status IN ('DRAFT', 'SCHEDULED', 'SENDING', 'DONE', 'CANCELLED')),
    budget_at        timestamptz,
    queued_at        timestamptz,
    finished_at      timestamptz,
    created_by       uuid        REFERENCES accounts (id) ON DELETE SET NULL,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX campaigns_due ON campaigns (send_at) WHERE status IN ('SCHEDULED', 'SENDING');
CREATE TABLE campaign_recipients (
    campaign_id      bigint      NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    person_id        uuid        NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    email            text        NOT NULL,
    language         text        NOT NULL DEFAULT 'ru',
    state            text        NOT NULL DEFAULT 'QUEUED'
                         CHECK (state IN ('QUEUED', 'HANDED', 'SKIPPED', 'UNSUBSCRIBED')),
    token_hash       text        UNIQUE,
    outbox_id        bigint,
    handed_at        timestamptz,
    unsubscribed_at  timestamptz,
    PRIMARY KEY (campaign_id, person_id)
);
CREATE INDEX campaign_recipients_queued ON campaign_recipients (campaign_id) WHERE state = 'QUEUED';
CREATE INDEX campaign_recipients_person ON campaign_recipients (person_id);
