import { chineseWorkCalendar } from '../calendar/working-days';
import { dutiesDue, dutyStatus, HANDBOOK_DAILY_DISCIPLINE, localInstant, planDaysOf, planDueOn } from './discipline.rules';

const calendar = chineseWorkCalendar();

describe('the daily discipline’s deadlines', () => {
  it('the log is due 10 minutes before 18:00 in the plan’s zone', () => {
    expect(localInstant('2026-10-12', '18:00', 'Asia/Shanghai', 10).toISOString()).toBe('2026-10-12T09:50:00.000Z');
    expect(localInstant('2026-07-01', '18:00', 'Europe/Berlin').toISOString()).toBe('2026-07-01T16:00:00.000Z');
  });

  it('plan days are the 15th and 30th, the 30th of February being its last day', () => {
    expect(planDaysOf('2026-10', HANDBOOK_DAILY_DISCIPLINE)).toEqual(['2026-10-15', '2026-10-30']);
    expect(planDaysOf('2027-02', HANDBOOK_DAILY_DISCIPLINE)).toEqual(['2027-02-15', '2027-02-28']);
    expect(planDaysOf('2028-02', { ...HANDBOOK_DAILY_DISCIPLINE, planDaysOfMonth: [30, 31] })).toEqual(['2028-02-29']);
  });

  it('a plan day off moves to the next working day (3 October 2026 → the 8th)', () => {
    expect(planDueOn('2026-10-03', calendar)).toBe('2026-10-08');
    expect(planDueOn('2026-10-15', calendar)).toBe('2026-10-15');
  });

  it('October 2026 owes 18 logs (the make-up Saturday included) and 2 plans', () => {
    const duties = dutiesDue('2026-10-01', '2026-10-31', '2026-01-05', () => undefined, calendar);
    expect(duties.filter((d) => d.kind === 'work_log')).toHaveLength(18);
    expect(duties.some((d) => d.forDate === '2026-10-10')).toBe(true);
    expect(duties.filter((d) => d.kind === 'work_plan').map((d) => d.dueOn)).toEqual(['2026-10-15', '2026-10-30']);
  });

  it('status: on time up to the due instant, then late; missing only once past due', () => {
    const due = new Date('2026-10-12T09:50:00Z');
    expect(dutyStatus(due, new Date('2026-10-12T09:50:00Z'), due)).toEqual({ status: 'on_time', late: false, minutesLate: null });
    expect(dutyStatus(due, new Date('2026-10-12T09:50:01Z'), due)).toEqual({ status: 'late', late: true, minutesLate: 1 });
    expect(dutyStatus(due, null, due)).toEqual({ status: 'pending', late: false, minutesLate: null });
    expect(dutyStatus(due, null, new Date('2026-10-12T10:20:00Z'))).toEqual({ status: 'missing', late: true, minutesLate: 30 });
  });
});
