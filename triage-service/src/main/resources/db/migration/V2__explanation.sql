-- The explanation of each assessment (triage v2): disposition, complaint protocols, dismissed and open findings.
ALTER TABLE assessment ADD COLUMN explanation text;
