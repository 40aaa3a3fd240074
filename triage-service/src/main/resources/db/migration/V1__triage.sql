CREATE TABLE assessment (
    id                 uuid PRIMARY KEY,
    encounter_id       uuid        NOT NULL UNIQUE,
    patient_id         text        NOT NULL,
    level              text        NOT NULL,
    matched_rules      text        NOT NULL,
    protocol_version   text        NOT NULL,
    agent_instructions text        NOT NULL,
    escalation_id      uuid UNIQUE,
    created_at         timestamptz NOT NULL,
    created_by         text        NOT NULL
);

CREATE TABLE clearance (
    id               uuid PRIMARY KEY,
    encounter_id     uuid        NOT NULL,
    source           text        NOT NULL,
    status           text        NOT NULL,
    window_start     timestamptz NOT NULL,
    window_end       timestamptz NOT NULL,
    issued_at        timestamptz NOT NULL,
    issued_by        text        NOT NULL,
    communication_id uuid UNIQUE
);
CREATE INDEX clearance_encounter ON clearance (encounter_id, issued_at DESC);
