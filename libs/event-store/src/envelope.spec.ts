import type { RecordedEvent } from './event-store.port';
import { eventIdFor, uuidV5 } from './envelope';
import { UpcasterRegistry } from './upcasters';

const DNS_NAMESPACE = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';

describe('uuidV5', () => {
  it('matches the published RFC 4122 vector for www.example.com in the DNS namespace', () => {
    expect(uuidV5('www.example.com', DNS_NAMESPACE)).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('sets the version (5) and the RFC 4122 variant', () => {
    expect(uuidV5('anything')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('eventIdFor', () => {
  it('gives a retried command the same ids, and each event of a command its own', () => {
    const commandId = 'a3b0c6d2-0a5e-4f51-9d7e-2b8f4c1e6a90';
    expect(eventIdFor(commandId, 0)).toBe(eventIdFor(commandId, 0));
    const ids = [0, 1, 2].map((i) => eventIdFor(commandId, i));
    expect(new Set(ids).size).toBe(3);
    expect(eventIdFor('another-command', 0)).not.toBe(ids[0]);
  });
});

describe('UpcasterRegistry', () => {
  const recorded = (schemaVersion: number, data: Record<string, unknown>): RecordedEvent => ({
    streamId: 'call-1',
    revision: 0n,
    position: 1n,
    eventId: uuidV5('call-1#0'),
    type: 'CallLogged',
    data,
    metadata: { schemaVersion, commandId: 'c-1' },
    recordedAt: new Date('2026-01-01T00:00:00Z'),
  });

  const registry = new UpcasterRegistry([
    // v1 → v2: the duration moved from minutes to seconds.
    { type: 'CallLogged', fromVersion: 1, upcast: ({ minutes, ...rest }) => ({ ...rest, seconds: Number(minutes) * 60 }) },
    // v2 → v3: an outcome became required; old calls had none recorded.
    { type: 'CallLogged', fromVersion: 2, upcast: (data) => ({ ...data, outcome: 'unknown' }) },
  ]);

  it('lifts a version 1 event through both steps to version 3', () => {
    const old = recorded(1, { phone: '13800000000', minutes: 3 });
    const current = registry.upcast(old);
    expect(current.data).toEqual({ phone: '13800000000', seconds: 180, outcome: 'unknown' });
    expect(current.metadata).toEqual({ schemaVersion: 3, commandId: 'c-1' });
    expect(current).toMatchObject({ streamId: 'call-1', revision: 0n, type: 'CallLogged', eventId: old.eventId });
    // The stored event is never rewritten.
    expect(old.data).toEqual({ phone: '13800000000', minutes: 3 });
    expect(old.metadata.schemaVersion).toBe(1);
  });

  it('returns an event already at the current version unchanged', () => {
    const current = recorded(3, { phone: '13800000000', seconds: 60, outcome: 'sale' });
    expect(registry.upcast(current)).toBe(current);
  });
});
