import { addDays, addMonths, isWeekend, localDate } from './time';

describe('calendar time', () => {
  it('puts 23:30 and 00:30 in Shanghai on different days, whatever UTC says', () => {
    expect(localDate('2026-10-08T23:30:00+08:00', 'Asia/Shanghai')).toBe('2026-10-08');
    expect(localDate('2026-10-09T00:30:00+08:00', 'Asia/Shanghai')).toBe('2026-10-09');
    expect(localDate('2026-10-08T16:30:00Z', 'Asia/Shanghai')).toBe('2026-10-09');
  });

  it('adds days and months on the calendar', () => {
    expect(addDays('2026-02-27', 3)).toBe('2026-03-02');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-10-15', 3)).toBe('2027-01-15');
  });

  it('knows the weekend', () => {
    expect(isWeekend('2026-10-10')).toBe(true);
    expect(isWeekend('2026-10-12')).toBe(false);
  });
});
