-- Journal of worklist changes, written by the escalation_notify trigger in the changing transaction
-- (so every path that changes an escalation is covered, and a rolled-back change leaves no entry).
-- Notification channels are fed from it; status, priority and tier are as of the change.
CREATE TABLE escalation_event (
    id            bigserial PRIMARY KEY,
    escalation_id uuid        NOT NULL REFERENCES escalation (id),
    kind          text        NOT NULL,
    status        text        NOT NULL,
    priority      text        NOT NULL,
    tier          integer     NOT NULL,
    tier_name     text        NOT NULL,
    fallback_due  boolean     NOT NULL,
    occurred_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    fanned_out    boolean     NOT NULL DEFAULT false
);
CREATE INDEX escalation_event_escalation ON escalation_event (escalation_id);
CREATE INDEX escalation_event_pending ON escalation_event (id) WHERE NOT fanned_out;

-- One event to one notification channel: retried with backoff until the channel accepts it.
CREATE TABLE notification_delivery (
    id              uuid PRIMARY KEY,
    event_id        bigint      NOT NULL REFERENCES escalation_event (id),
    channel         text        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('pending', 'delivered')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_error      text,
    created_at      timestamptz NOT NULL,
    delivered_at    timestamptz,
    UNIQUE (event_id, channel)
);
CREATE INDEX notification_delivery_due ON notification_delivery (next_attempt_at) WHERE status = 'pending';

-- Every delivery attempt, successful or not.
CREATE TABLE notification_attempt (
    id           bigserial PRIMARY KEY,
    delivery_id  uuid        NOT NULL REFERENCES notification_delivery (id),
    attempt      integer     NOT NULL,
    attempted_at timestamptz NOT NULL,
    outcome      text        NOT NULL CHECK (outcome IN ('delivered', 'failed')),
    http_status  integer,
    error        text,
    duration_ms  integer     NOT NULL
);
CREATE INDEX notification_attempt_delivery ON notification_attempt (delivery_id);

-- As V4, and each announced change is also journalled.
CREATE OR REPLACE FUNCTION escalation_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    kind text;
BEGIN
    IF TG_OP = 'INSERT' THEN
        kind := 'triggered';
    ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
        kind := CASE WHEN OLD.status = 'acknowledged' AND NEW.status = 'triggered' THEN 'escalated'
                     ELSE NEW.status END;
    ELSIF NEW.tier IS DISTINCT FROM OLD.tier OR NEW.breaches IS DISTINCT FROM OLD.breaches
            OR NEW.fallback_due IS DISTINCT FROM OLD.fallback_due OR NEW.priority IS DISTINCT FROM OLD.priority THEN
        kind := 'escalated';
    ELSIF NEW.calls IS DISTINCT FROM OLD.calls THEN
        kind := 'attached';
    ELSE
        RETURN NULL;
    END IF;
    INSERT INTO escalation_event (escalation_id, kind, status, priority, tier, tier_name, fallback_due)
    VALUES (NEW.id, kind, NEW.status, NEW.priority, NEW.tier, NEW.tier_name, NEW.fallback_due);
    PERFORM pg_notify('escalation_events', kind || ':' || NEW.id::text);
    RETURN NULL;
END $$;
