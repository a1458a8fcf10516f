import { atTime, type Desk, expectCreated, expectInvalidField, expectRefused, type HttpAnswer, type Person, planBody, startDesk } from '../support/telesales';

/**
 * The work log due 10 minutes before the end of the working day and the plans of the 15th and
 * 30th (「电销员每天下班前10分钟必须把工作日志及工作明细以书面形式给部门负责人、每月15号和30号必须把月底和次月的
 * (工作情况、意向客户情况)计划发送给部门负责人」), and the supervisor's view of who is late.
 *
 * October 2026 by the State Council's calendar: the 1st–7th are holidays, Saturday the 10th is a
 * working day, so the month has 18 working days (8, 9, 10, 12–16, 19–23, 26–30). The handbook plan
 * has no `dailyDiscipline`: the day ends at 18:00 (ours: the handbooks name no closing time), the
 * log is due at 17:50, the plans at 18:00 on the 15th and 30th. Every request runs with the
 * service's clock pinned by `atTime`, so neither the machine's date nor TEST_NOW matters.
 */
let desk: Desk;
/** Team t1: agents Ann and Bob, and Dan on the late-shift plan. Team t2: agent Cat. Sam is a specialist. */
let ann: Person;
let bob: Person;
let cat: Person;
let dan: Person;
let sam: Person;
let supervisorT1: string;
let supervisorT2: string;
let lastPosition = '0';

/** A plan whose day ends at 20:30, the log due 30 minutes before, plans on the 3rd and the 31st. */
const LATE_SHIFT = { workdayEndsAt: '20:30', workLogMinutesBeforeEnd: 30, planDaysOfMonth: [3, 31] };

beforeAll(async () => {
  desk = await startDesk(undefined, { now: '2026-10-08T09:00:00+08:00' });
  ann = await desk.hire({ name: 'Ann', teamId: 't1', hiredOn: '2026-09-01' });
  bob = await desk.hire({ name: 'Bob', teamId: 't1', hiredOn: '2026-09-01' });
  cat = await desk.hire({ name: 'Cat', teamId: 't2', hiredOn: '2026-09-01' });
  sam = await desk.hire({ name: 'Sam', role: 'specialist', teamId: 't1', hiredOn: '2026-09-01' });
  expectCreated(await desk.post('/plans', planBody({ planId: 'late-shift', dailyDiscipline: LATE_SHIFT }), desk.payroll), 'plan-late-shift');
  dan = await desk.hire({ name: 'Dan', teamId: 't1', hiredOn: '2026-09-01', planId: 'late-shift' });
  supervisorT1 = desk.supervisorOf('t1');
  supervisorT2 = desk.supervisorOf('t2');
});

afterAll(async () => {
  await desk.app.close();
});

const written = (res: HttpAnswer, agent: Person) => {
  lastPosition = expectCreated(res, `discipline-${agent.agentId}`).position;
  return res;
};
const logBody = (agent: Person, date: string) => ({ agentId: agent.agentId, date, summary: '电话102个,有效11个,通话186分钟', details: '到访1人' });
const planOf = (agent: Person, planDay: string) => ({ agentId: agent.agentId, planDay, work: '月底前回访全部意向客户', prospects: '张先生(滨江花园)' });

const submitLog = (agent: Person, date: string, at: string) => atTime(desk, at, () => desk.post('/work-logs', logBody(agent, date), agent.auth));
const submitPlan = (agent: Person, planDay: string, at: string) => atTime(desk, at, () => desk.post('/work-plans', planOf(agent, planDay), agent.auth));
const duties = (query: Record<string, string>, auth: string, at: string) =>
  atTime(desk, at, () =>
    desk.http
      .get('/api/discipline')
      .query({ minPosition: lastPosition, ...query })
      .set('Authorization', auth),
  );

const duty = (kind: string, forDate: string, dueOn: string, dueAt: string, submittedAt: string | null, status: string, minutesLate: number | null) => ({
  kind,
  forDate,
  dueOn,
  dueAt: new Date(dueAt).toISOString(),
  submittedAt: submittedAt === null ? null : new Date(submittedAt).toISOString(),
  status,
  late: status === 'late' || status === 'missing',
  minutesLate,
});

