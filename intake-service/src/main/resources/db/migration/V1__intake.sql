CREATE TABLE patient (
    id         uuid PRIMARY KEY,
    identifier text        NOT NULL UNIQUE,
    name       text,
    birth_date date,
    sex        text,
    phone      text,
    updated_at timestamptz NOT NULL
);

CREATE TABLE encounter (
    id                 uuid PRIMARY KEY,
    patient_id         uuid        NOT NULL REFERENCES patient (id),
    reason             text        NOT NULL,
    narrative          text,
    systolic           integer,
    diastolic          integer,
    heart_rate         integer,
    respiratory_rate   integer,
    temperature_c      double precision,
    spo2               integer,
    glucose            integer,
    status             text        NOT NULL,
    triage_state       text        NOT NULL,
    level              text,
    priority           text,
    assessment_id      text,
    red_flags          text,
    agent_instructions text,
    protocol_version   text,
    escalation_id      text,
    clearance          text,
    triage_attempts    integer     NOT NULL DEFAULT 0,
    next_triage_at     timestamptz NOT NULL,
    created_at         timestamptz NOT NULL,
    created_by         text        NOT NULL,
    triaged_at         timestamptz
);
CREATE INDEX encounter_patient ON encounter (patient_id);
CREATE INDEX encounter_untriaged ON encounter (next_triage_at) WHERE triage_state = 'pending';
