import { Logger } from '@nestjs/common';
import { CHINESE_DAYS_COVERAGE } from '@app/domain';
import { atTime, type Desk, expectCreated, expectInvalidField, type HttpAnswer, type Person, planBody, startDesk } from '../support/telesales';

/**
 * Issue 12, point 2: one working calendar — the State Council's, with its holidays and 调休
 * make-up days, and the operator's WORKDAY_OVERRIDES — for the quota, the morning briefing and
 * the month's targets (DOMAIN.md "Added for the second release": October 2026 has 18 working
 * days, the 1st–7th are holidays, Saturday the 10th is worked; a missed working day owes a make-up
 * day 「安排周末加班」, work on a non-working day is overtime, the meeting reviews the previous
 * working day 「回顾昨天的工作内容」).
 *
 * Every date is pinned here, whatever TEST_NOW says: the service's clock stands at 2026-11-05
 * (October is over) unless a test moves it.
 *
 * The plans are the handbook's with a small daily target so a month of calls stays short: 2 dials
 * and 1 effective call a day, 22 shifts a month. So, by hand:
 * - a full October: 22 × 2 = 44 dials and 22 × 1 = 22 effective calls; with
 *   "monthlyTargetBasis": "workingDays", 18 × 2 = 36 and 18;
 * - hired Thursday 10-15: 17 calendar days (15–31) and 12 working days (15, 16, 19–23, 26–30);
 *   by calendar days 2 × 17 × 22 / 31 = 24.13 → 24 and 17 × 22 / 31 = 12.06 → 12; by working
 *   days 2 × 12 × 22 / 18 = 29.33 → 29 and 12 × 22 / 18 = 14.67 → 15; by working days on a
 *   working-days basis 12 × 2 = 24 and 12.
 */

const NOW = '2026-11-05T10:00:00+08:00';
const TEAM = 'tcal';
const SMALL_TARGETS = { dials: 2, effectiveCalls: 1, talkMinutes: null };

/** October 2026's 18 working days (DOMAIN.md): weekdays but the 1st, 2nd, 5th, 6th, 7th; and Saturday the 10th. */
const OCTOBER_WORKING_DAYS = ['08', '09', '10', '12', '13', '14', '15', '16', '19', '20', '21', '22', '23', '26', '27', '28', '29', '30'].map(
  (d) => `2026-10-${d}`,
);

type Row = Record<string, any>;

