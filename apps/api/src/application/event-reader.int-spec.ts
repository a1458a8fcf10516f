import { randomUUID } from 'node:crypto';
import { createPgliteEventStore, type EventStore } from '@app/event-store';
import { EventReader } from './event-reader';

describe('reading through the upcaster registry', () => {
  let store: EventStore;
  beforeAll(async () => {
    store = await createPgliteEventStore({});
  });
  afterAll(() => store.close());

  it('lifts a CallLogged stored at schema version 1 to the current shape, leaving the stored event as it was', async () => {
    const v1 = { callId: 'c1', leadId: 'L1', agentId: 'a1', startedAt: '2026-03-02T09:00:00+08:00', talkSeconds: 95, outcome: 'appointment_set' };
    await store.append('lead-L1', [{ eventId: randomUUID(), type: 'CallLogged', data: v1, metadata: { schemaVersion: 1 } }], 'no_stream');

    const [read] = await new EventReader(store).readStream('lead-L1');

    expect(read.data).toEqual({ callId: 'c1', leadId: 'L1', agentId: 'a1', startedAt: '2026-03-02T09:00:00+08:00', durationSeconds: 95, outcome: 'appointment_set', effective: true });
    expect(read.metadata.schemaVersion).toBe(2);
    const [stored] = await store.readStream('lead-L1');
    expect(stored.data).toEqual(v1);
  });
});
