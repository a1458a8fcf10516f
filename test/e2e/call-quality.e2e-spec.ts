import { createHash, createHmac } from 'node:crypto';
import {
  atTime,
  type Body,
  type Desk,
  expectCreated,
  expectInvalidField,
  expectRefused,
  type Person,
  planBody,
  readAppraisal,
  startDesk,
  type StreamItem,
  uniqueId,
} from '../support/telesales';

/**
 * Call-quality sampling (「绩效考核小组随机抽查电话录音,考核通话质量」), through HTTP only, with the
 * clock at 5 November 2026. Plan `quality` asks 2 dials and 1 effective call a day over 10 working
 * days (20 dials, 10 effective calls in a month) and weighs dials 20, effective calls 20, deals 10,
 * ability 10, attitude 10 and call quality 30.
 *
 * In October the agent logs 12 calls, every one setting an appointment (one at 00:30 on 1 October,
 * still 30 September in UTC); a colleague logs 3, and the agent one more at 00:30 on 1 November
 * (31 October in UTC): neither is October's agent's. hr draws 4 of the 12; the reviewer scores them
 * 90, 80, 70 and 65 (305 points, a mean of 76.25) and reclassifies the first as merely connected.
 * The appraisal, ability 80 and attitude 90:
 *   dials 12/20 = 60; effective calls 11 of 10 = 100; deals: nobody closed one = 100;
 *   20 × 60 + 20 × 100 + 10 × 100 + 10 × 80 + 10 × 90 + 30 × 76.25 = 8187.5 hundredths → 81.88, band A.
 */
const QUALITY_PLAN = planBody({
  planId: 'quality',
  workingDaysPerMonth: 10,
  dailyTargets: { dials: 2, effectiveCalls: 1, talkMinutes: null },
  appraisal: {
    weights: { dials: 20, effectiveCalls: 20, deals: 10, ability: 10, attitude: 10, quality: 30 },
    bands: { S: 90, A: 80, B: 70, C: 60 },
  },
});
const NOW = '2026-11-05T10:00:00+08:00';
const SCORES = [90, 80, 70, 65];

/** The draw as README "Call quality" tells an auditor to redo it, written here without the service's code. */
function redraw(seed: string, population: string[], sampleSize: number): string[] {
  const rank = (callId: string) => createHmac('sha256', Buffer.from(seed, 'hex')).update(callId, 'utf8').digest('hex');
  return population
    .map((callId) => ({ callId, rank: rank(callId) }))
    .sort((a, b) => a.rank.localeCompare(b.rank) || (a.callId < b.callId ? -1 : 1))
    .slice(0, sampleSize)
    .map((r) => r.callId);
}

/** The local date of an instant in Asia/Shanghai (UTC+8, no daylight saving). */
const shanghaiDate = (instant: string) => new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().slice(0, 10);

