import { type Desk, expectCreated, expectInvalidField, expectRefused, planBody, type Person, startDesk } from '../support/telesales';

/**
 * Payroll over HTTP for a clerk with a spreadsheet: `GET /api/payroll/:month` with
 * `Accept: text/csv`, and `minPosition` on every payroll query (API.md "Read-your-writes", and its
 * "Settled by the first release": the replay included).
 *
 * The plan `sheet` is the handbook's (base 1,500.00 once out of probation, 2.00 per effective call
 * above target, 100.00 for the most effective calls) with a target of 1 dial and 0 effective calls a
 * day over 22 working days, and allowances of 300.00 (transport) and 100.00 (communication).
 */
const NOVEMBER_20 = '2026-11-20T10:00:00+08:00';
const SHEET = planBody({
  planId: 'sheet',
  dailyTargets: { dials: 1, effectiveCalls: 0, talkMinutes: null },
  allowancesFen: { transport: 300_00, communication: 100_00 },
});

/** The CSV's rows as objects keyed by the header's column names. */
function parseCsv(text: string): Record<string, string>[] {
  const [header, ...rows] = text
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');
  const columns = header.split(',');
  return rows.map((row) => Object.fromEntries(row.split(',').map((cell, i) => [columns[i], cell])));
}

describe('payroll as a spreadsheet, and minPosition on every payroll query', () => {
  let desk: Desk;
  let fang: Person;
  let qiang: Person;
  let closedAt: string;

  beforeAll(async () => {
    // October has ended and November has not, whatever TEST_NOW says.
    desk = await startDesk(undefined, { now: NOVEMBER_20 });
    expectCreated(await desk.post('/plans', SHEET, desk.payroll), 'plan-sheet');
    fang = await desk.hire({ planId: 'sheet', name: '王芳', hiredOn: '2026-01-05' });
    qiang = await desk.hire({ planId: 'sheet', name: '李强', hiredOn: '2026-01-05' });
    const { leadId } = await desk.registerLead();
    await desk.assign(leadId, fang);
    await desk.logCall(fang, leadId, { outcome: 'appointment_set', startedAt: '2026-10-12T10:00:00+08:00' });
    await desk.logCall(fang, leadId, { outcome: 'appointment_set', startedAt: '2026-10-13T10:00:00+08:00' });
    closedAt = expectCreated(await desk.post('/payroll/2026-10/close', undefined, desk.payroll), 'paymonth-2026-10').position;
  }, 240_000);
  afterAll(() => desk?.app.close());

  const csv = (month: string, query: Record<string, string> = {}, auth = desk.payroll) =>
    desk.http
      .get(`/api/payroll/${month}`)
      .query(query)
      .set('authorization', auth)
      .set('accept', 'text/csv')
      .buffer(true)
      // The CSV's bytes as they came, BOM included.
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });

  it('answers UTF-8 with a byte order mark, one row per person with their Chinese name, one column per kind of line, in yuan', async () => {
    const res = await csv('2026-10', { minPosition: closedAt });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="payroll-2026-10.csv"');
    const bytes: Buffer = res.body;
    // EF BB BF: what makes Excel read the file as UTF-8.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    const header = text.slice(1).split('\r\n')[0].split(',');
    expect(header.slice(0, 3)).toEqual(['agentId', 'name', 'month']);
    expect(header).toEqual(expect.arrayContaining(['base_yuan', 'shortfall_deduction_yuan', 'allowance_transport_yuan', 'prior_period_adjustment_yuan']));
    expect(header[header.length - 1]).toBe('total_yuan');
    expect(header.filter((c) => c.endsWith('_yuan'))).toHaveLength(new Set(header).size - 3);

    const rows = parseCsv(text);
    expect(rows.map((r) => [r.agentId, r.name, r.month])).toEqual(
      [
        [fang.agentId, '王芳', '2026-10'],
        [qiang.agentId, '李强', '2026-10'],
      ].sort((a, b) => (a[0] < b[0] ? -1 : 1)),
    );
    const byPerson = new Map(rows.map((r) => [r.agentId, r]));
    // 王芳: base 1,500.00; 2 dials of 22 (1 a day × 22 days): 1,500.00 × 20/22 = 1,363.6363… → 1,363.64
    // deducted; 2 effective calls over a target of 0: 2 × 2.00; the most effective calls: 100.00;
    // allowances 300.00 + 100.00. Total 1,500.00 − 1,363.64 + 4.00 + 100.00 + 400.00 = 640.36.
    expect(byPerson.get(fang.agentId)).toMatchObject({
      base_yuan: '1500.00',
      shortfall_deduction_yuan: '-1363.64',
      effective_call_bonus_yuan: '4.00',
      award_top_effective_calls_yuan: '100.00',
      award_top_deals_yuan: '0.00',
      allowance_transport_yuan: '300.00',
      allowance_communication_yuan: '100.00',
      prior_period_adjustment_yuan: '0.00',
      total_yuan: '640.36',
    });
    // 李强: no dial at all, the whole base deducted (cap 100 %); the allowances remain: 400.00.
    expect(byPerson.get(qiang.agentId)).toMatchObject({
      base_yuan: '1500.00',
      shortfall_deduction_yuan: '-1500.00',
      effective_call_bonus_yuan: '0.00',
      allowance_transport_yuan: '300.00',
      allowance_communication_yuan: '100.00',
      total_yuan: '400.00',
    });
  });

  it('gives the same figures as the JSON answer, fen for yuan, and JSON stays the default', async () => {
    const json = await desk.http.get('/api/payroll/2026-10').set('authorization', desk.payroll);
    expect(json.status).toBe(200);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    const rows = parseCsv((await csv('2026-10')).body.toString('utf8'));
    const totals = Object.fromEntries(rows.map((r) => [r.agentId, r.total_yuan]));
    expect(totals).toEqual(
      Object.fromEntries(
        json.body.statements.map((s: { agentId: string; totalFen: number }) => [
          s.agentId,
          `${Math.trunc(s.totalFen / 100)}.${String(s.totalFen % 100).padStart(2, '0')}`,
        ]),
      ),
    );
    expect(json.body.totalFen).toBe(640_36 + 400_00);
  });

  it('is for payroll and directors only, and checks the month and minPosition like the JSON answer', async () => {
    expect((await csv('2026-10', {}, desk.director)).status).toBe(200);
    expectRefused(await desk.http.get('/api/payroll/2026-10').set('authorization', fang.auth).set('accept', 'text/csv'), 403, 'AUTH.ROLE_NOT_ALLOWED');
    expectInvalidField(await desk.http.get('/api/payroll/2026-13').set('authorization', desk.payroll).set('accept', 'text/csv'), 'month');
    expectInvalidField(
      await desk.http.get('/api/payroll/2026-10').query({ minPosition: 'soon' }).set('authorization', desk.payroll).set('accept', 'text/csv'),
      'minPosition',
    );
  });

  it('takes minPosition on every payroll query: the replay, the manifest, the statements and the commissions', async () => {
    const head = (await desk.settledHead()).toString();
    const replay = await desk.http.post('/api/payroll/2026-10/replay').query({ asOf: 'issued', minPosition: head }).set('authorization', desk.payroll);
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ month: '2026-10', asOf: 'issued', diff: [] });
    const manifest = await desk.http.get('/api/payroll/2026-10/manifest').query({ minPosition: head }).set('authorization', desk.payroll);
    expect(manifest.status).toBe(200);
    expect((await desk.http.get('/api/payroll/2026-10').query({ minPosition: head }).set('authorization', desk.payroll)).status).toBe(200);
    expect((await desk.http.get(`/api/commissions/${fang.agentId}/2026-10`).query({ minPosition: head }).set('authorization', fang.auth)).status).toBe(200);
    expectInvalidField(await desk.http.post('/api/payroll/2026-10/replay').query({ minPosition: '-1' }).set('authorization', desk.payroll), 'minPosition');
    expectInvalidField(await desk.http.get('/api/payroll/2026-10/manifest').query({ minPosition: 'x' }).set('authorization', desk.payroll), 'minPosition');
  });

  it('answers 503 with Retry-After when the read models have not reached minPosition within 5 s', async () => {
    const beyond = ((await desk.settledHead()) + 1_000_000_000n).toString();
    const res = await desk.http.post('/api/payroll/2026-10/replay').query({ minPosition: beyond }).set('authorization', desk.payroll);
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
  }, 20_000);
});