describe('one working calendar: the quota, the briefing and the month in October 2026', () => {
  let desk: Desk;
  /** Calls 2 a day, 1 effective, on every working day; 1 call on the holiday Monday 10-05 and 1 on Sunday 10-11. */
  let full: Person;
  /** The same working days but the make-up Saturday 10-10; a full month counted in working days. */
  let missedSaturday: Person;
  /** Hired 10-15 on the plan that says nothing new: calendar-day proration, 22 shifts. */
  let lateOld: Person;
  /** Hired 10-15, prorated by working days employed, 22 shifts. */
  let latePart: Person;
  /** Hired 10-15, working days for everything. */
  let lateWorking: Person;

  const get = (path: string, query: Record<string, string>, auth = desk.director): Promise<HttpAnswer> =>
    desk.http.get(path).query(query).set('authorization', auth);
  const rowOf = (rows: Row[], person: Person): Row => {
    const row = rows.find((r) => r.agentId === person.agentId);
    if (!row) throw new Error(`no row for ${person.agentId} in ${JSON.stringify(rows)}`);
    return row;
  };

  let minPosition = '0';
  async function call(agent: Person, leadId: string, startedAt: string, outcome: string): Promise<void> {
    const res = await desk.post('/calls', desk.callBody(agent, leadId, { startedAt, outcome, durationSeconds: 60 }), agent.auth);
    expectCreated(res, `lead-${leadId}`);
  }
  /** A day on target: one appointment set (effective) and one call not answered. */
  async function dayOnTarget(agent: Person, leadId: string, date: string): Promise<void> {
    await call(agent, leadId, `${date}T10:00:00+08:00`, 'appointment_set');
    await call(agent, leadId, `${date}T11:00:00+08:00`, 'no_answer');
  }
  async function hire(planId: string, hiredOn: string): Promise<{ agent: Person; leadId: string }> {
    const agent = await desk.hire({ planId, hiredOn, teamId: TEAM });
    const { leadId } = await desk.registerLead();
    await desk.assign(leadId, agent);
    return { agent, leadId };
  }

  beforeAll(async () => {
    desk = await startDesk(undefined, { now: NOW });
    const plans = {
      cal: {},
      'cal-month': { monthlyTargetBasis: 'workingDays' },
      'cal-part': { partMonthBasis: 'workingDays' },
      'cal-working': { monthlyTargetBasis: 'workingDays', partMonthBasis: 'workingDays' },
    };
    for (const [planId, fields] of Object.entries(plans)) {
      expectCreated(await desk.post('/plans', planBody({ planId, dailyTargets: SMALL_TARGETS, ...fields }), desk.payroll), `plan-${planId}`);
    }
    const first = await hire('cal', '2026-09-01');
    const second = await hire('cal-month', '2026-09-01');
    full = first.agent;
    missedSaturday = second.agent;
    const old = await hire('cal', '2026-10-15');
    const part = await hire('cal-part', '2026-10-15');
    lateOld = old.agent;
    latePart = part.agent;
    lateWorking = (await hire('cal-working', '2026-10-15')).agent;
    // Each agent's calls in order on their own lead, the agents side by side (a shared machine is slow).
    await Promise.all([
      (async () => {
        // 09-30, the last working day before National Day: 3 calls for `full`, none for the other.
        await dayOnTarget(full, first.leadId, '2026-09-30');
        await call(full, first.leadId, '2026-09-30T15:00:00+08:00', 'busy');
        for (const date of OCTOBER_WORKING_DAYS) await dayOnTarget(full, first.leadId, date);
        await call(full, first.leadId, '2026-10-05T10:00:00+08:00', 'no_answer'); // a weekday holiday
        await call(full, first.leadId, '2026-10-11T10:00:00+08:00', 'no_answer'); // a Sunday
      })(),
      (async () => {
        for (const date of OCTOBER_WORKING_DAYS) if (date !== '2026-10-10') await dayOnTarget(missedSaturday, second.leadId, date);
      })(),
      // 10 dials each on their first day, for the month's shortfall.
      (async () => {
        for (let i = 0; i < 10; i++) await call(lateOld, old.leadId, `2026-10-15T1${i}:00:00+08:00`, 'no_answer');
      })(),
      (async () => {
        for (let i = 0; i < 10; i++) await call(latePart, part.leadId, `2026-10-15T1${i}:30:00+08:00`, 'no_answer');
      })(),
    ]);
    // A position that includes every call above, whichever was answered last.
    minPosition = (await desk.settledHead()).toString();
  }, 600_000);
  afterAll(() => desk.app.close());

  it('a full-attendance agent owes no make-up day in October 2026; a missed 调休 Saturday owes one; holiday and Sunday calls are overtime', async () => {
    const res = await get('/api/quota/monthly', { month: '2026-10', teamId: TEAM, minPosition });
    expect(res.status).toBe(200);
    // 18 working days × 2 dials + the holiday's 1 + the Sunday's 1; 18 effective.
    expect(rowOf(res.body.items, full)).toMatchObject({
      dials: 38,
      effectiveCalls: 18,
      targets: { dials: 44, effectiveCalls: 22 },
      makeUpDaysOwed: 0,
      makeUpDates: [],
      overtimeDays: 2,
      workingDaysLeft: 0,
    });
    // 17 working days × 2; the five weekday holidays owe nothing, the Saturday does.
    expect(rowOf(res.body.items, missedSaturday)).toMatchObject({
      dials: 34,
      effectiveCalls: 17,
      targets: { dials: 36, effectiveCalls: 18 },
      makeUpDaysOwed: 1,
      makeUpDates: ['2026-10-10'],
      overtimeDays: 0,
    });
  });

  it('marks each day by the calendar: a weekday holiday and a Sunday are overtime and owe nothing, the make-up Saturday is a working day', async () => {
    const day = async (date: string) => (await get('/api/quota/daily', { date, teamId: TEAM, minPosition })).body.items as Row[];
    const holiday = await day('2026-10-05');
    expect(rowOf(holiday, full)).toMatchObject({ dials: 1, met: false, makeUpOwed: false, overtime: true });
    expect(rowOf(holiday, missedSaturday)).toMatchObject({ dials: 0, makeUpOwed: false, overtime: true });
    const saturday = await day('2026-10-10');
    expect(rowOf(saturday, full)).toMatchObject({ dials: 2, effectiveCalls: 1, met: true, makeUpOwed: false, overtime: false });
    expect(rowOf(saturday, missedSaturday)).toMatchObject({ dials: 0, met: false, makeUpOwed: true, overtime: false });
    const sunday = await day('2026-10-11');
    expect(rowOf(sunday, full)).toMatchObject({ dials: 1, makeUpOwed: false, overtime: true });
    expect(rowOf(sunday, missedSaturday)).toMatchObject({ dials: 0, makeUpOwed: false, overtime: true });
    const ordinary = await day('2026-10-08');
    expect(rowOf(ordinary, full)).toMatchObject({ dials: 2, met: true, makeUpOwed: false, overtime: false });
  });

  it("prorates a part month by the plan's basis, and counts only the working days employed as owed", async () => {
    const rows = (await get('/api/quota/monthly', { month: '2026-10', teamId: TEAM, minPosition })).body.items as Row[];
    expect(rowOf(rows, lateOld).targets).toEqual({ dials: 24, effectiveCalls: 12 });
    expect(rowOf(rows, latePart).targets).toEqual({ dials: 29, effectiveCalls: 15 });
    expect(rowOf(rows, lateWorking).targets).toEqual({ dials: 24, effectiveCalls: 12 });
    // No call at all: each of the 12 working days from the hire owes a make-up day, no weekend does.
    expect(rowOf(rows, lateWorking)).toMatchObject({ makeUpDaysOwed: 12, makeUpDates: OCTOBER_WORKING_DAYS.filter((d) => d >= '2026-10-15') });
  });

  it("prices the month's shortfall against the same part-month targets", async () => {
    const res = await get('/api/payroll/2026-10', { minPosition }, desk.payroll);
    expect(res.status).toBe(200);
    const shortfallOf = (person: Person) =>
      (res.body.statements as Row[]).find((s) => s.agentId === person.agentId)!.lines.find((l: Row) => l.kind === 'shortfall_deduction');
    // Base on probation for 17 of 31 days: 500.00 × 17 / 31 = 274.19 (DOMAIN.md: by calendar days).
    // Shortfall = base × (target − dials) / target with 10 dials:
    //   calendar-day target 24: 50000 × 17/31 × 14/24 = 15,994.62 → 15,995 fen;
    //   working-day target 29:  50000 × 17/31 × 19/29 = 17,964.40 → 17,964 fen.
    expect(shortfallOf(lateOld)).toMatchObject({ amountFen: -15995, planId: 'cal', explanation: expect.stringContaining('10 dials of 24 target') });
    expect(shortfallOf(latePart)).toMatchObject({ amountFen: -17964, planId: 'cal-part', explanation: expect.stringContaining('10 dials of 29 target') });
  });

  it('shows the working days left in the month, the day in progress included', async () => {
    const monthAt = async (instant: string) =>
      atTime(desk, instant, async () => (await get('/api/quota/monthly', { month: '2026-10', teamId: TEAM, minPosition })).body.items as Row[]);
    // Tue 10-20 to Fri 10-30: 20–23, 26–30.
    const on20th = await monthAt('2026-10-20T10:00:00+08:00');
    expect(rowOf(on20th, full)).toMatchObject({ asOf: '2026-10-20', workingDaysLeft: 9, makeUpDaysOwed: 0 });
    expect(rowOf(on20th, missedSaturday)).toMatchObject({ workingDaysLeft: 9, makeUpDaysOwed: 1 });
    expect(rowOf(on20th, lateWorking)).toMatchObject({ workingDaysLeft: 9 });
    // On the first holiday the whole month's 18 are still ahead; for one hired on the 15th, the 12 from then.
    const on1st = await monthAt('2026-10-01T09:00:00+08:00');
    expect(rowOf(on1st, full)).toMatchObject({ workingDaysLeft: 18, makeUpDaysOwed: 0 });
    expect(rowOf(on1st, lateWorking)).toMatchObject({ workingDaysLeft: 12 });
  });

  it('the morning briefing reviews the previous working day: after National Day the 30th, on a Monday the Friday, after the make-up Saturday that Saturday', async () => {
    const supervisor = desk.supervisorOf(TEAM);
    const briefing = async (date: string) => {
      const res = await get('/api/briefing', { date, minPosition }, supervisor);
      expect(res.status).toBe(200);
      return res.body.agents as Row[];
    };
    const afterHoliday = await briefing('2026-10-08');
    expect(rowOf(afterHoliday, full).yesterday).toEqual({ date: '2026-09-30', dials: 3, effectiveCalls: 1, talkSeconds: 180, met: true, makeUpOwed: false });
    expect(rowOf(afterHoliday, missedSaturday).yesterday).toMatchObject({ date: '2026-09-30', dials: 0, makeUpOwed: true });
    const monday = await briefing('2026-10-19');
    expect(rowOf(monday, full).yesterday).toMatchObject({ date: '2026-10-16', dials: 2, effectiveCalls: 1, met: true });
    const afterSaturday = await briefing('2026-10-12');
    expect(rowOf(afterSaturday, missedSaturday).yesterday).toMatchObject({ date: '2026-10-10', dials: 0, makeUpOwed: true });
    expect(rowOf(afterSaturday, full).today).toMatchObject({ overtime: false });
  });

  it('refuses a plan whose bases are not ones it knows, naming the field, and writes nothing', async () => {
    for (const [field, value] of [
      ['monthlyTargetBasis', 'calendarDays'],
      ['partMonthBasis', 'shifts'],
      ['partMonthBasis', null],
    ] as const) {
      const body = planBody({ planId: 'cal-bad', dailyTargets: SMALL_TARGETS, [field]: value });
      await desk.refusedWithNothingAppended(async () => expectInvalidField(await desk.post('/plans', body, desk.payroll), field));
    }
  });

  it("GET /api/health names the calendar's covered range, ok while it covers today", async () => {
    const res = await get('/api/health', {});
    expect(res.status).toBe(200);
    expect(res.body.calendar).toEqual({
      status: 'ok',
      coveredFrom: '2004-01-01',
      coveredTo: CHINESE_DAYS_COVERAGE.to,
      today: '2026-11-05',
      overrides: 0,
    });
  });
});

