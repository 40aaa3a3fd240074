CREATE TABLE practitioner (
    id   text PRIMARY KEY,
    name text NOT NULL
);

-- A weekly pattern of slots: on the given ISO days of week (1 = Monday), from start_minute to
-- end_minute of the day (minutes after midnight, 1440 = end of day) in the zone, slots of slot_minutes.
CREATE TABLE schedule (
    id              uuid PRIMARY KEY,
    practitioner_id text    NOT NULL REFERENCES practitioner (id),
    days_of_week    text    NOT NULL,
    start_minute    integer NOT NULL CHECK (start_minute >= 0 AND start_minute < 1440),
    end_minute      integer NOT NULL CHECK (end_minute > start_minute AND end_minute <= 1440),
    slot_minutes    integer NOT NULL CHECK (slot_minutes > 0),
    zone            text    NOT NULL DEFAULT 'UTC'
);

CREATE TABLE appointment (
    id              uuid PRIMARY KEY,
    encounter_id    uuid        NOT NULL,
    practitioner_id text        NOT NULL REFERENCES practitioner (id),
    start_at        timestamptz NOT NULL,
    end_at          timestamptz NOT NULL,
    status          text        NOT NULL,
    clearance_id    text        NOT NULL,
    created_at      timestamptz NOT NULL,
    created_by      text        NOT NULL
);
-- One booked appointment per slot and per encounter: the database settles concurrent bookings.
CREATE UNIQUE INDEX appointment_slot ON appointment (practitioner_id, start_at) WHERE status = 'booked';
CREATE UNIQUE INDEX appointment_encounter ON appointment (encounter_id) WHERE status = 'booked';
CREATE INDEX appointment_start ON appointment (start_at);
