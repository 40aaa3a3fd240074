-- One escalated call on the clinicians' worklist; id = the alert Communication's identifier value.
CREATE TABLE escalation (
    id                   uuid PRIMARY KEY,
    encounter_id         text        NOT NULL,
    patient_id           text        NOT NULL,
    assessment_id        text,
    level                text        NOT NULL,
    priority             text        NOT NULL CHECK (priority IN ('stat', 'asap', 'urgent')),
    status               text        NOT NULL CHECK (status IN ('triggered', 'acknowledged', 'resolved')),
    tier                 integer     NOT NULL CHECK (tier >= 1),
    tier_name            text        NOT NULL,
    ack_window_seconds   integer     NOT NULL CHECK (ack_window_seconds > 0),
    ack_deadline         timestamptz NOT NULL,
    breaches             integer     NOT NULL DEFAULT 0,
    red_flags            text        NOT NULL,
    reason               text,
    narrative            text,
    communication        text        NOT NULL,
    created_at           timestamptz NOT NULL,
    acknowledged_at      timestamptz,
    acknowledged_by      text,
    resolved_at          timestamptz,
    resolved_by          text,
    outcome              text,
    note                 text,
    booking_window_hours integer
);
CREATE INDEX escalation_encounter ON escalation (encounter_id);
CREATE INDEX escalation_open ON escalation (status, ack_deadline) WHERE status <> 'resolved';
CREATE INDEX escalation_due ON escalation (ack_deadline) WHERE status = 'triggered';
