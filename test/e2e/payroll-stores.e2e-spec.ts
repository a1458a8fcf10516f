import { type Desk, expectCreated, planBody, startDesk } from '../support/telesales';
import { postgresUrlOrSkip } from '../support/postgres';

/**
 * The same month written with the same ids to the embedded store and to PostgreSQL gives the same
 * bytes from every pay answer: the issued statements, and the replays as issued and as of now.
 * Event ids are derived from command ids and payloads, so nothing store-specific reaches a line.
 */
const url = postgresUrlOrSkip('payroll on embedded and PostgreSQL, byte for byte');

/** A small month: two agents, a specialist, calls, a deal on a lead the agent provided, a late reclassification. */
async function writeMonth(desk: Desk): Promise<{ closed: string[]; replays: string[] }> {
  expectCreated(
    await desk.post('/plans', planBody({ planId: 'same', dailyTargets: { dials: 2, effectiveCalls: 1, talkMinutes: null } }), desk.payroll),
    'plan-same',
  );
  const hire = async (agentId: string, role: 'agent' | 'specialist') =>
    expectCreated(
      await desk.post('/agents', { agentId, name: agentId, role, teamId: 'tx', hiredOn: '2026-10-15', planId: 'same' }, desk.hr),
      `agent-${agentId}`,
    );
  await hire('xa1', 'agent');
  await hire('xa2', 'agent');
  await hire('xs1', 'specialist');
  const bearer = (sub: string, role: string) => desk.bearer(sub, [role], 'tx');
  expectCreated(await desk.post('/leads', { leadId: 'xl1', phone: '13900000001', source: 'agent', providedBy: 'xa1' }, desk.manager), 'lead-xl1');
  expectCreated(await desk.post('/leads/xl1/assign', { agentId: 'xa1' }, desk.manager), 'lead-xl1');
  const call = (callId: string, agentId: string, outcome: string, startedAt: string) =>
    desk.post('/calls', { callId, leadId: 'xl1', agentId, startedAt, durationSeconds: 60, outcome }, bearer(agentId, 'agent'));
  expectCreated(await call('xc1', 'xa1', 'appointment_set', '2026-10-20T10:00:00+08:00'), 'lead-xl1');
  expectCreated(await call('xc2', 'xa1', 'connected', '2026-10-21T23:30:00+08:00'), 'lead-xl1');
  expectCreated(await call('xc3', 'xa2', 'appointment_set', '2026-10-22T09:00:00+08:00'), 'lead-xl1');
  expectCreated(
    await desk.post(
      '/deals',
      { dealId: 'xd1', leadId: 'xl1', closedBy: 'xs1', amountFen: 98_765_43, commissionBaseFen: 12_345_67, closedAt: '2026-10-30T15:00:00+08:00' },
      bearer('xs1', 'specialist'),
    ),
    'lead-xl1',
  );
  const head = (await desk.settledHead()).toString();
  await desk.http.get('/api/payroll/2026-10').query({ minPosition: head }).set('authorization', desk.payroll);
  const close = await desk.post('/payroll/2026-10/close', undefined, desk.payroll);
  expectCreated(close, 'paymonth-2026-10');
  const issued = await desk.http.get('/api/payroll/2026-10').query({ minPosition: close.body.position }).set('authorization', desk.payroll);
  // ReclassifyCall names no id of its own: the Idempotency-Key makes its command id, and so its event id, the same on both.
  const qa = await desk.post('/calls/xc2/reclassify', { outcome: 'appointment_set', reason: 'QA' }, desk.supervisorOf('tx'), { 'Idempotency-Key': 'qa-xc2' });
  expectCreated(qa, 'lead-xl1');
  const replay = (asOf: string) => desk.http.post('/api/payroll/2026-10/replay').query({ asOf }).set('authorization', desk.payroll);
  const [asIssued, asOfNow] = [await replay('issued'), await replay('now')];
  expect(JSON.parse(asOfNow.text).diff).toHaveLength(1);
  return { closed: [JSON.stringify(issued.body.statements)], replays: [asIssued.text, asOfNow.text] };
}

(url ? describe : describe.skip)('payroll on the embedded store and on PostgreSQL', () => {
  it('gives byte-identical statements and replays on both', async () => {
    const answers = [];
    for (const on of ['pglite', 'postgres'] as const) {
      const desk = await startDesk(on);
      try {
        answers.push(await writeMonth(desk));
      } finally {
        await desk.app.close();
      }
    }
    const [embedded, postgres] = answers;
    expect(JSON.parse(embedded.closed[0])).toHaveLength(3);
    expect(postgres.closed).toEqual(embedded.closed);
    expect(postgres.replays).toEqual(embedded.replays);
    expect(JSON.parse(embedded.replays[0]).statements).toEqual(JSON.parse(embedded.closed[0]));
  }, 120_000);
});
