-- Medications named on the call (one per line) and triage's explanation (JSON), triage v2.
ALTER TABLE encounter ADD COLUMN medications text;
ALTER TABLE encounter ADD COLUMN explanation text;
