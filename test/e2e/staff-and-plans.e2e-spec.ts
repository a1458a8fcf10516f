import {
  type Body,
  type Desk,
  expectCreated,
  expectInvalidField,
  expectRefused,
  HANDBOOK_PLAN,
  planBody,
  startDesk,
  uniqueId,
  withPath,
} from '../support/telesales';

let desk: Desk;

beforeAll(async () => {
  desk = await startDesk();
});

afterAll(async () => {
  await desk.app.close();
});

describe('PublishCompensationPlan — POST /api/plans', () => {
  it('payroll publishes the handbook plan: CompensationPlanPublished carries every parameter as sent', async () => {
    const planId = uniqueId('plan');
    const body = planBody({ planId });

    const { result: res, appended } = await desk.appendedDuring(() => desk.post('/plans', body, desk.payroll));

    const written = expectCreated(res, `plan-${planId}`);
    expect(written.revision).toBe(0);
    expect(appended.map((e) => [e.streamId, e.type])).toEqual([[`plan-${planId}`, 'CompensationPlanPublished']]);
    const [event] = await desk.events(`plan-${planId}`);
    expect(event.data).toEqual(body);
    expect(event.position).toBe(written.position);
    // A plan takes effect on its effectiveFrom: that is its business time.
    expect(event.metadata).toMatchObject({ occurredAt: '2026-01-01T00:00:00Z', actor: { sub: 'pay-1', roles: ['payroll'] } });
  });

  it('a director may publish too, and a later version joins the same plan stream', async () => {
    const planId = uniqueId('plan');
    expectCreated(await desk.post('/plans', planBody({ planId }), desk.director), `plan-${planId}`);

    const v2 = planBody({ planId, version: 2, effectiveFrom: '2026-07-01', baseFen: { probation: 50000, regular: 180000 } });
    const written = expectCreated(await desk.post('/plans', v2, desk.payroll), `plan-${planId}`);

    expect(written.revision).toBe(1);
    const versions = await desk.events(`plan-${planId}`);
    expect(versions.map((e) => [e.data.version, (e.data.baseFen as Body).regular])).toEqual([
      [1, 150000],
      [2, 180000],
    ]);
  });

  it('accepts the optional shapes: probation targets and a talk-time target', async () => {
    const planId = uniqueId('plan');
    const body = planBody({
      planId,
      dailyTargets: { dials: 60, effectiveCalls: 10, talkMinutes: 180 },
      probationDailyTargets: { dials: 20, effectiveCalls: 3, talkMinutes: null },
    });
    expectCreated(await desk.post('/plans', body, desk.payroll), `plan-${planId}`);
    const [event] = await desk.events(`plan-${planId}`);
    expect(event.data.probationDailyTargets).toEqual({ dials: 20, effectiveCalls: 3, talkMinutes: null });
    expect((event.data.dailyTargets as Body).talkMinutes).toBe(180);
  });

  it('a retry is answered 200 with the first result; the same planId@version with other numbers is 409', async () => {
    const planId = uniqueId('plan');
    const first = expectCreated(await desk.post('/plans', planBody({ planId }), desk.payroll), `plan-${planId}`);

    // Key order does not make another command.
    const reordered = Object.fromEntries(Object.entries(planBody({ planId })).reverse());
    const retry = await desk.post('/plans', reordered, desk.payroll);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first);

    const changed = planBody({ planId, effectiveCallBonusFen: 300 });
    const res = await desk.refusedWithNothingAppended(() => desk.post('/plans', changed, desk.payroll));
    expectRefused(res, 409, 'COMMAND.ID_REUSED');
    expect(await desk.eventTypes(`plan-${planId}`)).toEqual(['CompensationPlanPublished']);
  });

  it('a version below the latest is refused 422 PLAN.VERSION_NOT_INCREASING', async () => {
    const planId = uniqueId('plan');
    expectCreated(await desk.post('/plans', planBody({ planId, version: 1 }), desk.payroll), `plan-${planId}`);
    expectCreated(await desk.post('/plans', planBody({ planId, version: 3 }), desk.payroll), `plan-${planId}`);

    const res = await desk.refusedWithNothingAppended(() => desk.post('/plans', planBody({ planId, version: 2 }), desk.payroll));

    expect(expectRefused(res, 422, 'PLAN.VERSION_NOT_INCREASING').details).toMatchObject({ latestVersion: 3 });
  });

  it.each([
    ['appraisal weights that do not add up to 100', 'appraisal.weights.ability', 30, 'PLAN.WEIGHTS_NOT_100'],
    ['appraisal bands that do not descend', 'appraisal.bands.B', 85, 'PLAN.BANDS_NOT_DESCENDING'],
  ])('%s are refused 422 and nothing is published', async (_rule, path, value, code) => {
    const planId = uniqueId('plan');
    const body = withPath(planBody({ planId }), path, value);

    const res = await desk.refusedWithNothingAppended(() => desk.post('/plans', body, desk.payroll));

    expectRefused(res, 422, code);
    expect(await desk.events(`plan-${planId}`)).toEqual([]);
  });

  describe('a plan that is not well formed is refused 400, naming the field', () => {
    const cases: [string, string, unknown, string][] = [
      ['planId missing', 'planId', undefined, 'planId'],
      ['version missing', 'version', undefined, 'version'],
      ['effectiveFrom missing', 'effectiveFrom', undefined, 'effectiveFrom'],
      ['a whole parameter group missing', 'appraisal', undefined, 'appraisal'],
      ['a nested parameter missing', 'leadFeeFen.agentReceives', undefined, 'leadFeeFen.agentReceives'],
      ['an unknown field', 'bonusPoolFen', 1000, 'bonusPoolFen'],
      ['an unknown nested field', 'baseFen.overtime', 100, 'baseFen.overtime'],
      ['a negative amount, nested', 'baseFen.regular', -1, 'baseFen.regular'],
      ['fen that are not whole', 'effectiveCallBonusFen', 2.5, 'effectiveCallBonusFen'],
      ['fen as a string', 'awardsFen.topDeals', '10000', 'awardsFen.topDeals'],
      ['a rate above 100%', 'dealCommissionBasisPoints.agent', 10001, 'dealCommissionBasisPoints.agent'],
      ['an unknown deduction mode', 'shortfallDeduction.mode', 'linear', 'shortfallDeduction.mode'],
      ['version as a string', 'version', '1', 'version'],
      ['version 0', 'version', 0, 'version'],
      ['a calendar date that does not exist', 'effectiveFrom', '2026-02-30', 'effectiveFrom'],
      ['a date in another notation', 'effectiveFrom', '01/01/2026', 'effectiveFrom'],
      ['an unknown time zone', 'timezone', 'Mars/Olympus_Mons', 'timezone'],
      ['a negative appraisal weight, three levels deep', 'appraisal.weights.ability', -5, 'appraisal.weights.ability'],
      ['bad probation targets', 'probationDailyTargets', { dials: -1, effectiveCalls: 3, talkMinutes: null }, 'probationDailyTargets.dials'],
      ['talk minutes that are not a number', 'dailyTargets.talkMinutes', 'sixty', 'dailyTargets.talkMinutes'],
      ['more working days than a month has', 'workingDaysPerMonth', 32, 'workingDaysPerMonth'],
    ];

    it.each(cases)('%s', async (_why, path, value, field) => {
      const planId = uniqueId('plan');
      const body = withPath(planBody({ planId }), path, value);

      const res = await desk.refusedWithNothingAppended(() => desk.post('/plans', body, desk.payroll));

      expectInvalidField(res, field);
    });
  });

  it.each([
    ['an agent', ['agent']],
    ['a specialist', ['specialist']],
    ['a supervisor', ['supervisor']],
    ['hr', ['hr']],
  ])('%s may not publish a plan (403)', async (_who, roles) => {
    const res = await desk.refusedWithNothingAppended(() => desk.post('/plans', planBody({ planId: uniqueId('plan') }), desk.bearer('x-1', roles, 't1')));
    expect(expectRefused(res, 403, 'AUTH.ROLE_NOT_ALLOWED').details).toMatchObject({ allowed: expect.arrayContaining(['payroll']) });
  });
});