describe('the work log — POST /api/work-logs, due 10 minutes before the working day ends', () => {
  it('on the make-up Saturday 10 October: Ann at 17:45 is on time, Bob at 17:55 is 5 minutes late, Cat (t2) has none: the t1 supervisor sees t1 only', async () => {
    written(await submitLog(ann, '2026-10-10', '2026-10-10T17:45:00+08:00'), ann);
    written(await submitLog(bob, '2026-10-10', '2026-10-10T17:55:00+08:00'), bob);

    const res = await duties({ date: '2026-10-10' }, supervisorT1, '2026-10-10T20:00:00+08:00');

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ from: '2026-10-10', to: '2026-10-10', asOf: '2026-10-10T12:00:00.000Z' });
    const dueAt = '2026-10-10T17:50:00+08:00';
    const byId = (a: { agentId: string }, b: { agentId: string }) => (a.agentId < b.agentId ? -1 : 1);
    expect(res.body.items).toEqual(
      [
        {
          agentId: ann.agentId,
          teamId: 't1',
          lateCount: 0,
          duties: [duty('work_log', '2026-10-10', '2026-10-10', dueAt, '2026-10-10T17:45:00+08:00', 'on_time', null)],
        },
        {
          agentId: bob.agentId,
          teamId: 't1',
          lateCount: 1,
          duties: [duty('work_log', '2026-10-10', '2026-10-10', dueAt, '2026-10-10T17:55:00+08:00', 'late', 5)],
        },
        // Dan's plan ends the day at 20:30: his log is due at 20:00, and at 20:00 sharp it is not yet late.
        {
          agentId: dan.agentId,
          teamId: 't1',
          lateCount: 0,
          duties: [duty('work_log', '2026-10-10', '2026-10-10', '2026-10-10T20:00:00+08:00', null, 'pending', null)],
        },
      ].sort(byId),
    );
  });

  it('who is late, department-wide (lateOnly): Bob late by 5 minutes, Cat missing for 130 minutes by 20:00', async () => {
    const res = await duties({ date: '2026-10-10', lateOnly: 'true' }, desk.manager, '2026-10-10T20:00:00+08:00');
    expect(res.status).toBe(200);
    expect(
      res.body.items.map((a: { agentId: string; duties: { status: string; minutesLate: number }[] }) => [
        a.agentId,
        a.duties.map((d) => `${d.status} ${d.minutesLate}`),
      ]),
    ).toEqual(
      [
        [bob.agentId, ['late 5']],
        [cat.agentId, ['missing 130']],
      ].sort((a, b) => (a[0] < b[0] ? -1 : 1)),
    );
  });

  it('a Sunday and a National Day holiday owe no log', async () => {
    for (const date of ['2026-10-11', '2026-10-05']) {
      const res = await duties({ date, agentId: ann.agentId }, ann.auth, '2026-10-12T09:00:00+08:00');
      expect(res.body.items).toEqual([{ agentId: ann.agentId, teamId: 't1', lateCount: 0, duties: [] }]);
    }
  });

  it('the same log again answers the first write; another log for the day is 409; a day not yet come is 422 naming the rule', async () => {
    const first = written(await submitLog(ann, '2026-10-12', '2026-10-12T17:30:00+08:00'), ann);
    const again = await submitLog(ann, '2026-10-12', '2026-10-12T17:31:00+08:00');
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const other = await atTime(desk, '2026-10-12T17:32:00+08:00', () =>
      desk.refusedWithNothingAppended(() => desk.post('/work-logs', { ...logBody(ann, '2026-10-12'), summary: '改过的日志' }, ann.auth)),
    );
    expectRefused(other, 409, 'COMMAND.ID_REUSED');

    const tomorrow = await atTime(desk, '2026-10-12T17:33:00+08:00', () =>
      desk.refusedWithNothingAppended(() => desk.post('/work-logs', logBody(ann, '2026-10-13'), ann.auth)),
    );
    const body = expectRefused(tomorrow, 422, 'DISCIPLINE.LOG_FOR_FUTURE_DAY');
    expect(body.message).toContain('end of its day');
    expect(body.details).toMatchObject({ field: 'date', today: '2026-10-12' });
  });

  it('only the agent themself: another agent 403, a supervisor or a specialist 403; before the hire 422; bad input 400', async () => {
    const at = '2026-10-12T17:00:00+08:00';
    expectRefused(await atTime(desk, at, () => desk.post('/work-logs', logBody(ann, '2026-10-09'), bob.auth)), 403, 'AUTH.NOT_SELF');
    expectRefused(await atTime(desk, at, () => desk.post('/work-logs', logBody(ann, '2026-10-09'), supervisorT1)), 403, 'AUTH.ROLE_NOT_ALLOWED');
    expectRefused(await atTime(desk, at, () => desk.post('/work-logs', logBody(sam, '2026-10-09'), sam.auth)), 403, 'AUTH.ROLE_NOT_ALLOWED');
    expectRefused(await atTime(desk, at, () => desk.post('/work-logs', logBody(ann, '2026-08-31'), ann.auth)), 422, 'DISCIPLINE.BEFORE_HIRE');
    expectInvalidField(await atTime(desk, at, () => desk.post('/work-logs', { agentId: ann.agentId, date: '2026-10-09' }, ann.auth)), 'summary');
    expectInvalidField(await atTime(desk, at, () => desk.post('/work-logs', { ...logBody(ann, '2026-10-09'), date: '2026-10-32' }, ann.auth)), 'date');
  });
});

