import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  addWorkingDays,
  calendarCovers,
  CHINESE_DAYS_COVERAGE,
  chineseWorkCalendar,
  isCalendarDate,
  parseWorkdayOverrides,
  previousWorkingDay,
  type WorkCalendar,
  workingDaysEmployedBetween,
} from './working-days';

// 2026 facts from chinese-days 1.5.7 (国务院办公厅 2025-11 notice, gov.cn content_7047091):
// 国庆节 2026-10-01 (Thu) – 10-07 (Wed) off; 2026-09-20 (Sun) and 2026-10-10 (Sat) worked (调休).
// 春节 2026-02-15 (Sun) – 02-23 (Mon) off; 2026-02-14 (Sat) and 2026-02-28 (Sat) worked.
const calendar = chineseWorkCalendar();

describe('the Chinese work calendar', () => {
  it('knows the 2026 National Day holiday and its make-up working days', () => {
    for (const day of ['01', '02', '03', '04', '05', '06', '07']) expect(calendar.isWorkingDay(`2026-10-${day}`)).toBe(false);
    expect(calendar.isWorkingDay('2026-09-20')).toBe(true); // a Sunday, worked
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true); // a Saturday, worked
    expect(calendar.isWorkingDay('2026-10-11')).toBe(false); // an ordinary Sunday
    expect(calendar.isWorkingDay('2026-09-30')).toBe(true);
    expect(calendar.isWorkingDay('2026-10-08')).toBe(true);
  });

  it('covers the years of the package data, and outside them takes Monday–Friday as working', () => {
    // 1.5.7 covers 2004–2026; a later version may add years, never drop them.
    expect(CHINESE_DAYS_COVERAGE.from).toBe('2004-01-01');
    expect(CHINESE_DAYS_COVERAGE.to >= '2026-12-31').toBe(true);
    expect(calendar.isWorkingDay('2003-10-01')).toBe(true); // a Wednesday the data does not cover
    expect(calendar.isWorkingDay('2003-10-04')).toBe(false); // a Saturday
    expect(calendar.isWorkingDay('2099-10-01')).toBe(true); // a Thursday, far beyond any data
    expect(calendar.isWorkingDay('2099-10-03')).toBe(false); // a Saturday
  });

  it('lets an override from configuration win over the published data', () => {
    const configured = chineseWorkCalendar({ '2026-10-10': 'holiday', '2026-10-07': 'workday', '2099-10-01': 'holiday' });
    expect(configured.isWorkingDay('2026-10-10')).toBe(false);
    expect(configured.isWorkingDay('2026-10-07')).toBe(true);
    expect(configured.isWorkingDay('2099-10-01')).toBe(false);
    expect(configured.isWorkingDay('2026-10-09')).toBe(true);
  });

  it('refuses what is not a calendar date', () => {
    expect(() => calendar.isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('2026-10-1')).toThrow(/YYYY-MM-DD/);
    expect(() => chineseWorkCalendar({ '2026-13-01': 'holiday' })).toThrow(/2026-13-01/);
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
  });

  // Jest gives each test file a copy of process.env, so a zone is set on a child process instead.
  const inZone = (zone: string, script: string): unknown =>
    JSON.parse(
      execFileSync(process.execPath, ['-r', 'ts-node/register', '-e', script], {
        cwd: join(__dirname, '../../../..'),
        env: { ...process.env, TZ: zone, TS_NODE_TRANSPILE_ONLY: 'true' },
        encoding: 'utf8',
      }),
    );

  it('does not depend on the time zone of the process', () => {
    const script = `const { chineseWorkCalendar } = require('./libs/domain/src/calendar/working-days');
      const c = chineseWorkCalendar();
      console.log(JSON.stringify(['2026-01-05', '2026-01-10', '2026-10-08', '2026-10-10'].map((d) => c.isWorkingDay(d))));`;
    for (const zone of ['America/New_York', 'Pacific/Pago_Pago', 'Asia/Shanghai', 'Pacific/Kiritimati']) {
      expect([zone, inZone(zone, script)]).toEqual([zone, [true, false, true, true]]);
    }
  });

  it("agrees with the package's own isWorkday on every day it covers (run where that function is right: UTC)", () => {
    const { from, to } = CHINESE_DAYS_COVERAGE;
    const script = `const { isWorkday } = require('chinese-days');
      const days = [];
      for (let at = Date.parse('${from}T00:00:00Z'); at <= Date.parse('${to}T00:00:00Z'); at += 86400000) {
        const date = new Date(at).toISOString().slice(0, 10);
        if (isWorkday(date)) days.push(date);
      }
      console.log(JSON.stringify(days));`;
    const packageWorkdays = inZone('UTC', script) as string[];
    const ours: string[] = [];
    for (let at = Date.parse(`${from}T00:00:00Z`); at <= Date.parse(`${to}T00:00:00Z`); at += 86_400_000) {
      const date = new Date(at).toISOString().slice(0, 10);
      if (calendar.isWorkingDay(date)) ours.push(date);
    }
    expect(packageWorkdays.length).toBeGreaterThan(5000);
    expect(ours).toEqual(packageWorkdays);
  });
});

