-- Structured detail of an audited transition (for example from and to states, tier, outcome) as a JSON
-- object of strings; no PHI. Shared migrations are numbered below every service's own, so they run out of order.
ALTER TABLE audit_event ADD COLUMN detail text;
CREATE INDEX audit_event_recorded ON audit_event (recorded_at);
