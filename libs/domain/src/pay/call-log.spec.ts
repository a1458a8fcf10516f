import { CallLog } from './call-log';

describe('call log', () => {
  // More calls than a chunk (65,536) and than the first chunk's doubling, ids of every length.
  const count = 150_000;
  const log = new CallLog();
  const callId = (i: number) => `c${i.toString(36)}-${'x'.repeat(i % 40)}`;
  // Event ids are UUIDs but for every 1,000th, which the log keeps as text.
  const eventId = (i: number) =>
    i % 1000 === 7 ? `e-${i}` : `${(i * 2654435761).toString(16).padStart(8, '0').slice(-8)}-0000-4abc-8def-${i.toString(16).padStart(12, '0')}`;
  for (let i = 0; i < count; i++) {
    const month = i % 3 === 0 ? '2026-03' : '2026-04';
    log.add(callId(i), `a${i % 7}`, `${month}-${String((i % 28) + 1).padStart(2, '0')}`, i % 5 === 0, eventId(i), BigInt(i) * 1_000_003n);
  }

  it('gives back each call as it was added, across chunks', () => {
    for (const i of [0, 1, 7, 1023, 1024, 65_535, 65_536, 65_537, 131_072, count - 1]) {
      expect(log.get(callId(i))).toEqual({
        callId: callId(i),
        agentId: `a${i % 7}`,
        date: `${i % 3 === 0 ? '2026-03' : '2026-04'}-${String((i % 28) + 1).padStart(2, '0')}`,
        effectiveWhenLogged: i % 5 === 0,
        loggedEventId: eventId(i),
        loggedPosition: BigInt(i) * 1_000_003n,
        reclassifications: [],
      });
    }
    expect(log.size).toBe(count);
  });

  it('knows every callId it has, and none it has not', () => {
    for (let i = 0; i < count; i += 97) expect(log.has(callId(i))).toBe(true);
    expect(log.has('c0-x')).toBe(false);
    expect(log.has(`${callId(5)} `)).toBe(false);
  });

  it('lists a month in fold order', () => {
    const march = [...log.numbersIn('2026-03')];
    expect(march).toHaveLength(count / 3);
    expect(march.slice(0, 3).map((n) => log.callId(n))).toEqual([callId(0), callId(3), callId(6)]);
    expect(log.numbersIn('2026-05')).toHaveLength(0);
  });

  it('finds the position of a CallLogged by its event id, in the month or anywhere', () => {
    expect(log.positionOf(eventId(3), '2026-03')).toBe(3_000_009n);
    expect(log.positionOf(eventId(4), '2026-03')).toBe(4_000_012n);
    expect(log.positionOf('e-1007', '2026-03')).toBe(1_007_003_021n);
    expect(log.positionOf('nope', '2026-03')).toBeUndefined();
    expect(log.hasLoggedEvent(eventId(count - 1))).toBe(true);
  });

  it('keeps ids that are not ASCII, and positions beyond 64 bits', () => {
    const other = new CallLog();
    other.add('appel-é', 'agent-ü', '2026-03-01', true, 'événement', 2n ** 70n);
    other.add('plain', 'a1', '2026-03-01', false, 'e2', -5n);
    other.add('upper', 'a1', '2026-03-01', false, 'ABCDEF01-2345-4789-8ABC-DEF012345678', 1n);
    other.add('braced', 'a1', '2026-03-01', false, '{abcdef01-2345-4789-8abc-def012345678}', 2n);
    other.add('uuid', 'a1', '2026-03-01', false, 'abcdef01-2345-4789-8abc-def012345678', 3n);
    expect(other.get('appel-é')).toMatchObject({ callId: 'appel-é', agentId: 'agent-ü', loggedEventId: 'événement', loggedPosition: 2n ** 70n });
    expect(other.get('plain')).toMatchObject({ loggedEventId: 'e2', loggedPosition: -5n });
    expect(['upper', 'braced', 'uuid'].map((c) => other.get(c)?.loggedEventId)).toEqual([
      'ABCDEF01-2345-4789-8ABC-DEF012345678',
      '{abcdef01-2345-4789-8abc-def012345678}',
      'abcdef01-2345-4789-8abc-def012345678',
    ]);
    expect(other.has('appel-e')).toBe(false);
  });

  it('adds reclassifications to known calls only', () => {
    const other = new CallLog();
    other.add('c1', 'a1', '2026-03-01', false, 'e1', 1n);
    expect(other.reclassify('c1', { eventId: 'r1', position: 2n, effective: true, outcome: 'appointment_set' })).toBe(true);
    expect(other.reclassify('c2', { eventId: 'r2', position: 3n, effective: true, outcome: 'appointment_set' })).toBe(false);
    expect(other.get('c1')?.reclassifications).toEqual([{ eventId: 'r1', position: 2n, effective: true, outcome: 'appointment_set' }]);
  });
});
