-- A verified notification the platform could not book as it was (another currency or amount than
-- the payment's, an amount no column holds, a refund beyond what is left of the payment) books
-- nothing and leaves the payment for a person: why, as a message key and its arguments (a JSON
-- array of strings), so that each reader sees it in their language.
ALTER TABLE acquiring_payments
    ADD COLUMN attention_key  text,
    ADD COLUMN attention_args text;
