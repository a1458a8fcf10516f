import { chineseWorkCalendar } from '../calendar/working-days';
import { cadenceDays, dueInDays, dueInWorkingDays, zonedTime } from './follow-up';

const calendar = chineseWorkCalendar();

describe('the follow-up duties of a plan', () => {
  it('reads a cadence: days, a list whose last step repeats (「3日跟访7日跟访」), or none', () => {
    expect(cadenceDays(3, 0)).toBe(3);
    expect([0, 1, 2, 5].map((n) => cadenceDays([3, 7], n))).toEqual([3, 7, 7, 7]);
    expect(cadenceDays(null, 0)).toBeNull();
    expect(cadenceDays(undefined, 0)).toBeNull();
  });

  it("writes a wall-clock time as an instant with the zone's offset", () => {
    expect(zonedTime('2026-10-09', '18:00', 'Asia/Shanghai')).toBe('2026-10-09T18:00:00+08:00');
    expect(zonedTime('2026-07-01', '21:00', 'Europe/Berlin')).toBe('2026-07-01T21:00:00+02:00');
    expect(zonedTime('2026-01-15', '09:30', 'Europe/Berlin')).toBe('2026-01-15T09:30:00+01:00');
  });

  it('dues a new lead on the working day it came, or the next one (National Day 2026, the make-up Saturday)', () => {
    const sameDay = { days: 0, by: '18:00' };
    expect(dueInWorkingDays('2026-10-09T01:00:00Z', sameDay, 'Asia/Shanghai', calendar)).toEqual({ dueOn: '2026-10-09', dueAt: '2026-10-09T18:00:00+08:00' });
    expect(dueInWorkingDays('2026-10-04T02:00:00Z', sameDay, 'Asia/Shanghai', calendar)).toEqual({ dueOn: '2026-10-08', dueAt: '2026-10-08T18:00:00+08:00' });
    expect(dueInWorkingDays('2026-10-10T02:00:00Z', sameDay, 'Asia/Shanghai', calendar).dueOn).toBe('2026-10-10');
    // Friday the 9th plus one working day is the make-up Saturday.
    expect(dueInWorkingDays('2026-10-09T01:00:00Z', { days: 1, by: '12:00' }, 'Asia/Shanghai', calendar).dueOn).toBe('2026-10-10');
  });

  it('dues the evening calls on the local day of what caused them, whatever the day', () => {
    // 23:30 on the 3rd in Shanghai is the 3rd there, though UTC says the 3rd at 15:30.
    expect(dueInDays('2026-10-03T15:30:00Z', { days: 0, by: '21:00' }, 'Asia/Shanghai')).toEqual({ dueOn: '2026-10-03', dueAt: '2026-10-03T21:00:00+08:00' });
    expect(dueInDays('2026-10-03T16:30:00Z', { days: 0, by: '21:00' }, 'Asia/Shanghai').dueOn).toBe('2026-10-04');
  });
});