describe('call-quality sampling: a draw nobody chooses, that anyone can redo', () => {
  let desk: Desk;
  let agent: Person;
  let colleague: Person;
  let octoberCalls: string[];
  let colleagueCalls: string[];
  let novemberCall: string;
  let leadId: string;
  let drawn: StreamItem;
  const draw = (body: Body, auth: string) => desk.post('/call-quality/draws', body, auth);
  const readQuality = (auth: string) => desk.http.get(`/api/call-quality/${agent.agentId}/2026-10`).set('Authorization', auth);

  beforeAll(async () => {
    desk = await startDesk(undefined, { now: NOW });
    expectCreated(await desk.post('/plans', QUALITY_PLAN, desk.payroll), 'plan-quality');
    agent = await desk.hire({ planId: 'quality', teamId: 't-quality' });
    colleague = await desk.hire({ planId: 'quality', teamId: 't-quality' });
    ({ leadId } = await desk.registerLead());
    await desk.assign(leadId, agent);
    const at = (day: number, hour: number) => `2026-10-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:30:00+08:00`;
    octoberCalls = [];
    for (let i = 0; i < 12; i++) {
      const startedAt = i === 0 ? at(1, 0) : at(8 + i, 10);
      octoberCalls.push((await desk.logCall(agent, leadId, { startedAt, outcome: 'appointment_set' })).callId as string);
    }
    colleagueCalls = [];
    for (let i = 0; i < 3; i++) colleagueCalls.push((await desk.logCall(colleague, leadId, { startedAt: at(12 + i, 11) })).callId as string);
    novemberCall = (await desk.logCall(agent, leadId, { startedAt: '2026-11-01T00:30:00+08:00' })).callId as string;
  }, 120_000);
  afterAll(() => desk.app.close());

  it('lets neither a reviewer nor anyone else choose: no seed in the body, not before the period ends, not by qa', async () => {
    const body = { agentId: agent.agentId, period: '2026-10', sampleSize: 4 };
    expectInvalidField(await draw({ ...body, seed: 'ab'.repeat(32) }, desk.hr), 'seed');
    expectRefused(await draw(body, desk.qa), 403, 'AUTH.ROLE_NOT_ALLOWED');
    expectRefused(await draw(body, desk.manager), 403, 'AUTH.ROLE_NOT_ALLOWED');
    expectInvalidField(await draw({ ...body, sampleSize: 0 }, desk.hr), 'sampleSize');
    // November is not over on 5 November: a draw now would leave out the calls still to come.
    const early = await desk.refusedWithNothingAppended(() => draw({ ...body, period: '2026-11' }, desk.payroll));
    expect(expectRefused(early, 422, 'CALL_QUALITY.PERIOD_NOT_ENDED').message).toContain('2026-12-01');
    const specialist = await desk.hire({ role: 'specialist', planId: 'quality', teamId: 't-quality' });
    expectRefused(await draw({ ...body, agentId: specialist.agentId }, desk.hr), 422, 'AGENT.WRONG_ROLE');
    expect(await desk.events(`call-quality-${agent.agentId}`)).toEqual([]);
  });

  it('draws once per agent and period: sending it again answers the first draw, another try is refused', async () => {
    const body = { agentId: agent.agentId, period: '2026-10', sampleSize: 4 };
    const first = expectCreated(await draw(body, desk.hr), `call-quality-${agent.agentId}`);
    const again = await draw(body, desk.hr);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first);
    expectRefused(await draw({ ...body, sampleSize: 12 }, desk.hr), 409, 'COMMAND.ID_REUSED');
    expectRefused(await draw(body, desk.payroll), 409, 'COMMAND.ID_REUSED');
    const stream = await desk.events(`call-quality-${agent.agentId}`);
    expect(stream.map((e) => e.type)).toEqual(['CallSampleDrawn']);
    drawn = stream[0];
    expect(drawn.position).toBe(first.position);
    expect(drawn.data).toMatchObject({
      agentId: agent.agentId,
      period: '2026-10',
      from: '2026-10-01',
      to: '2026-10-31',
      timeZone: 'Asia/Shanghai',
      sampleSize: 4,
      seed: expect.stringMatching(/^[0-9a-f]{64}$/),
      drawnAtPosition: expect.stringMatching(/^\d+$/),
      population: 12,
      drawnBy: 'hr-1',
    });
    const callIds = drawn.data.callIds as string[];
    expect(callIds).toHaveLength(4);
    expect(octoberCalls).toEqual(expect.arrayContaining(callIds));
  });

  it('is recomputed from the event history alone, by the feed an auditor reads, and matches', async () => {
    const feed: { id: string; type: string; data: Record<string, unknown> }[] = [];
    for (let from = '0'; ;) {
      const page = await desk.http.get('/api/events').query({ fromPosition: from, limit: 1000 }).set('Authorization', desk.director);
      expect(page.status).toBe(200);
      feed.push(...page.body.items);
      if (!page.body.nextCursor || page.body.items.length === 0) break;
      from = page.body.nextCursor;
    }
    const sampled = feed.filter((e) => e.type === 'telesales.call_quality.sampled.v1');
    expect(sampled).toHaveLength(1);
    const { seed, drawnAtPosition, from, to, agentId, sampleSize, callIds, population, populationDigest } = sampled[0].data as Record<string, any>;
    const known = feed.filter(
      (e) =>
        e.type === 'telesales.call.logged.v1' &&
        BigInt(e.id) <= BigInt(drawnAtPosition) &&
        e.data.agentId === agentId &&
        shanghaiDate(e.data.startedAt as string) >= from &&
        shanghaiDate(e.data.startedAt as string) <= to,
    );
    const populationIds = known.map((e) => e.data.callId as string);
    expect([...populationIds].sort()).toEqual([...octoberCalls].sort());
    expect(populationIds).not.toContain(novemberCall);
    expect(populationIds.some((id) => colleagueCalls.includes(id))).toBe(false);
    expect(population).toBe(12);
    expect(populationDigest).toBe(
      createHash('sha256')
        .update([...populationIds].sort().join('\n'))
        .digest('hex'),
    );
    expect(redraw(seed, populationIds, sampleSize)).toEqual(callIds);
    // The log order does not matter: the ranks alone choose.
    expect(redraw(seed, [...populationIds].reverse(), sampleSize)).toEqual(callIds);
    expect(callIds).toEqual(drawn.data.callIds);
  });

  it('lets qa score only the drawn calls, 0–100, and reclassify only those', async () => {
    const callIds = drawn.data.callIds as string[];
    const notDrawn = octoberCalls.find((id) => !callIds.includes(id))!;
    const score = (callId: string, value: unknown, auth = desk.qa) =>
      desk.post(`/call-quality/${agent.agentId}/2026-10/scores`, { callId, score: value }, auth);

    const refused = await desk.refusedWithNothingAppended(() => score(notDrawn, 100));
    expect(expectRefused(refused, 422, 'CALL_QUALITY.CALL_NOT_DRAWN').message).toContain('not drawn');
    expectRefused(await score(colleagueCalls[0], 100), 422, 'CALL_QUALITY.CALL_NOT_DRAWN');
    expectInvalidField(await score(callIds[0], 101), 'score');
    expectInvalidField(await desk.post(`/call-quality/${agent.agentId}/2026-13/scores`, { callId: callIds[0], score: 90 }, desk.qa), 'period');
    expectRefused(await score(callIds[0], 90, desk.hr), 403, 'AUTH.ROLE_NOT_ALLOWED');
    expectRefused(
      await desk.post(`/call-quality/${colleague.agentId}/2026-10/scores`, { callId: colleagueCalls[0], score: 50 }, desk.qa),
      422,
      'CALL_QUALITY.NOT_DRAWN',
    );

    const reclassify = (callId: string) => desk.post(`/calls/${callId}/reclassify`, { outcome: 'connected', reason: 'QA: no visit was agreed' }, desk.qa);
    const refusedReclassification = await desk.refusedWithNothingAppended(() => reclassify(notDrawn));
    expectRefused(refusedReclassification, 422, 'CALL_QUALITY.CALL_NOT_DRAWN');
    expectCreated(await reclassify(callIds[0]), `lead-${leadId}`);

    // Partly scored, the period has no quality figure yet, and an appraisal weighing it cannot be finalized.
    expectCreated(await score(callIds[0], 50), `call-quality-${agent.agentId}`);
    expectCreated(await desk.post('/appraisals', { appraisalId: 'ap-quality', agentId: agent.agentId, period: '2026-10' }, desk.hr), 'appraisal-ap-quality');
    expectCreated(await desk.post('/appraisals/ap-quality/score', { ability: 80, attitude: 90 }, desk.supervisorOf('t-quality')), 'appraisal-ap-quality');
    const early = await desk.refusedWithNothingAppended(() => desk.post('/appraisals/ap-quality/finalize', undefined, desk.hr));
    expect(expectRefused(early, 422, 'APPRAISAL.QUALITY_NOT_SCORED').message).toContain('3 of the 4 calls');

    // The latest score of a call counts.
    for (const [i, callId] of callIds.entries()) expectCreated(await score(callId, SCORES[i]), `call-quality-${agent.agentId}`);
    const view = await readQuality(desk.qa);
    expect(view.status).toBe(200);
    expect(view.body.calls.map((c: { callId: string; score: number }) => [c.callId, c.score])).toEqual(callIds.map((id, i) => [id, SCORES[i]]));
    expect(view.body.quality).toEqual({ sampled: 4, scored: 4, points: 305, mean: 76.25 });
    expectRefused(await readQuality(agent.auth), 403, 'AUTH.ROLE_NOT_ALLOWED');
  });

  it('makes the mean score a weighted figure of the appraisal', async () => {
    const finalized = expectCreated(await desk.post('/appraisals/ap-quality/finalize', undefined, desk.hr), 'appraisal-ap-quality');
    const view = await readAppraisal(desk, 'ap-quality', desk.hr, { minPosition: finalized.position });
    expect(view.status).toBe(200);
    const event = (await desk.events('appraisal-ap-quality')).find((e) => e.type === 'AppraisalFinalized')!;
    expect(event.data).toMatchObject({
      rules: { weights: { dials: 20, effectiveCalls: 20, deals: 10, ability: 10, attitude: 10, quality: 30 } },
      figures: { dials: 12, effectiveCalls: 11, deals: 0, targets: { dials: 20, effectiveCalls: 10 }, quality: { calls: 4, points: 305 } },
      items: { dials: 60, effectiveCalls: 100, deals: 100, ability: 80, attitude: 90, quality: 76.25 },
      score: 81.88,
      band: 'A',
    });
    expect(view.body).toMatchObject({ score: 81.88, band: 'A' });
    const evidence = await readAppraisal(desk, 'ap-quality', desk.hr, {}, '/evidence');
    expect(evidence.status).toBe(200);
    expect(evidence.body.asOfNow).toMatchObject({ score: 81.88, items: { quality: 76.25 } });
  });

  it('leaves appraisals under plans without a quality weight as they were: no draw needed, no quality item', async () => {
    const old = await desk.hire({ teamId: 't-quality' });
    const appraisalId = uniqueId('ap');
    expectCreated(await desk.post('/appraisals', { appraisalId, agentId: old.agentId, period: '2026-10' }, desk.hr), `appraisal-${appraisalId}`);
    expectCreated(
      await desk.post(`/appraisals/${appraisalId}/score`, { ability: 80, attitude: 90 }, desk.supervisorOf('t-quality')),
      `appraisal-${appraisalId}`,
    );
    expectCreated(await desk.post(`/appraisals/${appraisalId}/finalize`, undefined, desk.hr), `appraisal-${appraisalId}`);
    const event = (await desk.events(`appraisal-${appraisalId}`)).find((e) => e.type === 'AppraisalFinalized')!;
    // The handbook plan: no calls of 2,200 dials and 220 effective ones; nobody closed a deal. 0.2 × (0 + 0 + 100 + 80 + 90) = 54.00, D.
    expect(event.data.items).toEqual({ dials: 0, effectiveCalls: 0, deals: 100, ability: 80, attitude: 90 });
    expect(event.data.figures).toEqual({ dials: 0, effectiveCalls: 0, deals: 0, targets: { dials: 2200, effectiveCalls: 220 } });
    expect(event.data).toMatchObject({ score: 54, band: 'D', rules: { weights: { dials: 20, effectiveCalls: 20, deals: 20, ability: 20, attitude: 20 } } });
  });

  it('holds the reviewer to the draw even at another moment: a second period is drawn from its own seed, not chosen', async () => {
    expect(
      await atTime(desk, '2026-12-02T09:00:00+08:00', () => draw({ agentId: agent.agentId, period: '2026-11', sampleSize: 5 }, desk.payroll)),
    ).toMatchObject({
      status: 201,
    });
    const [, november] = await desk.events(`call-quality-${agent.agentId}`).then((s) => s.filter((e) => e.type === 'CallSampleDrawn'));
    expect(november.data).toMatchObject({ period: '2026-11', population: 1, callIds: [novemberCall], drawnBy: 'pay-1' });
    expect(november.data.seed).not.toBe(drawn.data.seed);
  });
});
