-- The hourly purge of expired sign-in tokens, sessions and rate-limit counters (lib/auth/purge-expired.ts):
-- a scheduled tick, one runner at a time.
SELECT pgboss.create_queue('purge', '{"policy":"singleton","retryLimit":2,"retryDelay":60,"retryBackoff":false,"expireInSeconds":300,"retentionMinutes":1440}');
