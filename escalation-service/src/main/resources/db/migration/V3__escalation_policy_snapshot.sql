-- Escalation policy snapshotted per escalation at creation (a later policy edit leaves running ones alone),
-- the position within the last tier's repeats, and the terminal fallback.
ALTER TABLE escalation
    ADD COLUMN resolve_window_seconds integer,
    ADD COLUMN tiers                  text,      -- JSON array of tier names, in order
    ADD COLUMN repeat_count           integer,
    ADD COLUMN repeats                integer NOT NULL DEFAULT 0,
    ADD COLUMN fallback               text,
    ADD COLUMN fallback_due           boolean NOT NULL DEFAULT false;

-- Rows from before V3 get the default policy.
UPDATE escalation SET
    resolve_window_seconds = CASE priority WHEN 'stat' THEN 1800 WHEN 'asap' THEN 3600 ELSE 14400 END,
    tiers = '["on-call-clinician","supervising-physician","clinical-lead"]',
    repeat_count = 2,
    fallback = 'Call the patient back and advise 911',
    tier = least(tier, 3);
UPDATE escalation SET tier_name = (tiers::jsonb) ->> (tier - 1);

ALTER TABLE escalation
    ALTER COLUMN resolve_window_seconds SET NOT NULL,
    ALTER COLUMN tiers SET NOT NULL,
    ALTER COLUMN repeat_count SET NOT NULL,
    ALTER COLUMN fallback SET NOT NULL,
    ADD CONSTRAINT escalation_resolve_window CHECK (resolve_window_seconds > 0),
    ADD CONSTRAINT escalation_repeat_count CHECK (repeat_count >= 0),
    ADD CONSTRAINT escalation_tiers CHECK (jsonb_typeof(tiers::jsonb) = 'array' AND jsonb_array_length(tiers::jsonb) >= 1);

CREATE INDEX escalation_resolve_due ON escalation (acknowledged_at) WHERE status = 'acknowledged';

-- As V2, except that an acknowledged escalation going back to triggered (missed resolve deadline)
-- is announced as 'escalated'; 'triggered' stays the event of a new escalation.
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
            OR NEW.fallback_due IS DISTINCT FROM OLD.fallback_due THEN
        kind := 'escalated';
    ELSE
        RETURN NULL;
    END IF;
    PERFORM pg_notify('escalation_events', kind || ':' || NEW.id::text);
    RETURN NULL;
END $$;