describe('the plans of the 15th and 30th — POST /api/work-plans', () => {
  it('on the 15th at 18:30: Ann sent hers at 16:00 (on time), Bob none — his plan is 30 minutes and his log 40 minutes overdue', async () => {
    written(await submitPlan(ann, '2026-10-15', '2026-10-15T16:00:00+08:00'), ann);
    written(await submitLog(ann, '2026-10-15', '2026-10-15T17:40:00+08:00'), ann);

    const res = await duties({ date: '2026-10-15', agentId: bob.agentId }, supervisorT1, '2026-10-15T18:30:00+08:00');
    expect(res.body.items).toEqual([
      {
        agentId: bob.agentId,
        teamId: 't1',
        lateCount: 2,
        duties: [
          duty('work_log', '2026-10-15', '2026-10-15', '2026-10-15T17:50:00+08:00', null, 'missing', 40),
          duty('work_plan', '2026-10-15', '2026-10-15', '2026-10-15T18:00:00+08:00', null, 'missing', 30),
        ],
      },
    ]);
    const annDay = await duties({ date: '2026-10-15', agentId: ann.agentId }, ann.auth, '2026-10-15T18:30:00+08:00');
    expect(annDay.body.items[0].duties.map((d: { kind: string; status: string }) => `${d.kind} ${d.status}`)).toEqual([
      'work_log on_time',
      'work_plan on_time',
    ]);
  });

  it("Ann's October as of the 15th at 18:30: 18 logs and 2 plans due; 4 logs missing, 11 logs and the 30th's plan still pending", async () => {
    const res = await duties({ month: '2026-10', agentId: ann.agentId }, supervisorT1, '2026-10-15T18:30:00+08:00');
    const [annMonth] = res.body.items as { lateCount: number; duties: { kind: string; forDate: string; status: string }[] }[];
    const logs = annMonth.duties.filter((d) => d.kind === 'work_log');
    expect(logs.map((d) => d.forDate.slice(8))).toEqual([
      '08',
      '09',
      '10',
      '12',
      '13',
      '14',
      '15',
      '16',
      '19',
      '20',
      '21',
      '22',
      '23',
      '26',
      '27',
      '28',
      '29',
      '30',
    ]);
    const statusOf = (d: { forDate: string }) => logs.find((l) => l.forDate === d.forDate)!;
    expect(['08', '09', '12', '13', '14'].map((d) => statusOf({ forDate: `2026-10-${d}` }).status)).toEqual([
      'missing',
      'missing',
      'on_time',
      'missing',
      'missing',
    ]);
    const count = (status: string) => annMonth.duties.filter((d) => d.status === status).length;
    // Due by 18:30 on the 15th: the logs of 8, 9, 10, 12, 13, 14, 15 and the plan of the 15th. On time: the logs of 10, 12
    // and 15 and the plan (4); missing: the logs of 8, 9, 13, 14 (4); pending: 11 logs (16th–30th) and the plan of the 30th (12).
    expect({ onTime: count('on_time'), missing: count('missing'), pending: count('pending') }).toEqual({ onTime: 4, missing: 4, pending: 12 });
    expect(annMonth.lateCount).toBe(4);
    expect(annMonth.duties.filter((d) => d.kind === 'work_plan').map((d) => `${d.forDate} ${d.status}`)).toEqual(['2026-10-15 on_time', '2026-10-30 pending']);
  });

  it("a plan day that is a holiday falls due on the next working day: Dan's plan of 3 October is due on the 8th at 20:30 (his plan's end of day)", async () => {
    const res = await duties({ date: '2026-10-08', agentId: dan.agentId }, supervisorT1, '2026-10-08T21:00:00+08:00');
    expect(res.body.items[0].duties).toEqual([
      duty('work_log', '2026-10-08', '2026-10-08', '2026-10-08T20:00:00+08:00', null, 'missing', 60),
      duty('work_plan', '2026-10-03', '2026-10-08', '2026-10-08T20:30:00+08:00', null, 'missing', 30),
    ]);
    // His plan of the 31st (a Saturday) is due on Monday 2 November.
    const nov2 = await duties({ date: '2026-11-02', agentId: dan.agentId }, supervisorT1, '2026-10-20T10:00:00+08:00');
    expect(nov2.body.items[0].duties.map((d: { kind: string; forDate: string; status: string }) => `${d.kind} ${d.forDate} ${d.status}`)).toEqual([
      'work_log 2026-11-02 pending',
      'work_plan 2026-10-31 pending',
    ]);
  });

  it("a day that is not one of the plan's plan days is 422 DISCIPLINE.NOT_A_PLAN_DAY; February's 30th is its last day", async () => {
    const at = '2026-10-16T10:00:00+08:00';
    const notADay = await atTime(desk, at, () => desk.refusedWithNothingAppended(() => desk.post('/work-plans', planOf(ann, '2026-10-16'), ann.auth)));
    expect(expectRefused(notADay, 422, 'DISCIPLINE.NOT_A_PLAN_DAY').details).toMatchObject({ field: 'planDay', planDays: ['2026-10-15', '2026-10-30'] });
    expectRefused(await atTime(desk, at, () => desk.post('/work-plans', planOf(dan, '2026-10-15'), dan.auth)), 422, 'DISCIPLINE.NOT_A_PLAN_DAY');
    written(await submitPlan(ann, '2027-02-28', at), ann);
    const twice = await atTime(desk, at, () => desk.post('/work-plans', { ...planOf(ann, '2027-02-28'), work: '另一份' }, ann.auth));
    expect(twice.status).toBe(409);
    expectInvalidField(
      await atTime(desk, at, () => desk.post('/work-plans', { agentId: ann.agentId, planDay: '2026-10-30', work: '计划' }, ann.auth)),
      'prospects',
    );
  });
});

