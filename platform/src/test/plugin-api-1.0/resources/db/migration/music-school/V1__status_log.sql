CREATE TABLE status_log (
    event_id    uuid PRIMARY KEY,
    number      text NOT NULL,
    from_status text NOT NULL,
    to_status   text NOT NULL
);
