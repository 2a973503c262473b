-- Sign-ups per client address, counted to keep one address from opening accounts (and mailing
-- verification links to any address it names) without limit; rows older than the hour counted are deleted.
CREATE TABLE sign_ups (
    address       text        NOT NULL,
    signed_up_at  timestamptz NOT NULL
);
CREATE INDEX sign_ups_address ON sign_ups (address, signed_up_at);
