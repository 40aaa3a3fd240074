-- The patient an appointment is for (Appointment.participant of a FHIR booking; null when the booking named none),
-- the schedule whose slot it took (Appointment.slot), and its version (meta.versionId and ETag; bumped by every change).
ALTER TABLE appointment ADD COLUMN patient_id text;
ALTER TABLE appointment ADD COLUMN schedule_id uuid REFERENCES schedule (id);
ALTER TABLE appointment ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version > 0);
CREATE INDEX appointment_patient ON appointment (patient_id, start_at) WHERE patient_id IS NOT NULL;
