-- Topic-based FHIR Subscriptions (R4 Subscriptions Backport IG, rest-hook channel) and their notification
-- outbox, fed from the escalation_event journal. Nothing here lives in one process's memory only.
CREATE TABLE subscription (
    id                 uuid PRIMARY KEY,
    owner              text        NOT NULL,  -- the creating client (token subject)
    topic              text        NOT NULL,  -- canonical URL of the topic
    event_kinds        text[]      NOT NULL,  -- escalation_event kinds the topic covers
    priorities         text[],                -- filter on Communication priority; NULL: any
    resource           text        NOT NULL,  -- the Subscription as accepted, without channel headers (JSON)
    endpoint           text        NOT NULL,
    headers            text        NOT NULL DEFAULT '[]',  -- JSON array of "Name: value" sent with each notification
    content            text        NOT NULL CHECK (content IN ('empty', 'id-only', 'full-resource')),
    heartbeat_seconds  integer     CHECK (heartbeat_seconds > 0),
    timeout_seconds    integer     NOT NULL CHECK (timeout_seconds > 0),
    max_count          integer     NOT NULL CHECK (max_count > 0),
    status             text        NOT NULL CHECK (status IN ('requested', 'active', 'error', 'off')),
    handshake_done     boolean     NOT NULL DEFAULT false,
    events_since_start bigint      NOT NULL DEFAULT 0,  -- last event number given to this subscription
    failures           integer     NOT NULL DEFAULT 0,  -- consecutive failed attempts (drives the backoff)
    error_count        bigint      NOT NULL DEFAULT 0,  -- failed attempts since creation
    last_error         text,
    next_attempt_at    timestamptz NOT NULL,            -- also the lease of the replica sending
    last_sent_at       timestamptz,                     -- last notification the endpoint accepted
    created_at         timestamptz NOT NULL,
    deleted_at         timestamptz
);
CREATE INDEX subscription_due ON subscription (next_attempt_at) WHERE status <> 'off';
CREATE INDEX subscription_owner ON subscription (owner);

-- One journal event matched to one subscription, numbered per subscription (1, 2, ...) in journal order;
-- sent in that order and kept after delivery for $events.
CREATE TABLE subscription_event (
    subscription_id uuid        NOT NULL REFERENCES subscription (id),
    event_number    bigint      NOT NULL CHECK (event_number > 0),
    event_id        bigint      NOT NULL REFERENCES escalation_event (id),
    escalation_id   uuid        NOT NULL,
    kind            text        NOT NULL,
    occurred_at     timestamptz NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    delivered_at    timestamptz,
    PRIMARY KEY (subscription_id, event_number),
    UNIQUE (subscription_id, event_id)
);
CREATE INDEX subscription_event_pending ON subscription_event (subscription_id, event_number)
    WHERE delivered_at IS NULL;

-- The subscription matcher's own flag on the journal (NotificationRelay keeps fanned_out). Rows journalled
-- before this migration had no subscription to match.
ALTER TABLE escalation_event ADD COLUMN subscriptions_matched boolean NOT NULL DEFAULT true;
ALTER TABLE escalation_event ALTER COLUMN subscriptions_matched SET DEFAULT false;
CREATE INDEX escalation_event_unmatched ON escalation_event (id) WHERE NOT subscriptions_matched;

-- Communication search by subject and newest first.
CREATE INDEX escalation_patient ON escalation (patient_id);
CREATE INDEX escalation_call_received ON escalation_call (received_at DESC, id);
