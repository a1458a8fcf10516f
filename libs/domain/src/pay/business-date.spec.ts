import { businessDay } from '../plan/calendar';
import { HANDBOOK_PLAN } from './pay.testing';
import { businessDate } from './business-date';

describe('business date', () => {
  // Zones with a change of offset, half- and quarter-hour offsets, and a day's edge at the change.
  const zones = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/Santiago', 'Pacific/Chatham'];

  // The days around 2026's changes of offset in those zones, and the whole year more coarsely.
  const changes = ['03-08', '03-29', '04-05', '09-06', '09-27', '10-04', '10-25', '11-01'];
  const instants: number[] = [];
  for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 3_607_000) instants.push(ms);
  for (const day of changes) {
    const at = Date.parse(`2026-${day}T00:00:00Z`);
    for (let ms = at - 86_400_000; ms < at + 86_400_000; ms += 179_000) instants.push(ms);
  }

  it.each(zones)('is businessDay(…).date at every instant tried in %s', (timezone) => {
    const versions = [{ ...HANDBOOK_PLAN, timezone }];
    for (const ms of instants) {
      const instant = new Date(ms).toISOString();
      const date = businessDate(instant, versions);
      if (date !== businessDay(instant, versions).date) throw new Error(`${timezone} ${instant}: ${date} ≠ ${businessDay(instant, versions).date}`);
    }
  });

  it('dates each instant of a quarter hour a local midnight falls in (Shanghai local mean time, +8:05:43)', () => {
    const versions = [HANDBOOK_PLAN];
    const dates = new Set<string>();
    for (let ms = Date.parse('1900-06-01T15:45:00Z'); ms < Date.parse('1900-06-01T16:00:00Z'); ms += 1000) {
      const instant = new Date(ms).toISOString();
      dates.add(businessDate(instant, versions));
      expect(businessDate(instant, versions)).toBe(businessDay(instant, versions).date);
    }
    expect([...dates]).toEqual(['1900-06-01', '1900-06-02']);
  });

  it('reads offsets in the instant, and follows the plan version in force', () => {
    const v2 = { ...HANDBOOK_PLAN, version: 2, effectiveFrom: '2026-04-01', timezone: 'Europe/Berlin' };
    const versions = [HANDBOOK_PLAN, v2];
    for (const instant of ['2026-03-31T16:30:00Z', '2026-03-31T23:59:59+08:00', '2026-04-01T00:30:00+02:00', '2026-04-30T22:30:00Z', '2026-02-28T16:00:00Z']) {
      expect(businessDate(instant, versions)).toBe(businessDay(instant, versions).date);
    }
    expect(businessDate('2026-03-31T16:30:00Z', [])).toBe(businessDay('2026-03-31T16:30:00Z', []).date);
  });

  it('leaves an instant it cannot read to businessDay', () => {
    expect(() => businessDate('not a time', [HANDBOOK_PLAN])).toThrow(RangeError);
  });
});
