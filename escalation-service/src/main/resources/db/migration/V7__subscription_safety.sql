-- Subscription safety (issue 23 items 7-9): deliveries are grouped by endpoint origin (a bulkhead per
-- scheme://host:port), and an endpoint failing for longer than safeline.escalation.subscriptions.error-after
-- gives the subscription status 'error' for good (no more attempts), counted from failing_since.
ALTER TABLE subscription ADD COLUMN origin text;
UPDATE subscription SET origin = lower(substring(endpoint FROM '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]+'));
ALTER TABLE subscription ALTER COLUMN origin SET NOT NULL;
ALTER TABLE subscription ADD COLUMN failing_since timestamptz;  -- first failure since the last accepted notification

-- 'error' used to mean "failing, still retried"; it now means "given up". Subscriptions failing at this
-- migration are retried again, with the bounded time counted from now.
UPDATE subscription SET failing_since = now(), status = CASE WHEN handshake_done THEN 'active' ELSE 'requested' END
WHERE status = 'error';

CREATE INDEX subscription_owner_live ON subscription (owner) WHERE status <> 'off';
