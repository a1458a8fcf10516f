import { appraisalAt, atTime, type Desk, expectCreated, expectRefused, type Person, readAppraisal, startDesk } from '../support/telesales';

/**
 * Specialists are appraised too, on their own figures (issue 12, point 4; DOMAIN.md "Monthly pay
 * of a specialist": 100 new, non-duplicate numbers a week, 15 % of each deal they close, no dial
 * quota). The handbook plan weighs dials, effective calls, deals, ability and attitude 20 each; for
 * a specialist the two call items weigh 0 and their 40 go to the numbers registered.
 *
 * October 2026, hand-priced:
 * - Sam (hired 2026-01-05) registered 31 new numbers in October (one on 30 September and two in
 *   November do not count); target 100 × 31 days ÷ 7 = 442.86 → 443. He closed 3 deals, one of
 *   them cancelled: 2. Sue (hired 2026-10-16) closed 4: the most any specialist closed. Ann, an
 *   agent, owns 5 closed by her supervisor: an agent's deals are not the specialists' benchmark.
 * - Sam's items: numbers 100 × 31 / 443 = 6.9977 → 7.00; deals 100 × 2 / 4 = 50; ability 80,
 *   attitude 90 (the supervisor's). Score = (40 × 6.99774 + 20 × 50 + 20 × 80 + 20 × 90) / 100
 *   = 46.799 → 46.80, band D (below C's 60).
 * - Sue: target 100 × 16 days (16th–31st) ÷ 7 = 228.57 → 229, no numbers: 0; deals 4 / 4 = 100.
 *   Score = (0 + 20 × 100 + 20 × 80 + 20 × 90) / 100 = 54.00, band D.
 * The desk's clock stands in November 2026 (the month has ended), whatever the machine's date.
 */
let desk: Desk;
let sam: Person;
let sue: Person;
let ann: Person;

beforeAll(async () => {
  desk = await startDesk(undefined, { now: '2026-11-05T10:00:00+08:00' });
  sam = await desk.hire({ name: 'Sam', role: 'specialist', teamId: 't1', hiredOn: '2026-01-05' });
  sue = await desk.hire({ name: 'Sue', role: 'specialist', teamId: 't1', hiredOn: '2026-10-16' });
  ann = await desk.hire({ name: 'Ann', role: 'agent', teamId: 't1', hiredOn: '2026-01-05' });

  const registerAs = (who: Person, at: string) => atTime(desk, at, () => desk.registerLead({ source: 'specialist', providedBy: who.agentId }, who.auth));
  await registerAs(sam, '2026-09-30T23:30:00+08:00');
  for (let i = 0; i < 31; i++) await registerAs(sam, `2026-10-${String(1 + i).padStart(2, '0')}T11:00:00+08:00`);
  await registerAs(sam, '2026-11-01T09:00:00+08:00');
  await registerAs(sam, '2026-11-02T09:00:00+08:00');

  const deal = async (closer: Person, closedAt: string) => {
    const { leadId } = await desk.registerLead();
    return desk.closeDeal(closer, leadId, { closedAt, amountFen: 1_000_000_00 });
  };
  await deal(sam, '2026-10-21T15:00:00+08:00');
  await deal(sam, '2026-10-22T15:00:00+08:00');
  const cancelled = await deal(sam, '2026-10-23T15:00:00+08:00');
  expectCreated(
    await desk.post(`/deals/${cancelled.dealId}/cancel`, { reason: 'refund', cancelledAt: '2026-10-25T10:00:00+08:00' }, desk.supervisorOf('t1')),
    `lead-${cancelled.leadId}`,
  );
  for (const day of ['20', '21', '22', '23']) await deal(sue, `2026-10-${day}T16:00:00+08:00`);
  for (const day of ['12', '13', '14', '15', '16']) {
    const { leadId } = await desk.registerLead();
    await desk.assign(leadId, ann);
    const body = desk.dealBody(ann, leadId, { closedAt: `2026-10-${day}T16:00:00+08:00` });
    expectCreated(await desk.post('/deals', body, desk.supervisorOf('t1')), `lead-${leadId}`);
  }
});

afterAll(async () => {
  await desk.app.close();
});

async function finalizedAppraisalOf(person: Person) {
  const { appraisalId } = await appraisalAt(desk, person, 'finalized', { period: '2026-10' });
  const res = await readAppraisal(desk, appraisalId, desk.hr);
  expect(res.status).toBe(200);
  return { appraisalId, body: res.body };
}