describe('HireAgent — POST /api/agents', () => {
  const hireBody = (overrides: Body = {}): Body => ({
    agentId: uniqueId('a'),
    name: '王芳',
    role: 'agent',
    teamId: 't1',
    hiredOn: '2026-10-15',
    planId: HANDBOOK_PLAN.planId,
    ...overrides,
  });

  beforeAll(async () => {
    await desk.publishHandbookPlan();
  });

  it.each([
    ['an agent', 'agent'],
    ['a specialist', 'specialist'],
  ])('hr hires %s onto a published plan: AgentHired in agent-<agentId>', async (_who, role) => {
    const body = hireBody({ role, teamId: 't7' });

    const { result: res, appended } = await desk.appendedDuring(() => desk.post('/agents', body, desk.hr));

    const written = expectCreated(res, `agent-${body.agentId}`);
    expect(written.revision).toBe(0);
    expect(appended.map((e) => [e.streamId, e.type])).toEqual([[`agent-${body.agentId}`, 'AgentHired']]);
    const [event] = await desk.events(`agent-${body.agentId}`);
    expect(event.data).toEqual(body);
    expect(event.metadata).toMatchObject({ actor: { sub: 'hr-1', roles: ['hr'] }, commandId: expect.stringContaining(String(body.agentId)) });
  });

  it.each([
    ['a manager', 'manager'],
    ['a director', 'director'],
  ] as const)('%s may hire as well', async (_who, role) => {
    const body = hireBody();
    expectCreated(await desk.post('/agents', body, desk[role]), `agent-${body.agentId}`);
  });

  it('a retry is answered 200 with the first result; the same agentId with another team is 409', async () => {
    const body = hireBody();
    const first = expectCreated(await desk.post('/agents', body, desk.hr), `agent-${body.agentId}`);

    const retry = await desk.post('/agents', body, desk.hr);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first);

    const res = await desk.refusedWithNothingAppended(() => desk.post('/agents', { ...body, teamId: 't2' }, desk.hr));
    expectRefused(res, 409, 'COMMAND.ID_REUSED');
    const events = await desk.events(`agent-${body.agentId}`);
    expect(events.map((e) => e.data.teamId)).toEqual(['t1']);
  });

  it('hiring onto a plan that was never published is 422 AGENT.UNKNOWN_PLAN; once it is published the hire goes through', async () => {
    const planId = uniqueId('plan');
    const body = hireBody({ planId });

    const res = await desk.refusedWithNothingAppended(() => desk.post('/agents', body, desk.hr));
    expect(expectRefused(res, 422, 'AGENT.UNKNOWN_PLAN').message).toContain(planId);
    expect(await desk.events(`agent-${body.agentId}`)).toEqual([]);

    expectCreated(await desk.post('/plans', planBody({ planId }), desk.payroll), `plan-${planId}`);
    expectCreated(await desk.post('/agents', body, desk.hr), `agent-${body.agentId}`);
  });

  describe('a hire that is not well formed is refused 400, naming the field', () => {
    const cases: [string, Body, string][] = [
      ['agentId missing', { agentId: undefined }, 'agentId'],
      ['an agentId that cannot be part of a stream id', { agentId: 'a 7/../x' }, 'agentId'],
      ['name missing', { name: undefined }, 'name'],
      ['an empty name', { name: '' }, 'name'],
      ['a role that is not hired onto a plan', { role: 'supervisor' }, 'role'],
      ['teamId of the wrong type', { teamId: 7 }, 'teamId'],
      ['hiredOn as an instant', { hiredOn: '2026-10-15T09:00:00+08:00' }, 'hiredOn'],
      ['hiredOn a day that does not exist', { hiredOn: '2026-02-30' }, 'hiredOn'],
      ['planId missing', { planId: undefined }, 'planId'],
      ['an unknown field', { salaryFen: 500000 }, 'salaryFen'],
    ];

    it.each(cases)('%s', async (_why, overrides, field) => {
      const body = JSON.parse(JSON.stringify(hireBody(overrides))) as Body;
      const res = await desk.refusedWithNothingAppended(() => desk.post('/agents', body, desk.hr));
      expectInvalidField(res, field);
    });
  });

  it.each([
    ['an agent', ['agent']],
    ['a specialist', ['specialist']],
    ['a supervisor', ['supervisor']],
    ['payroll', ['payroll']],
  ])('%s may not hire (403)', async (_who, roles) => {
    const body = hireBody();
    const res = await desk.refusedWithNothingAppended(() => desk.post('/agents', body, desk.bearer('x-1', roles, 't1')));
    expectRefused(res, 403, 'AUTH.ROLE_NOT_ALLOWED');
  });
});
