-- Marketing consent a lead asked for, waiting for the holder of the address to confirm it (double
-- opt-in, docs/campaigns.md). A lead form is posted by anyone naming any address, so its consent
-- is recorded only once the link mailed to the address has been followed; until then the person's
-- consent stays as it was. Only the token's SHA-256 is kept. The address is the one mailed, and
-- the one a new confirmation mail to it is counted against, so that leads naming it are not
-- turned into a flood of mails to it.
CREATE TABLE marketing_confirmations (
    id           bigserial   PRIMARY KEY,
    person_id    uuid        NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    email        text        NOT NULL,
    -- recorded with the consent once confirmed: the lead's origin, as its other consents carry
    source       text        NOT NULL,
    language     text        NOT NULL,
    token_hash   text        NOT NULL UNIQUE,
    requested_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    confirmed_at timestamptz
);
CREATE INDEX marketing_confirmations_person ON marketing_confirmations (person_id);
CREATE INDEX marketing_confirmations_email ON marketing_confirmations (email, requested_at DESC);
