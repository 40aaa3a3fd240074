-- Tables every Safeline service has: an append-only audit trail and a transactional outbox.

CREATE TABLE audit_event (
    id          uuid PRIMARY KEY,
    recorded_at timestamptz NOT NULL,
    source      text        NOT NULL,
    actor       text        NOT NULL,
    action      text        NOT NULL,
    entity_type text,
    entity_id   text,
    outcome     text        NOT NULL,
    code        text
);
CREATE INDEX audit_event_entity ON audit_event (entity_type, entity_id);

CREATE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only';
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();

CREATE TABLE outbox_message (
    id              uuid PRIMARY KEY,
    destination     text        NOT NULL,
    resource_type   text        NOT NULL,
    payload         text        NOT NULL,
    status          text        NOT NULL DEFAULT 'pending',
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_error      text,
    created_at      timestamptz NOT NULL,
    delivered_at    timestamptz
);
CREATE INDEX outbox_message_due ON outbox_message (next_attempt_at) WHERE status = 'pending';