describe('scope and the plan parameter', () => {
  it("a supervisor sees only their team: t2's supervisor asking for t1 or for Ann is 403; an agent only themself", async () => {
    const at = '2026-10-12T20:00:00+08:00';
    expectRefused(await duties({ teamId: 't1' }, supervisorT2, at), 403, 'AUTH.OTHER_TEAM');
    expectRefused(await duties({ agentId: ann.agentId }, supervisorT2, at), 403, 'AUTH.OTHER_TEAM');
    expectRefused(await duties({ agentId: ann.agentId }, bob.auth, at), 403, 'AUTH.NOT_SELF');
    const own = await duties({ date: '2026-10-12' }, cat.auth, at);
    expect(own.body.items.map((a: { agentId: string }) => a.agentId)).toEqual([cat.agentId]);
    expectInvalidField(await duties({ date: '2026-10-12', month: '2026-10' }, desk.manager, at), 'month');
  });

  it("the log's stream is the agent's and their supervisor's to read, not another team's nor payroll's", async () => {
    const read = (auth: string) => desk.http.get(`/api/streams/discipline-${ann.agentId}`).set('Authorization', auth);
    const own = await read(ann.auth);
    expect(own.status).toBe(200);
    expect(own.body.items.map((e: { type: string }) => e.type)).toContain('WorkPlanSubmitted');
    expect(own.body.items.find((e: { type: string }) => e.type === 'WorkLogSubmitted').data).toEqual({
      ...logBody(ann, '2026-10-10'),
      submittedAt: '2026-10-10T09:45:00.000Z',
    });
    expect((await read(supervisorT1)).status).toBe(200);
    expectRefused(await read(supervisorT2), 403, 'AUTH.STREAM_NOT_YOURS');
    expectRefused(await read(desk.payroll), 403, 'AUTH.STREAM_NOT_YOURS');
  });

  it('a plan with a bad dailyDiscipline is refused with 400 naming the field', async () => {
    const bad = planBody({ planId: 'bad-hours', dailyDiscipline: { ...LATE_SHIFT, workdayEndsAt: '25:00' } });
    const res = await desk.post('/plans', bad, desk.payroll);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.details.fields)).toContain('workdayEndsAt');
  });
});
