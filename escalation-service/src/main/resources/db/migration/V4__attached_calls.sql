-- Every call (alert Communication) that reached the worklist, and the escalation it belongs to: the first
-- call of a problem creates the escalation (same id), a later call about the same patient and problem while
-- it is open is attached to it. A call id therefore always resolves to its escalation.
CREATE TABLE escalation_call (
    id            uuid PRIMARY KEY,
    escalation_id uuid        NOT NULL REFERENCES escalation (id),
    encounter_id  text        NOT NULL,
    priority      text        NOT NULL CHECK (priority IN ('stat', 'asap', 'urgent')),
    communication text        NOT NULL,
    received_at   timestamptz NOT NULL
);
CREATE INDEX escalation_call_escalation ON escalation_call (escalation_id);
CREATE INDEX escalation_call_encounter ON escalation_call (encounter_id);

INSERT INTO escalation_call (id, escalation_id, encounter_id, priority, communication, received_at)
SELECT id, id, encounter_id, priority, communication, created_at FROM escalation;

-- The calls of an escalation for the worklist (JSON array of {id, encounterId, priority, receivedAt}).
ALTER TABLE escalation ADD COLUMN calls text;
UPDATE escalation SET calls = json_build_array(json_build_object('id', id, 'encounterId', encounter_id,
        'priority', priority, 'receivedAt', to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')))::text;
ALTER TABLE escalation ALTER COLUMN calls SET NOT NULL;
-- The received Communication now lives with its call.
ALTER TABLE escalation DROP COLUMN communication;

CREATE INDEX escalation_open_patient ON escalation (patient_id) WHERE status <> 'resolved';

-- As V3, and a call attached to an open escalation (calls changed, nothing else) is announced as 'attached';
-- a raised priority is announced as 'escalated'.
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
    PERFORM pg_notify('escalation_events', kind || ':' || NEW.id::text);
    RETURN NULL;
END $$;
