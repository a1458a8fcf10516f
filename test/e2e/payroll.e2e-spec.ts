import { statementsCsv } from '../../apps/worker/src/cli/payroll';
import { type Desk, expectCreated, expectInvalidField, expectRefused, planBody, type Person, startDesk } from '../support/telesales';

/**
 * Pay through HTTP: a month of calls, closed; a call in it reclassified after the close; the
 * replays as issued and as of now; the prior-period line in the next month's ledger.
 *
 * The plan `lean` has the handbook's base and rates but a target of one dial and no effective
 * calls a day, so that every effective call earns the 2.00 bonus and a single reclassification
 * moves pay by exactly 2.00.
 */
const NOVEMBER_20 = '2026-11-20T10:00:00+08:00';
const LEAN = planBody({ planId: 'lean', dailyTargets: { dials: 1, effectiveCalls: 0, talkMinutes: null } });

describe('closing a pay month and replaying it', () => {
  let desk: Desk;
  let agent: Person;
  let quiet: Person;
  let calls: { effective: string; connected: string };
  let closed: { streamId: string; revision: number; position: string };

  beforeAll(async () => {
    // October has ended and November has not: the closes below depend on it, whatever TEST_NOW says.
    desk = await startDesk(undefined, { now: NOVEMBER_20 });
    expectCreated(await desk.post('/plans', LEAN, desk.payroll), 'plan-lean');
    agent = await desk.hire({ planId: 'lean', hiredOn: '2026-01-05' });
    quiet = await desk.hire({ planId: 'lean', hiredOn: '2026-01-05' });
    const { leadId } = await desk.registerLead();
    await desk.assign(leadId, agent);
    const effective = await desk.logCall(agent, leadId, { outcome: 'appointment_set', startedAt: '2026-10-12T10:00:00+08:00' });
    const connected = await desk.logCall(agent, leadId, { outcome: 'connected', startedAt: '2026-10-12T10:30:00+08:00' });
    await desk.logCall(agent, leadId, { outcome: 'no_answer', startedAt: '2026-10-13T09:00:00+08:00' });
    calls = { effective: effective.callId as string, connected: connected.callId as string };
  }, 60_000);
  afterAll(() => desk.app.close());

  const statementOf = (statements: { agentId: string }[], agentId: string) => statements.find((s) => s.agentId === agentId);
  const closeOctober = () => desk.post('/payroll/2026-10/close', undefined, desk.payroll);

  it('shows the open month to date in the ledger, priced by the engine', async () => {
    const head = await desk.settledHead();
    const res = await desk.http.get(`/api/commissions/${agent.agentId}/2026-10`).query({ minPosition: head.toString() }).set('authorization', agent.auth);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ agentId: agent.agentId, month: '2026-10', state: 'open' });
    const byKind = Object.fromEntries(res.body.lines.map((l: { kind: string; amountFen: number }) => [l.kind, l.amountFen]));
    // Base 1,500.00; 3 dials of 22 target: 1,500.00 × 19/22 = 1,295.4545… → 1,295.45 deducted;
    // one effective call over a target of 0: 2.00; the most effective calls in the department: 100.00.
    expect(byKind).toEqual({ base: 150000, shortfall_deduction: -129545, effective_call_bonus: 200, award_top_effective_calls: 10000 });
    expect(res.body.totalFen).toBe(150000 - 129545 + 200 + 10000);
  });

  it('closes the month once it has ended and the ledger has caught up, and a second close answers the first', async () => {
    const res = await closeOctober();
    closed = expectCreated(res, 'paymonth-2026-10');
    const again = await closeOctober();
    expect(again.status).toBe(200);
    expect(again.body).toEqual(closed);
    expect(await desk.eventTypes('paymonth-2026-10')).toEqual(['PayStatementIssued', 'PayStatementIssued', 'PayMonthClosed']);
    const month = await desk.http.get('/api/payroll/2026-10').query({ minPosition: closed.position }).set('authorization', desk.payroll);
    expect(month.body).toMatchObject({ month: '2026-10', state: 'closed', upToPosition: expect.stringMatching(/^\d+$/) });
    expect(BigInt(month.body.upToPosition)).toBeLessThan(BigInt(closed.position));
    expect(statementOf(month.body.statements, agent.agentId)).toMatchObject({ totalFen: 150000 - 129545 + 200 + 10000 });
  });

  it('refuses to close a month that has not ended, or out of order, with the rule named', async () => {
    const november = expectRefused(await desk.post('/payroll/2026-11/close', undefined, desk.payroll), 422, 'PAY.MONTH_NOT_ENDED');
    expect(november.message).toContain('2026-12-01T00:00:00+08:00');
    expectRefused(await desk.post('/payroll/2026-09/close', undefined, desk.payroll), 422, 'PAY.MONTH_ORDER');
    expectInvalidField(await desk.post('/payroll/2026-13/close', undefined, desk.payroll), 'month');
    expectRefused(await desk.post('/payroll/2026-10/close', undefined, desk.director), 403, 'AUTH.ROLE_NOT_ALLOWED');
  });

  it('after a reclassification: replay as issued equals the issued statements byte for byte, as of now it differs by exactly that call, and November owes the difference', async () => {
    const issued = (await desk.http.get('/api/payroll/2026-10').set('authorization', desk.payroll)).body.statements;
    const fixed = await desk.post(
      `/calls/${calls.connected}/reclassify`,
      { outcome: 'appointment_set', reason: 'QA: the client agreed to visit' },
      desk.supervisorOf('t1'),
    );
    const reclassified = expectCreated(fixed, fixed.body.streamId);
    const reclassification = (await desk.events(reclassified.streamId)).find((e) => e.revision === reclassified.revision)!;
    expect(reclassification.type).toBe('CallReclassified');

    const asIssued = await desk.http.post('/api/payroll/2026-10/replay').query({ asOf: 'issued' }).set('authorization', desk.payroll);
    expect(asIssued.status).toBe(200);
    expect(JSON.stringify(asIssued.body.statements)).toBe(JSON.stringify(issued));
    expect(asIssued.body.diff).toEqual([]);

    const asOfNow = await desk.http.post('/api/payroll/2026-10/replay').query({ asOf: 'now' }).set('authorization', desk.payroll);
    expect(asOfNow.body.diff).toEqual([
      { agentId: agent.agentId, deltaFen: 200, lines: [{ lineId: `2026-10:${agent.agentId}:effective_call_bonus`, issuedFen: 200, nowFen: 400 }] },
    ]);

    const november = await desk.http
      .get(`/api/commissions/${agent.agentId}/2026-11`)
      .query({ minPosition: reclassified.position })
      .set('authorization', agent.auth);
    const adjustments = november.body.lines.filter((l: { kind: string }) => l.kind === 'prior_period_adjustment');
    expect(adjustments).toEqual([
      expect.objectContaining({
        lineId: `2026-11:${agent.agentId}:adjustment:2026-10:${agent.agentId}:effective_call_bonus`,
        correctsLineId: `2026-10:${agent.agentId}:effective_call_bonus`,
        amountFen: 200,
        sourceEventIds: [reclassification.metadata.eventId],
        planId: 'lean',
        planVersion: 1,
      }),
    ]);
  });

  it('replays the same month to the same bytes every time, and a what-if version changes nothing stored', async () => {
    const first = await desk.http.post('/api/payroll/2026-10/replay').query({ asOf: 'now' }).set('authorization', desk.payroll);
    const second = await desk.http.post('/api/payroll/2026-10/replay').query({ asOf: 'now' }).set('authorization', desk.payroll);
    expect(second.text).toBe(first.text);

    expectCreated(await desk.post('/plans', { ...LEAN, version: 2, effectiveFrom: '2027-01-01', effectiveCallBonusFen: 300 }, desk.payroll), 'plan-lean');
    const head = await desk.store.headPosition();
    const whatIf = await desk.http.post('/api/payroll/2026-10/replay').query({ asOf: 'now', planVersion: 2 }).set('authorization', desk.payroll);
    expect(whatIf.status).toBe(200);
    const bonus = statementOf(whatIf.body.statements, agent.agentId)!;
    // Two effective calls now, at 3.00 each under version 2.
    expect(
      (bonus as unknown as { lines: { kind: string; amountFen: number; planVersion: number }[] }).lines.find((l) => l.kind === 'effective_call_bonus'),
    ).toMatchObject({
      amountFen: 600,
      planVersion: 2,
    });
    expect(await desk.store.headPosition()).toBe(head);
    expectRefused(
      await desk.http.post('/api/payroll/2026-10/replay').query({ planVersion: 9 }).set('authorization', desk.payroll),
      422,
      'PAY.UNKNOWN_PLAN_VERSION',
    );
    expectInvalidField(await desk.http.post('/api/payroll/2026-10/replay').query({ asOf: 'yesterday' }).set('authorization', desk.payroll), 'asOf');
    expectRefused(
      await desk.http.post('/api/payroll/2026-11/replay').query({ asOf: 'issued' }).set('authorization', desk.payroll),
      422,
      'PAY.MONTH_NOT_CLOSED',
    );
  });

  it('shows an agent only their own commissions; payroll and directors see everyone', async () => {
    expectRefused(await desk.http.get(`/api/commissions/${agent.agentId}/2026-10`).set('authorization', quiet.auth), 403, 'AUTH.NOT_SELF');
    expect((await desk.http.get(`/api/commissions/${quiet.agentId}/2026-10`).set('authorization', quiet.auth)).status).toBe(200);
    expect((await desk.http.get(`/api/commissions/${agent.agentId}/2026-10`).set('authorization', desk.director)).status).toBe(200);
    expectRefused(await desk.http.get('/api/payroll/2026-10').set('authorization', desk.supervisorOf('t1')), 403, 'AUTH.ROLE_NOT_ALLOWED');
    expectRefused(await desk.http.post('/api/payroll/2026-10/replay').set('authorization', agent.auth), 403, 'AUTH.ROLE_NOT_ALLOWED');
  });

  it('exports the statements for payroll systems: one CSV row per person, one column per kind of line', async () => {
    const replay = await desk.http.post('/api/payroll/2026-10/replay').query({ asOf: 'issued' }).set('authorization', desk.payroll);
    const rows = statementsCsv(replay.body.statements).trimEnd().split('\n');
    expect(rows[0]).toBe(
      'agentId,month,base_fen,shortfall_deduction_fen,effective_call_bonus_fen,deal_commission_fen,specialist_commission_fen,' +
        'lead_fee_received_fen,lead_fee_paid_fen,award_top_effective_calls_fen,award_top_deals_fen,allowance_transport_fen,' +
        'allowance_communication_fen,prior_period_adjustment_fen,total_fen',
    );
    expect(rows.slice(1).sort()).toEqual(
      [`${agent.agentId},2026-10,150000,-129545,200,0,0,0,0,10000,0,0,0,0,30655`, `${quiet.agentId},2026-10,150000,-150000,0,0,0,0,0,0,0,0,0,0,0`].sort(),
    );
  });
});
