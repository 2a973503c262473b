-- Delivered and failed webhook deliveries are deleted once nothing has happened to them for
-- webhooks.delivery-retention (docs/webhooks.md): the hourly job finds them by this index, which
-- leaves out the pending ones it never deletes.
CREATE INDEX webhook_deliveries_finished ON webhook_deliveries (greatest(delivered_at, last_attempt_at, created_at))
    WHERE status <> 'PENDING';
