/**
 * The event store's schema, shared by PostgreSQL and the embedded PGlite.
 *
 * Global position = (transaction id << 20) + the event's place in its transaction. Readers only
 * take positions below the oldest transaction still running (pg_snapshot_xmin), and every
 * transaction that can still commit has an id at or above it, so an event can never appear
 * behind a position a subscriber has already passed — without a gap-skipping timer.
 */
export const POSITION_SHIFT = 20n;
export const MAX_EVENTS_PER_TRANSACTION = (1 << 20) - 1;

export const MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
CREATE TABLE es_streams (
  stream_id text PRIMARY KEY,
  revision bigint NOT NULL
);
CREATE TABLE es_events (
  position bigint PRIMARY KEY,
  stream_id text NOT NULL,
  revision bigint NOT NULL,
  event_id uuid NOT NULL,
  type text NOT NULL,
  data jsonb NOT NULL,
  metadata jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT es_events_stream_revision UNIQUE (stream_id, revision),
  CONSTRAINT es_events_event_id UNIQUE (event_id)
);
CREATE INDEX es_events_type_position ON es_events (type, position);

CREATE FUNCTION es_safe_position_limit() RETURNS bigint LANGUAGE sql STABLE AS $$
  SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint << ${POSITION_SHIFT}
$$;

-- One call, one statement: the batch lands whole or not at all.
CREATE FUNCTION es_append(p_stream text, p_expected text, p_events text)
RETURNS TABLE (outcome text, next_revision text, last_position text)
LANGUAGE plpgsql AS $$
DECLARE
  v_events jsonb := p_events::jsonb;
  v_n int := jsonb_array_length(p_events::jsonb);
  v_ids uuid[] := ARRAY(SELECT (e->>'eventId')::uuid FROM jsonb_array_elements(p_events::jsonb) e);
  v_current bigint;
  v_found int;
  v_base bigint := pg_current_xact_id()::text::bigint << ${POSITION_SHIFT};
  v_offset bigint;
BEGIN
  SELECT s.revision INTO v_current FROM es_streams s WHERE s.stream_id = p_stream FOR UPDATE;
  IF NOT FOUND AND p_expected IN ('any', 'no_stream') THEN
    INSERT INTO es_streams (stream_id, revision) VALUES (p_stream, -1) ON CONFLICT DO NOTHING;
    SELECT s.revision INTO v_current FROM es_streams s WHERE s.stream_id = p_stream FOR UPDATE;
  END IF;
  v_current := coalesce(v_current, -1);

  -- Idempotency, checked under the stream's lock so that a racing retry sees the first write.
  SELECT count(*)::int INTO v_found FROM es_events WHERE event_id = ANY(v_ids);
  IF v_found > 0 THEN
    IF v_found = v_n AND NOT EXISTS (
      SELECT 1 FROM es_events WHERE event_id = ANY(v_ids) AND stream_id <> p_stream) THEN
      RETURN QUERY SELECT 'duplicate', max(x.revision)::text, max(x.position)::text FROM es_events x
        WHERE x.event_id = ANY(v_ids);
      RETURN;
    END IF;
    RAISE EXCEPTION 'event ids already stored' USING ERRCODE = 'ES002';
  END IF;

  IF (p_expected = 'no_stream' AND v_current >= 0)
     OR (p_expected = 'stream_exists' AND v_current < 0)
     OR (p_expected NOT IN ('any', 'no_stream', 'stream_exists') AND v_current <> p_expected::bigint) THEN
    RAISE EXCEPTION 'wrong expected state' USING ERRCODE = 'ES001', DETAIL = v_current::text;
  END IF;

  SELECT count(*) INTO v_offset FROM es_events
   WHERE position > v_base AND position < v_base + (1::bigint << ${POSITION_SHIFT});
  IF v_offset + v_n > ${MAX_EVENTS_PER_TRANSACTION} THEN
    RAISE EXCEPTION 'too many events in one transaction' USING ERRCODE = 'ES003';
  END IF;

  INSERT INTO es_events (position, stream_id, revision, event_id, type, data, metadata)
  SELECT v_base + v_offset + t.i, p_stream, v_current + t.i, (t.e->>'eventId')::uuid, t.e->>'type',
         t.e->'data', t.e->'metadata'
    FROM jsonb_array_elements(v_events) WITH ORDINALITY AS t(e, i);
  UPDATE es_streams SET revision = v_current + v_n WHERE stream_id = p_stream;
  RETURN QUERY SELECT 'appended', (v_current + v_n)::text, (v_base + v_offset + v_n)::text;
END
$$;
`,
  },
];
