import {
  atTime,
  type Body,
  type Desk,
  expectCreated,
  expectInvalidField,
  expectRefused,
  type HttpAnswer,
  type Person,
  planBody,
  startDesk,
  withPath,
} from '../support/telesales';

/**
 * The handbooks' follow-up duties as due tasks (README "Follow-up duties"), in October 2026: the
 * National Day holidays are the 1st–7th, Saturday the 10th is a working day (调休). Every due
 * time below is worked out by hand from the handbook plan (new leads by 18:00 the same working
 * day, visits and deals by 21:00 that day, A every 3 days, by 18:00) or from the plan the test
 * publishes; the service's clock is pinned at each step, so no figure depends on the machine's date.
 */

/** The real-estate handbook's eight categories (「电销流程」), with its cadences. */
const EIGHT_CATEGORIES = {
  意向客户: [3, 7], // 「关注的客户3日跟访7日跟访」
  重点客户: [3, 7],
  未接电话: 1,
  无效号码: null,
  无效客户: 30, // 「无效客户(30天应需跟访)」
  暂时观望: 15, // 「暂时观望(15天应需跟访)」
  已购完房: null,
  平台成交: null,
};
/** The plan of the real-estate floor: its own categories, and its new leads called by 17:30. */
const REAL_ESTATE_PLAN = planBody({
  planId: 'realestate',
  followUpDays: EIGHT_CATEGORIES,
  followUpDuties: { newLead: { days: 0, by: '17:30' }, afterVisit: { days: 0, by: '20:30' }, congratulate: null, cadenceBy: '17:30' },
});

let desk: Desk;
let ann: Person;
let sam: Person;
let rae: Person;
/** The position of the latest write, for reads that must see it. */
let position = '0';

const at = <T>(instant: string, act: () => Promise<T>) => atTime(desk, instant, act);
const created = (res: HttpAnswer, leadId: string) => {
  position = expectCreated(res, `lead-${leadId}`).position;
};

async function newLead(agent: Person, assignedAt: string): Promise<string> {
  const { leadId } = await desk.registerLead();
  await at(assignedAt, async () => created(await desk.post(`/leads/${leadId}/assign`, { agentId: agent.agentId }, desk.manager), leadId));
  return leadId;
}
async function call(agent: Person, leadId: string, startedAt: string, outcome = 'connected'): Promise<void> {
  const body = desk.callBody(agent, leadId, { startedAt, outcome });
  await at(startedAt, async () => created(await desk.post('/calls', body, agent.auth), leadId));
}
async function grade(agent: Person, leadId: string, category: string, when: string): Promise<void> {
  await at(when, async () => created(await desk.post(`/leads/${leadId}/grade`, { grade: category }, agent.auth), leadId));
}

/** GET /api/follow-ups for `date` with the service's clock at `now`: each duty as lead, kind, due time and overdue flag. */
async function followUps(agent: Person, date: string, now: string, auth = agent.auth) {
  const res = await at(now, () => desk.http.get('/api/follow-ups').query({ agentId: agent.agentId, date, minPosition: position }).set('Authorization', auth));
  expect(res.status).toBe(200);
  const brief = (items: Body[]) => items.map((i) => ({ leadId: i.leadId, kind: i.kind, dueAt: i.dueAt, overdue: i.overdue, ...pick(i) }));
  return { due: brief(res.body.due), overdue: brief(res.body.overdue) };
}
const pick = (item: Body) => (item.askWhyNotBought === undefined ? {} : { askWhyNotBought: item.askWhyNotBought });

beforeAll(async () => {
  desk = await startDesk(undefined, { now: '2026-10-09T08:00:00+08:00' });
  ann = await desk.hire({ name: 'Ann', teamId: 't1' });
  sam = await desk.hire({ name: 'Sam', role: 'specialist', teamId: 't1' });
  expect([200, 201]).toContain((await desk.post('/plans', REAL_ESTATE_PLAN, desk.payroll)).status);
  rae = await desk.hire({ name: 'Rae', teamId: 't2', planId: 'realestate' });
});
afterAll(() => desk.app.close());

