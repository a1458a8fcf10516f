import { addDays, type CompensationPlan, DomainError } from '@app/domain';
import { isoWeek, isoWeekStart, registeredAt, weekOf, weekRange } from './specialist-weekly.rules';

describe('isoWeek: weeks start on Monday and week 1 holds January 4th', () => {
  it.each([
    ['2026-12-31', '2026-W53'],
    ['2027-01-01', '2026-W53'],
    ['2027-01-03', '2026-W53'],
    ['2027-01-04', '2027-W01'],
    ['2020-12-31', '2020-W53'],
    ['2021-01-03', '2020-W53'],
    ['2021-01-04', '2021-W01'],
    // The other way round: the last days of December in next year's week 1.
    ['2019-12-30', '2020-W01'],
    ['2024-12-30', '2025-W01'],
    ['2025-12-28', '2025-W52'],
    ['2025-12-29', '2026-W01'],
    ['2026-03-08', '2026-W10'],
    ['2026-03-09', '2026-W11'],
    ['2026-10-05', '2026-W41'],
    ['2024-02-29', '2024-W09'],
  ])('%s is in %s', (date, week) => {
    expect(isoWeek(date)).toBe(week);
  });

  it('starts a new week on every Monday and nowhere else, from 1999 to 2041', () => {
    const wrong: string[] = [];
    let previous = isoWeek('1998-12-31');
    for (let date = '1999-01-01'; date < '2042-01-01'; date = addDays(date, 1)) {
      const week = isoWeek(date);
      const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7; // 0 on Monday
      if ((week !== previous) !== (weekday === 0)) wrong.push(`${date}: ${previous} then ${week}`);
      if (isoWeekStart(week) !== addDays(date, -weekday)) wrong.push(`${date}: ${week} starts ${isoWeekStart(week)}`);
      if (date.endsWith('-01-04') && week !== `${date.slice(0, 4)}-W01`) wrong.push(`${date}: ${week}`);
      previous = week;
    }
    expect(wrong).toEqual([]);
  });

  it('refuses what is not a calendar date', () => {
    expect(() => isoWeek('2026-02-30')).toThrow(RangeError);
    expect(() => isoWeek('2026-3-9')).toThrow(RangeError);
  });
});

describe('isoWeekStart and weekRange', () => {
  it('gives the Monday and Sunday of a week', () => {
    expect(weekRange('2026-W41')).toEqual({ from: '2026-10-05', to: '2026-10-11' });
    expect(weekRange('2020-W53')).toEqual({ from: '2020-12-28', to: '2021-01-03' });
    expect(isoWeekStart('2026-W01')).toBe('2025-12-29');
  });

  it('refuses a week the year does not have, as a validation error', () => {
    expect(() => isoWeekStart('2025-W53')).toThrow(RangeError);
    expect(() => isoWeekStart('2026-W00')).toThrow(RangeError);
    for (const week of ['2025-W53', '2026-W54', '2026-41', 'last week']) {
      const error = (() => {
        try {
          weekRange(week);
        } catch (e) {
          return e as DomainError;
        }
      })();
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'VALIDATION.FAILED', category: 'validation' });
    }
  });
});

describe('when a number was registered', () => {
  const recordedAt = new Date('2026-03-09T02:00:00Z');

  it("is the envelope's occurredAt when it carries one, else the time the store recorded it", () => {
    expect(registeredAt({ occurredAt: '2026-03-08T23:30:00+08:00' }, recordedAt)).toBe('2026-03-08T15:30:00.000Z');
    expect(registeredAt({}, recordedAt)).toBe('2026-03-09T02:00:00.000Z');
    expect(registeredAt({ occurredAt: 'yesterday' }, recordedAt)).toBe('2026-03-09T02:00:00.000Z');
  });
});

describe('the week a number counts in', () => {
  const plan = (version: number, effectiveFrom: string, timezone: string) => ({ planId: 'p', version, effectiveFrom, timezone }) as CompensationPlan;

  it("is taken in Asia/Shanghai when the provider's plan is not known", () => {
    // Sunday 23:30 and Monday 00:30 in Shanghai: one UTC day, two weeks.
    expect(weekOf('2026-03-08T15:30:00Z', [])).toEqual({ timeZone: 'Asia/Shanghai', localDate: '2026-03-08', week: '2026-W10' });
    expect(weekOf('2026-03-08T16:30:00Z', [])).toEqual({ timeZone: 'Asia/Shanghai', localDate: '2026-03-09', week: '2026-W11' });
  });

  it('is taken in the zone of the plan version in force that month, or the first version before the plan starts', () => {
    const versions = [plan(1, '2026-01-01', 'Asia/Shanghai'), plan(2, '2026-04-01', 'Europe/Berlin')];
    expect(weekOf('2026-03-08T16:30:00Z', versions).week).toBe('2026-W11');
    // 05:30 on Monday in Shanghai is still 23:30 on Sunday in Berlin.
    expect(weekOf('2026-04-12T21:30:00Z', versions)).toEqual({ timeZone: 'Europe/Berlin', localDate: '2026-04-12', week: '2026-W15' });
    expect(weekOf('2026-04-12T22:30:00Z', versions)).toEqual({ timeZone: 'Europe/Berlin', localDate: '2026-04-13', week: '2026-W16' });
    // Before its first version takes effect, a plan still sets the zone.
    const berlin = [plan(1, '2026-01-01', 'Europe/Berlin')];
    expect(weekOf('2025-12-21T22:30:00Z', berlin)).toEqual({ timeZone: 'Europe/Berlin', localDate: '2025-12-21', week: '2025-W51' });
  });
});