describe('appraising a specialist — POST /api/appraisals for a specialist, then finalize', () => {
  it("Sam's October: 31 of 443 numbers, 2 of 4 deals, ability 80, attitude 90 → 46.80, band D", async () => {
    const { appraisalId, body } = await finalizedAppraisalOf(sam);

    expect(body).toMatchObject({ agentId: sam.agentId, role: 'specialist', period: '2026-10', state: 'finalized' });
    expect(body.figures).toEqual({
      dials: 0,
      effectiveCalls: 0,
      deals: 2,
      registeredNumbers: 31,
      targets: { dials: 0, effectiveCalls: 0, registeredNumbers: 443 },
    });
    expect(body.finalized.mostDealsInPeriod).toBe(4);
    expect(body.finalized.rules.weights).toEqual({ dials: 0, effectiveCalls: 0, deals: 20, ability: 20, attitude: 20, registeredNumbers: 40 });
    expect(body.items).toEqual({ dials: 100, effectiveCalls: 100, deals: 50, ability: 80, attitude: 90, registeredNumbers: 7 });
    expect([body.score, body.band]).toEqual([46.8, 'D']);

    const opened = (await desk.events(`appraisal-${appraisalId}`)).find((e) => e.type === 'AppraisalOpened')!;
    expect(opened.data).toMatchObject({ agentId: sam.agentId, role: 'specialist' });
    const evidence = await readAppraisal(desk, appraisalId, desk.hr, {}, '/evidence');
    expect(evidence.status).toBe(200);
  });

  it('Sue, hired on 16 October: a target of 229 numbers (16 days), none registered; the most deals (4 of 4) → 54.00, band D', async () => {
    const { body } = await finalizedAppraisalOf(sue);
    expect(body.figures).toEqual({
      dials: 0,
      effectiveCalls: 0,
      deals: 4,
      registeredNumbers: 0,
      targets: { dials: 0, effectiveCalls: 0, registeredNumbers: 229 },
    });
    expect(body.items).toEqual({ dials: 100, effectiveCalls: 100, deals: 100, ability: 80, attitude: 90, registeredNumbers: 0 });
    expect([body.score, body.band]).toEqual([54, 'D']);
  });

  it('the appraised specialist reads their own appraisal and appeals it after feedback, as an agent does', async () => {
    const { appraisalId } = await appraisalAt(desk, sam, 'scored', { period: '2026-10' });
    const at = (instant: string, path: string, body: unknown, auth: string) =>
      atTime(desk, instant, () => desk.post(`/appraisals/${appraisalId}${path}`, body, auth));
    expectCreated(await at('2026-11-06T09:00:00+08:00', '/finalize', undefined, desk.hr), `appraisal-${appraisalId}`);
    expectCreated(
      await at('2026-11-06T10:00:00+08:00', '/feedback', { givenAt: '2026-11-06T10:00:00+08:00' }, desk.supervisorOf('t1')),
      `appraisal-${appraisalId}`,
    );
    const claims = [{ text: 'two numbers I brought in on 31 October are missing', eventIds: [] }];
    expectCreated(await at('2026-11-06T11:00:00+08:00', '/appeals', { appealId: `appeal-${appraisalId}`, claims }, sam.auth), `appraisal-${appraisalId}`);
    const own = await readAppraisal(desk, appraisalId, sam.auth);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ agentId: sam.agentId, role: 'specialist', state: 'under_appeal' });
    expectRefused(await readAppraisal(desk, appraisalId, sue.auth), 403, 'AUTH.NOT_SELF');
  });

  it("an agent's appraisal is as before: no numbers item, role agent, the plan's own weights", async () => {
    const { body } = await finalizedAppraisalOf(ann);
    expect(body.role).toBe('agent');
    expect(body.figures).not.toHaveProperty('registeredNumbers');
    expect(body.items).not.toHaveProperty('registeredNumbers');
    expect(body.finalized.rules.weights).toEqual({ dials: 20, effectiveCalls: 20, deals: 20, ability: 20, attitude: 20 });
    // Ann owns the 5 deals her supervisor closed: the most any agent has.
    expect([body.figures.deals, body.finalized.mostDealsInPeriod]).toEqual([5, 5]);
  });
});