describe('GET /api/follow-ups: the handbooks’ duties, each with its kind, due time and overdue flag', () => {
  it('a lead assigned is called the same working day (「日清日毕」「分配一个打一个」); one assigned on a holiday, the next working day', async () => {
    const friday = await newLead(ann, '2026-10-09T09:00:00+08:00');
    const holiday = await newLead(ann, '2026-10-04T10:00:00+08:00'); // National Day: the next working day is Thursday the 8th
    const makeUpSaturday = await newLead(ann, '2026-10-10T09:15:00+08:00'); // 调休: a working day

    expect(await followUps(ann, '2026-10-09', '2026-10-09T10:00:00+08:00')).toEqual({
      due: [{ leadId: friday, kind: 'new_lead', dueAt: '2026-10-09T18:00:00+08:00', overdue: false }],
      overdue: [{ leadId: holiday, kind: 'new_lead', dueAt: '2026-10-08T18:00:00+08:00', overdue: true }],
    });

    await call(ann, friday, '2026-10-09T10:30:00+08:00', 'no_answer');
    await call(ann, holiday, '2026-10-09T10:40:00+08:00', 'busy');
    expect(await followUps(ann, '2026-10-09', '2026-10-09T11:00:00+08:00')).toEqual({ due: [], overdue: [] });
    // Not called by the evening of the make-up Saturday: overdue that evening.
    expect(await followUps(ann, '2026-10-10', '2026-10-10T18:30:00+08:00')).toEqual({
      due: [{ leadId: makeUpSaturday, kind: 'new_lead', dueAt: '2026-10-10T18:00:00+08:00', overdue: true }],
      overdue: [],
    });
    await call(ann, makeUpSaturday, '2026-10-10T18:45:00+08:00');
  });

  it('a visit gets a call the same evening, asking why when nothing was bought; a deal a congratulation that day; the grade’s cadence as before', async () => {
    const browsing = await newLead(ann, '2026-10-12T09:00:00+08:00');
    const buying = await newLead(ann, '2026-10-12T09:00:00+08:00');
    for (const leadId of [browsing, buying]) {
      await call(ann, leadId, '2026-10-12T09:30:00+08:00', 'appointment_set');
      await grade(ann, leadId, 'A', '2026-10-12T09:35:00+08:00'); // A: every 3 days, due Thursday the 15th
    }
    const visits: string[] = [];
    for (const leadId of [browsing, buying]) {
      const body = desk.visitBody(ann, leadId, { scheduledAt: '2026-10-14T14:00:00+08:00' });
      await at('2026-10-12T09:40:00+08:00', async () => created(await desk.post('/visits', body, ann.auth), leadId));
      visits.push(body.visitId as string);
    }
    await at('2026-10-14T16:00:00+08:00', async () => {
      created(await desk.post(`/visits/${visits[0]}/complete`, {}, ann.auth), browsing);
      created(await desk.post(`/visits/${visits[1]}/complete`, {}, ann.auth), buying);
    });
    const deal = desk.dealBody(sam, buying, { closedAt: '2026-10-14T15:00:00+08:00', amountFen: 1_200_000_00 });
    await at('2026-10-14T16:05:00+08:00', async () => created(await desk.post('/deals', deal, sam.auth), buying));

    const evening = [
      { leadId: browsing, kind: 'after_visit', dueAt: '2026-10-14T21:00:00+08:00', askWhyNotBought: true },
      { leadId: buying, kind: 'after_visit', dueAt: '2026-10-14T21:00:00+08:00', askWhyNotBought: false },
      { leadId: buying, kind: 'congratulate', dueAt: '2026-10-14T21:00:00+08:00' },
    ].sort((a, b) => (a.leadId < b.leadId ? -1 : a.leadId > b.leadId ? 1 : 0));
    expect(await followUps(ann, '2026-10-14', '2026-10-14T17:00:00+08:00')).toEqual({ due: evening.map((d) => ({ ...d, overdue: false })), overdue: [] });
    expect(await followUps(ann, '2026-10-14', '2026-10-14T21:30:00+08:00')).toEqual({ due: evening.map((d) => ({ ...d, overdue: true })), overdue: [] });
    // Her supervisor sees the same duties; another team's may not (403).
    expect(await followUps(ann, '2026-10-14', '2026-10-14T21:30:00+08:00', desk.supervisorOf('t1'))).toEqual({
      due: evening.map((d) => ({ ...d, overdue: true })),
      overdue: [],
    });
    const other = await desk.http.get('/api/follow-ups').query({ agentId: ann.agentId, date: '2026-10-14' }).set('Authorization', desk.supervisorOf('t2'));
    expectRefused(other, 403, 'AUTH.OTHER_TEAM');

    // Thursday: the browsing lead, not called since the 12th, is due by its A cadence; the buyer is won and has none.
    expect(await followUps(ann, '2026-10-15', '2026-10-15T09:00:00+08:00')).toEqual({
      due: [{ leadId: browsing, kind: 'cadence', dueAt: '2026-10-15T18:00:00+08:00', overdue: false }],
      overdue: evening.map((d) => ({ ...d, overdue: true })),
    });
    // One call after the visit and the deal does both; the browsing lead's call that evening moves its cadence to the 17th.
    await call(ann, browsing, '2026-10-14T21:40:00+08:00', 'interested');
    await call(ann, buying, '2026-10-14T21:50:00+08:00', 'connected');
    expect(await followUps(ann, '2026-10-15', '2026-10-15T09:00:00+08:00')).toEqual({ due: [], overdue: [] });
    expect(await followUps(ann, '2026-10-17', '2026-10-17T19:00:00+08:00')).toEqual({
      due: [{ leadId: browsing, kind: 'cadence', dueAt: '2026-10-17T18:00:00+08:00', overdue: true }],
      overdue: [],
    });
  });
});

