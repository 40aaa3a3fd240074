-- What the caller said about the patient, kept on the call: an agent's call never overwrites the Patient record
-- (EHRs correct it over FHIR); patient_differs lists the fields whose stated value differs from the record.
ALTER TABLE encounter ADD COLUMN stated_name text;
ALTER TABLE encounter ADD COLUMN stated_birth_date date;
ALTER TABLE encounter ADD COLUMN stated_sex text;
ALTER TABLE encounter ADD COLUMN stated_phone text;
ALTER TABLE encounter ADD COLUMN patient_differs text;