describe("a year the calendar data does not cover, with the operator's WORKDAY_OVERRIDES", () => {
  // The holiday data ends before 2031: the service says so at start and in /api/health, and the
  // operator's overrides are the working days it knows. Here they make Monday 2031-06-16 a day off
  // and Saturday 2031-06-14 a working day (as a State Council notice might).
  const NOW_2031 = '2031-06-18T10:00:00+08:00';
  const OVERRIDES = { '2031-06-14': 'workday', '2031-06-16': 'holiday' } as const;
  let desk: Desk;
  let warned: string[];

  beforeAll(async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    try {
      desk = await startDesk(undefined, { now: NOW_2031, workdayOverrides: OVERRIDES });
      warned = warn.mock.calls.map((args) => String(args[0]));
    } finally {
      warn.mockRestore();
    }
  }, 300_000);
  afterAll(() => desk.app.close());

  it('says at start that the data does not cover today', () => {
    expect(warned).toEqual(expect.arrayContaining([expect.stringContaining(`not today 2031-06-18`)]));
    expect(warned.find((w) => w.includes('2031-06-18'))).toContain('WORKDAY_OVERRIDES');
  });

  it('GET /api/health shows the calendar degraded, with the covered range, and still serves', async () => {
    const res = await desk.http.get('/api/health').set('Authorization', desk.director);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.calendar).toEqual({
      status: 'degraded',
      coveredFrom: '2004-01-01',
      coveredTo: CHINESE_DAYS_COVERAGE.to,
      today: '2031-06-18',
      overrides: 2,
      message: expect.stringContaining('not today 2031-06-18'),
    });
  });

  it('applies the overrides to the quota and the briefing', async () => {
    expectCreated(await desk.post('/plans', planBody({ planId: 'cal', dailyTargets: SMALL_TARGETS }), desk.payroll), 'plan-cal');
    const agent = await desk.hire({ planId: 'cal', hiredOn: '2031-06-12', teamId: TEAM });
    const { leadId } = await desk.registerLead();
    await desk.assign(leadId, agent);
    let minPosition = '0';
    // Thu 06-12, Fri 06-13, the worked Saturday 06-14 and Tue 06-17: the working days before today.
    for (const date of ['2031-06-12', '2031-06-13', '2031-06-14', '2031-06-17']) {
      for (const [hour, outcome] of [
        ['10', 'appointment_set'],
        ['11', 'no_answer'],
      ]) {
        const body = desk.callBody(agent, leadId, { startedAt: `${date}T${hour}:00:00+08:00`, outcome });
        minPosition = expectCreated(await desk.post('/calls', body, agent.auth), `lead-${leadId}`).position;
      }
    }
    const month = await desk.http
      .get('/api/quota/monthly')
      .query({ month: '2031-06', agentId: agent.agentId, minPosition })
      .set('authorization', desk.director);
    // Without the overrides, Monday 06-16 would owe a day and Saturday 06-14 would be overtime.
    // Left from Wed 06-18: 18–20, 23–27, 30. Targets by calendar days: 2 × 19 × 22 / 30 = 27.87 → 28, 19 × 22 / 30 = 13.93 → 14.
    expect(month.body.items).toEqual([
      expect.objectContaining({
        dials: 8,
        effectiveCalls: 4,
        makeUpDaysOwed: 0,
        overtimeDays: 0,
        workingDaysLeft: 9,
        targets: { dials: 28, effectiveCalls: 14 },
      }),
    ]);
    const monday = await desk.http.get('/api/quota/daily').query({ date: '2031-06-16', agentId: agent.agentId }).set('authorization', desk.director);
    expect(monday.body.items).toEqual([expect.objectContaining({ dials: 0, makeUpOwed: false, overtime: true })]);
    // Tuesday 06-17's briefing reviews the worked Saturday: Monday was a day off, Sunday too.
    const briefing = await desk.http.get('/api/briefing').query({ date: '2031-06-17', teamId: TEAM }).set('authorization', desk.supervisorOf(TEAM));
    expect(briefing.body.agents).toEqual([expect.objectContaining({ yesterday: expect.objectContaining({ date: '2031-06-14', dials: 2, met: true }) })]);
  });
});
