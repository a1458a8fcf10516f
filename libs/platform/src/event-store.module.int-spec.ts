import { randomUUID } from 'node:crypto';
import { EventReader } from '@app/application';
import type { EventStore } from '@app/event-store';
import { openEventStore } from './event-store.module';

describe("reading through the service's store, the one place old event shapes are lifted", () => {
  let store: EventStore;
  beforeAll(async () => {
    store = await openEventStore({ kind: 'pglite' });
  });
  afterAll(() => store.close());

  it('lifts a CallLogged stored at schema version 1 to the current shape, in a stream, a page of the log and a subscription', async () => {
    const v1 = { callId: 'c1', leadId: 'L1', agentId: 'a1', startedAt: '2026-03-02T09:00:00+08:00', talkSeconds: 95, outcome: 'appointment_set' };
    const current = {
      callId: 'c1',
      leadId: 'L1',
      agentId: 'a1',
      startedAt: '2026-03-02T09:00:00+08:00',
      durationSeconds: 95,
      outcome: 'appointment_set',
      effective: true,
    };
    await store.append('lead-L1', [{ eventId: randomUUID(), type: 'CallLogged', data: v1, metadata: { schemaVersion: 1 } }], 'no_stream');

    const [read] = await new EventReader(store).readStream('lead-L1');
    expect(read.data).toEqual(current);
    expect(read.metadata.schemaVersion).toBe(2);

    expect((await store.readAll({ types: ['CallLogged'] })).map((e) => e.data)).toEqual([current]);
    const stop = new AbortController();
    for await (const event of store.subscribe({ types: ['CallLogged'], signal: stop.signal })) {
      expect(event.data).toEqual(current);
      stop.abort();
    }
  });
});
