-- DEV ONLY (loaded at start-up when safeline.scheduling.dev-seed=true, idempotent): practitioners whose schedules cover every hour of every day, so that slots exist
-- whenever the suite runs. Weekday shifts by three clinicians, a weekend on-call clinic.
INSERT INTO practitioner (id, name) VALUES
    ('dr-ada-okafor', 'Dr. Ada Okafor'),
    ('dr-ben-lindqvist', 'Dr. Ben Lindqvist'),
    ('dr-carmen-ruiz', 'Dr. Carmen Ruiz'),
    ('np-dev-weekend', 'NP Dana Weekend')
ON CONFLICT DO NOTHING;

INSERT INTO schedule (id, practitioner_id, days_of_week, start_minute, end_minute, slot_minutes) VALUES
    ('6f1f0d62-0b31-4c53-9a5e-000000000001', 'dr-ada-okafor', '1,2,3,4,5', 480, 960, 20),
    ('6f1f0d62-0b31-4c53-9a5e-000000000002', 'dr-ben-lindqvist', '1,2,3,4,5', 960, 1440, 20),
    ('6f1f0d62-0b31-4c53-9a5e-000000000003', 'dr-carmen-ruiz', '1,2,3,4,5', 0, 480, 20),
    ('6f1f0d62-0b31-4c53-9a5e-000000000004', 'dr-carmen-ruiz', '1,2,3,4,5', 480, 960, 20),
    ('6f1f0d62-0b31-4c53-9a5e-000000000005', 'np-dev-weekend', '6,7', 0, 1440, 20)
ON CONFLICT DO NOTHING;
