-- A task's reminder: when its assignee is mailed about it (by default the morning of its due date
-- in the platform's time zone), and when that mail was queued through the outbox (set in the same
-- transaction, so a reminder goes once whichever node sends it).
ALTER TABLE crm_tasks ADD COLUMN remind_at timestamptz, ADD COLUMN reminded_at timestamptz;
CREATE INDEX crm_tasks_reminders ON crm_tasks (remind_at)
    WHERE reminded_at IS NULL AND done_at IS NULL AND remind_at IS NOT NULL;
