-- Live worklist: every worklist change is announced on channel escalation_events as '<type>:<id>'.
-- A trigger runs in the changing statement's transaction, so PostgreSQL delivers it only on commit,
-- to every replica that LISTENs. The payload carries no PHI.
CREATE FUNCTION escalation_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    kind text;
BEGIN
    IF TG_OP = 'INSERT' THEN
        kind := 'triggered';
    ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
        kind := NEW.status;
    ELSIF NEW.tier IS DISTINCT FROM OLD.tier OR NEW.breaches IS DISTINCT FROM OLD.breaches THEN
        kind := 'escalated';
    ELSE
        RETURN NULL;
    END IF;
    PERFORM pg_notify('escalation_events', kind || ':' || NEW.id::text);
    RETURN NULL;
END $$;

CREATE TRIGGER escalation_notify AFTER INSERT OR UPDATE ON escalation
    FOR EACH ROW EXECUTE FUNCTION escalation_notify();