describe('adding working days', () => {
  it('counts over the National Day holiday and includes the Saturday make-up day', () => {
    // After Wed 09-30: Thu 10-08 (1), Fri 10-09 (2), Sat 10-10 调休 (3), Mon 10-12 (4) … Thu 10-15 (7).
    expect(addWorkingDays(calendar, '2026-09-30', 7)).toBe('2026-10-15');
    expect(addWorkingDays(calendar, '2026-09-30', 3)).toBe('2026-10-10');
  });

  it('counts over the Spring Festival, both make-up Saturdays included', () => {
    // After Fri 02-13: Sat 02-14 (1), Tue 02-24 (2) … Fri 02-27 (5), Sat 02-28 (6), Mon 03-02 (7).
    expect(addWorkingDays(calendar, '2026-02-13', 7)).toBe('2026-03-02');
  });

  it('follows the overrides', () => {
    expect(addWorkingDays(chineseWorkCalendar({ '2026-10-10': 'holiday' }), '2026-09-30', 7)).toBe('2026-10-16');
    expect(addWorkingDays(chineseWorkCalendar({ '2026-10-11': 'workday' }), '2026-09-30', 7)).toBe('2026-10-14');
  });

  it('starts counting the day after, works with any calendar, and refuses a bad count', () => {
    const everyDay: WorkCalendar = { isWorkingDay: () => true };
    expect(addWorkingDays(everyDay, '2026-12-30', 2)).toBe('2027-01-01');
    expect(addWorkingDays(calendar, '2026-10-03', 0)).toBe('2026-10-03');
    expect(() => addWorkingDays(calendar, '2026-10-03', -1)).toThrow(RangeError);
    expect(() => addWorkingDays(calendar, '2026-10-03', 1.5)).toThrow(RangeError);
    expect(() => addWorkingDays({ isWorkingDay: () => false }, '2026-10-03', 1)).toThrow(/no 1 working days/);
  });
});

describe('workday overrides from configuration', () => {
  it('reads an object of dates', () => {
    expect(parseWorkdayOverrides('{"2026-10-09":"holiday","2026-10-10":"workday"}')).toEqual({ '2026-10-09': 'holiday', '2026-10-10': 'workday' });
    expect(parseWorkdayOverrides('  ')).toEqual({});
    expect(parseWorkdayOverrides('{}')).toEqual({});
  });

  it('refuses bad input, naming the bad entry', () => {
    expect(() => parseWorkdayOverrides('{"2026-10-09":"holiday",')).toThrow(/not valid JSON/);
    expect(() => parseWorkdayOverrides('["2026-10-09"]')).toThrow(/must be a JSON object/);
    expect(() => parseWorkdayOverrides('null')).toThrow(/must be a JSON object/);
    expect(() => parseWorkdayOverrides('{"2026-10-09":"holiday","2026-10-32":"workday"}')).toThrow(/"2026-10-32".*calendar date/);
    expect(() => parseWorkdayOverrides('{"2026-10-09":"off"}')).toThrow(/"2026-10-09".*"workday" or "holiday", not "off"/);
    expect(() => parseWorkdayOverrides('{"2026-10-09":true}')).toThrow(/"2026-10-09"/);
  });
});

describe('the previous working day (the morning briefing\'s "yesterday")', () => {
  it('is the Friday for a Monday, and the last day before a holiday for the day after it', () => {
    expect(previousWorkingDay(calendar, '2026-11-02')).toBe('2026-10-30'); // Mon → Fri
    expect(previousWorkingDay(calendar, '2026-11-03')).toBe('2026-11-02'); // Tue → Mon
    expect(previousWorkingDay(calendar, '2026-10-08')).toBe('2026-09-30'); // Thu after National Day → Wed before it
    expect(previousWorkingDay(calendar, '2026-10-12')).toBe('2026-10-10'); // Mon → the 调休 Saturday
    expect(previousWorkingDay(calendar, '2026-09-21')).toBe('2026-09-20'); // Mon → the 调休 Sunday
  });

  it('follows the overrides and refuses a bad date', () => {
    expect(previousWorkingDay(chineseWorkCalendar({ '2026-10-10': 'holiday' }), '2026-10-12')).toBe('2026-10-09');
    expect(() => previousWorkingDay(calendar, '2026-10-32')).toThrow(RangeError);
    expect(() => previousWorkingDay({ isWorkingDay: () => false }, '2026-10-03')).toThrow(/no working day/);
  });
});

describe('working days employed between two dates', () => {
  it('counts both ends, holidays out and make-up days in', () => {
    // DOMAIN.md: October 2026 has 18 working days (22 weekdays − 5 holiday weekdays + Saturday the 10th).
    expect(workingDaysEmployedBetween(calendar, '2026-10-01', '2026-10-31')).toBe(18);
    // From Thu 10-15: 15, 16, 19–23, 26–30.
    expect(workingDaysEmployedBetween(calendar, '2026-10-15', '2026-10-31')).toBe(12);
    expect(workingDaysEmployedBetween(calendar, '2026-10-01', '2026-10-07')).toBe(0);
    expect(workingDaysEmployedBetween(calendar, '2026-10-10', '2026-10-10')).toBe(1);
    expect(workingDaysEmployedBetween(calendar, '2026-10-31', '2026-10-01')).toBe(0);
    expect(workingDaysEmployedBetween(chineseWorkCalendar({ '2026-10-10': 'holiday' }), '2026-10-01', '2026-10-31')).toBe(17);
    expect(() => workingDaysEmployedBetween(calendar, '2026-10-01', '2026-10-32')).toThrow(/last/);
  });
});

describe('what the calendar data covers', () => {
  it('says whether a date is inside the published years', () => {
    expect(calendarCovers('2026-10-01')).toBe(true);
    expect(calendarCovers(CHINESE_DAYS_COVERAGE.to)).toBe(true);
    expect(calendarCovers('2003-12-31')).toBe(false);
    expect(calendarCovers('2031-06-18')).toBe(false);
  });
});