describe('a plan of its own categories: the real-estate handbook’s eight instead of A–D', () => {
  it('registers, categorises and lists follow-ups by the plan’s own cadences and duty times', async () => {
    const keen = await newLead(rae, '2026-10-12T09:00:00+08:00');
    const waiting = await newLead(rae, '2026-10-12T09:00:00+08:00');
    const deadNumber = await newLead(rae, '2026-10-12T09:00:00+08:00');
    // The plan's new-lead duty is by 17:30.
    expect(await followUps(rae, '2026-10-12', '2026-10-12T09:05:00+08:00')).toEqual({
      due: [keen, waiting, deadNumber].sort().map((leadId) => ({ leadId, kind: 'new_lead', dueAt: '2026-10-12T17:30:00+08:00', overdue: false })),
      overdue: [],
    });
    await call(rae, keen, '2026-10-12T10:00:00+08:00', 'interested');
    await grade(rae, keen, '重点客户', '2026-10-12T10:05:00+08:00'); // 3 days, then 7: due the 15th
    await call(rae, waiting, '2026-10-12T10:10:00+08:00', 'connected');
    await grade(rae, waiting, '暂时观望', '2026-10-12T10:15:00+08:00'); // 15 days: due the 27th
    await call(rae, deadNumber, '2026-10-12T10:20:00+08:00', 'invalid_number');
    await grade(rae, deadNumber, '无效号码', '2026-10-12T10:25:00+08:00'); // no follow-up

    const pipeline = await desk.http.get('/api/pipeline').query({ ownerId: rae.agentId, minPosition: position }).set('Authorization', rae.auth);
    expect(pipeline.status).toBe(200);
    const dueOf = Object.fromEntries(pipeline.body.items.map((i: Body) => [i.leadId, [i.grade, i.nextFollowUpDue]]));
    expect(dueOf).toEqual({ [keen]: ['重点客户', '2026-10-15'], [waiting]: ['暂时观望', '2026-10-27'], [deadNumber]: ['无效号码', null] });
    expect(pipeline.body.counts.byGrade).toEqual({ A: 0, B: 0, C: 0, D: 0, 重点客户: 1, 暂时观望: 1, 无效号码: 1, ungraded: 0 });

    expect(await followUps(rae, '2026-10-15', '2026-10-15T18:00:00+08:00')).toEqual({
      due: [{ leadId: keen, kind: 'cadence', dueAt: '2026-10-15T17:30:00+08:00', overdue: true }],
      overdue: [],
    });
    // 「3日跟访7日跟访」: after the third-day call, the next is seven days on.
    await call(rae, keen, '2026-10-15T11:00:00+08:00', 'interested');
    expect(await followUps(rae, '2026-10-22', '2026-10-22T09:00:00+08:00')).toEqual({
      due: [{ leadId: keen, kind: 'cadence', dueAt: '2026-10-22T17:30:00+08:00', overdue: false }],
      overdue: [],
    });
    expect(await followUps(rae, '2026-10-27', '2026-10-27T09:00:00+08:00')).toEqual({
      due: [{ leadId: waiting, kind: 'cadence', dueAt: '2026-10-27T17:30:00+08:00', overdue: false }],
      overdue: [{ leadId: keen, kind: 'cadence', dueAt: '2026-10-22T17:30:00+08:00', overdue: true }],
    });
  });

  it('refuses a category the plan in force does not declare (422 naming the rule) and a malformed one (400), writing nothing', async () => {
    const { leadId: theirs } = await desk.registerLead();
    await desk.assign(theirs, rae);
    const unknown = await desk.refusedWithNothingAppended(() => desk.post(`/leads/${theirs}/grade`, { grade: 'A' }, rae.auth));
    expect(expectRefused(unknown, 422, 'LEAD.UNKNOWN_CATEGORY').message).toContain('plan realestate version 1');
    expect(unknown.body.details).toMatchObject({ field: 'grade', planId: 'realestate', planVersion: 1 });
    expect([...unknown.body.details.categories].sort()).toEqual(Object.keys(EIGHT_CATEGORIES).sort());

    const { leadId: handbooks } = await desk.registerLead();
    await desk.assign(handbooks, ann);
    const foreign = await desk.refusedWithNothingAppended(() => desk.post(`/leads/${handbooks}/grade`, { grade: '意向客户' }, ann.auth));
    expect(expectRefused(foreign, 422, 'LEAD.UNKNOWN_CATEGORY').message).toContain('plan standard version 1: A, B, C, D');

    for (const grade of [42, '', ' 意向客户', 'x'.repeat(41), null]) {
      expectInvalidField(await desk.refusedWithNothingAppended(() => desk.post(`/leads/${theirs}/grade`, { grade }, rae.auth)), 'grade');
    }
  });

  it('refuses a plan whose categories or duty times are malformed (400 naming the field)', async () => {
    const plan = planBody({ planId: 'broken', version: 1 });
    for (const [path, value, field] of [
      ['followUpDays', {}, 'followUpDays'],
      ['followUpDays', { 意向客户: -1 }, 'followUpDays'],
      ['followUpDays', { 意向客户: [3, 'seven'] }, 'followUpDays'],
      ['followUpDays', [3, 7], 'followUpDays'],
      ['followUpDuties', { newLead: { days: 0, by: '25:00' }, afterVisit: null, congratulate: null, cadenceBy: '18:00' }, 'followUpDuties.newLead.by'],
      ['followUpDuties', { newLead: null, afterVisit: null, congratulate: null }, 'followUpDuties.cadenceBy'],
    ] as const) {
      expectInvalidField(await desk.refusedWithNothingAppended(() => desk.post('/plans', withPath(plan, path, value), desk.payroll)), field);
    }
  });
});
