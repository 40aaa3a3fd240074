-- FHIR meta.versionId / ETag: optimistic-lock versions (FHIR version = version + 1), and search support.
ALTER TABLE patient ADD COLUMN version integer NOT NULL DEFAULT 0;
ALTER TABLE encounter ADD COLUMN version integer NOT NULL DEFAULT 0;
CREATE INDEX encounter_created ON encounter (created_at);
