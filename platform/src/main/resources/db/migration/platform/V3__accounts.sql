-- People who sign in: applicants and admins. The profile holds the shared blocks' data typed
-- once and reused to prefill every declaration.
CREATE TABLE accounts (
    id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    email          text        NOT NULL,
    password_hash  text        NOT NULL,
    role           text        NOT NULL DEFAULT 'APPLICANT' CHECK (role IN ('APPLICANT', 'ADMIN')),
    display_name   text        NOT NULL DEFAULT '',
    profile        jsonb       NOT NULL DEFAULT '{}',
    locale         text        NOT NULL DEFAULT 'ru',
    verified_at    timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX accounts_email ON accounts (lower(email));

-- Server-side sessions, so that any node serves any request.
CREATE TABLE sessions (
    id           text        PRIMARY KEY,
    account_id   uuid        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    csrf_token   text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

-- One-time tokens mailed for email verification and password reset; only their hash is kept.
CREATE TABLE account_tokens (
    token_hash  text        PRIMARY KEY,
    account_id  uuid        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    purpose     text        NOT NULL CHECK (purpose IN ('VERIFY', 'RESET')),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);
