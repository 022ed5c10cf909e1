-- The rate limiter's admission, in one statement: lock the call's keys, read the clock, count the
-- calls admitted or made on each key (by any process), and record the call as out if every window
-- has room. One round trip under the keys' locks instead of three: a key shared by every call of a
-- bot (Telegram's 30 messages a second) is held for the time it takes to decide, not for the time
-- it takes a busy client to send three statements. See src/ratelimit/rate-limiter.ts.
CREATE OR REPLACE FUNCTION rate_admit(
  p_keys text[],          -- every key of the call (blocks are read on all of them)
  p_limited text[],       -- the keys that have limits, sorted: locked in this order
  p_horizon_ms float8[],  -- per limited key: how far back its calls still count
  p_windows jsonb,        -- [{"key", "limit", "window_ms"}], windows already widened by the margin
  p_owner text,
  p_post uuid,
  p_with_bookings boolean,
  p_inflight_ms float8,
  p_now timestamptz,      -- null: the database's clock, read once the keys are held
  p_lock boolean
) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  k text;
  t timestamptz;
  t_ms float8;
  calls jsonb;
  blocked_until float8;
  admitted boolean;
BEGIN
  IF p_lock THEN
    FOREACH k IN ARRAY p_limited LOOP
      PERFORM pg_advisory_xact_lock(hashtextextended(k, 7));
    END LOOP;
  END IF;
  t := coalesce(p_now, clock_timestamp());
  t_ms := extract(epoch FROM t) * 1000;

  -- Each call at its effective instant: an out call may reach the network any moment until it is
  -- answered, so it counts as now; once its bound passes (its process died) at its admission.
  SELECT coalesce(jsonb_agg(jsonb_build_object('key', r.key, 'at',
           CASE WHEN r.state = 'out' AND r.in_flight_until > t THEN greatest(extract(epoch FROM r.at) * 1000, t_ms)
                ELSE extract(epoch FROM r.at) * 1000 END)), '[]'::jsonb)
    INTO calls
    FROM unnest(p_limited, p_horizon_ms) AS s(key, horizon_ms)
    JOIN rate_reservations r
      ON r.key = s.key AND (r.at > t - make_interval(secs => s.horizon_ms / 1000) OR r.in_flight_until > t)
   WHERE r.state <> 'booked'
      OR (p_with_bookings AND r.owner <> p_owner AND (r.post_id IS NULL OR EXISTS (
            SELECT 1 FROM posts p WHERE p.id = r.post_id AND p.status IN ('planned', 'queued', 'retry_scheduled') AND p.hold IS NULL)));

  SELECT max(extract(epoch FROM b.until) * 1000) INTO blocked_until FROM rate_blocks b WHERE b.key = ANY (p_keys) AND b.until > t;

  -- Room now on every window: fewer than `limit` calls within a window of now, either side.
  admitted := blocked_until IS NULL AND NOT EXISTS (
    SELECT 1 FROM jsonb_array_elements(p_windows) w
     WHERE (SELECT count(*) FROM jsonb_array_elements(calls) c
             WHERE c->>'key' = w->>'key'
               AND (c->>'at')::float8 > t_ms - (w->>'window_ms')::float8
               AND (c->>'at')::float8 < t_ms + (w->>'window_ms')::float8) >= (w->>'limit')::int);

  IF admitted THEN
    DELETE FROM rate_reservations WHERE owner = p_owner AND state = 'booked' AND key = ANY (p_limited);
    INSERT INTO rate_reservations (key, at, state, owner, post_id, in_flight_until)
      SELECT lk, t, 'out', p_owner, p_post, t + make_interval(secs => p_inflight_ms / 1000) FROM unnest(p_limited) AS lk;
  END IF;
  RETURN jsonb_build_object('admitted', admitted, 'now', t_ms, 'calls', CASE WHEN admitted THEN '[]'::jsonb ELSE calls END,
                            'blocked_until', blocked_until);
END $$;
