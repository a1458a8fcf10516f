import {
  type AgentHired,
  type CallLogged,
  type CompensationPlanPublished,
  type DealCancelled,
  type DealClosed,
  monthInput,
  type PayMonthClosed,
} from '@app/domain';
import { projectionHarness, recorded } from '../../test/support/projection';
import { HANDBOOK_PLAN } from '../../test/support/handbook-plan';
import { commissionLedgerProjection } from './commission-ledger.projection';
import { loadLedgerEvents, loadPayHistory } from './commission-ledger.queries';

// ---- the department's events (the handbook plan works in Shanghai time) ------------------------

const published: CompensationPlanPublished = { type: 'CompensationPlanPublished', data: structuredClone(HANDBOOK_PLAN) };
const hired = (agentId: string, hiredOn = '2026-03-02'): AgentHired => ({
  type: 'AgentHired',
  data: { agentId, name: agentId, role: 'agent', teamId: 't1', hiredOn, planId: 'standard' },
});
const called = (callId: string, agentId: string, startedAt: string): CallLogged => ({
  type: 'CallLogged',
  data: { callId, leadId: `lead-${callId}`, agentId, startedAt, durationSeconds: 60, outcome: 'appointment_set', effective: true },
});
const closed = (dealId: string, ownerId: string, closedAt: string): DealClosed => ({
  type: 'DealClosed',
  data: {
    dealId,
    leadId: `lead-${dealId}`,
    closedBy: ownerId,
    closedByRole: 'agent',
    amountFen: 1_000_000,
    commissionBaseFen: 1_000_000,
    closedAt,
    ownerId,
    providedBy: null,
  },
});
const monthClosed = (month: string, upToPosition: bigint): PayMonthClosed => ({
  type: 'PayMonthClosed',
  data: { month, upToPosition: upToPosition.toString(), closedAt: `${month}-28T00:00:00Z`, statementCount: 1, totalFen: 0 },
});
const cancelled = (dealId: string, cancelledAt: string): DealCancelled => ({
  type: 'DealCancelled',
  data: { dealId, leadId: `lead-${dealId}`, reason: 'refund', cancelledAt },
});

// ---- given / then ---------------------------------------------------------------------------

// One database for the file (the embedded one takes seconds to start), emptied before every test.
let ledger: Awaited<ReturnType<typeof projectionHarness>>;
beforeAll(async () => {
  ledger = await projectionHarness(commissionLedgerProjection);
});
beforeEach(() => ledger.rows(`TRUNCATE ${ledger.tables.events}`));
afterAll(() => ledger.close());

/** What the ledger filed, in position order: each event's type, key and instant (UTC). */
const filed = () =>
  ledger.rows<{ type: string; key: string | null; at: string | null }>(
    `SELECT type, key, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"') AS at FROM ${ledger.tables.events} ORDER BY position`,
  );
const historyOf = (month: string, upTo?: bigint) => ledger.read((em) => loadPayHistory(em, month, upTo));
const callsOf = async (month: string) => monthInput(await historyOf(month), month).calls.map((c) => `${c.agentId}:${c.callId}:${c.date}`);

describe('the commission ledger', () => {
  it('files each call under its start and each deal under its close; plans and hires stay undated', async () => {
    await ledger.given([
      published,
      hired('ann'),
      called('c1', 'ann', '2026-03-10T10:00:00+08:00'),
      // Still March in Shanghai, where the plan works, though 15:30 UTC.
      called('c2', 'ann', '2026-03-31T23:30:00+08:00'),
      called('c3', 'ann', '2026-04-15T10:00:00+08:00'),
      closed('d1', 'ann', '2026-03-20T15:00:00+08:00'),
    ]);

    expect(await filed()).toEqual([
      { type: 'CompensationPlanPublished', key: null, at: null },
      { type: 'AgentHired', key: null, at: null },
      { type: 'CallLogged', key: 'c1', at: '2026-03-10T02:00Z' },
      { type: 'CallLogged', key: 'c2', at: '2026-03-31T15:30Z' },
      { type: 'CallLogged', key: 'c3', at: '2026-04-15T02:00Z' },
      { type: 'DealClosed', key: 'd1', at: '2026-03-20T07:00Z' },
    ]);
  });

  it("answers a month with its own calls and deals, and reads none of another month's", async () => {
    await ledger.given([
      published,
      hired('ann'),
      hired('bob'),
      called('c1', 'ann', '2026-03-10T10:00:00+08:00'),
      called('c2', 'bob', '2026-03-31T23:30:00+08:00'),
      called('c3', 'ann', '2026-04-15T10:00:00+08:00'),
      closed('d1', 'ann', '2026-03-20T15:00:00+08:00'),
    ]);

    expect(await callsOf('2026-03')).toEqual(['ann:c1:2026-03-10', 'bob:c2:2026-03-31']);
    expect(await callsOf('2026-04')).toEqual(['ann:c3:2026-04-15']);
    const march = await historyOf('2026-03');
    // Filed by its start, April's call is not even read for March.
    expect(march.calls.has('c3')).toBe(false);
    expect([...march.people.keys()]).toEqual(['ann', 'bob']);
    expect(monthInput(march, '2026-03').deals.map((d) => [d.dealId, d.ownerId, d.date, d.cancelled])).toEqual([['d1', 'ann', '2026-03-20', false]]);
  });

  it('files a retried batch once', async () => {
    const batch = [recorded(published), recorded(hired('ann')), recorded(called('c1', 'ann', '2026-03-10T10:00:00+08:00'))];
    await ledger.given(batch);
    await ledger.given(batch);

    expect(await filed()).toHaveLength(3);
    expect(await callsOf('2026-03')).toEqual(['ann:c1:2026-03-10']);
  });

  it("dates a cancellation by its deal's close, from an earlier batch, and leaves one of an unknown deal undated", async () => {
    await ledger.given([published, hired('ann'), closed('d1', 'ann', '2026-03-20T15:00:00+08:00')]);
    await ledger.given([cancelled('d1', '2026-04-02T09:00:00+08:00'), cancelled('d-unknown', '2026-04-02T09:00:00+08:00')]);

    expect((await filed()).slice(3)).toEqual([
      { type: 'DealCancelled', key: 'd1', at: '2026-03-20T07:00Z' },
      { type: 'DealCancelled', key: 'd-unknown', at: null },
    ]);
    const [deal] = monthInput(await historyOf('2026-03'), '2026-03').deals;
    expect(deal).toMatchObject({ dealId: 'd1', cancelled: true });
  });

  it('answers a month as of a position: what was recorded after it is left out', async () => {
    const first = recorded(called('c1', 'ann', '2026-03-10T10:00:00+08:00'));
    await ledger.given([recorded(published), recorded(hired('ann')), first, recorded(called('c2', 'ann', '2026-03-11T10:00:00+08:00'))]);

    expect(monthInput(await historyOf('2026-03', first.position), '2026-03').calls.map((c) => c.callId)).toEqual(['c1']);
  });

  it('reads with a month the closed months that events recorded after the latest close touch: their adjustments are owed now', async () => {
    const before = [
      recorded(published),
      recorded(hired('ann', '2026-01-05')),
      recorded(called('feb', 'ann', '2026-02-10T10:00:00+08:00')),
      recorded(called('mar', 'ann', '2026-03-10T10:00:00+08:00')),
    ];
    const closes = [recorded(monthClosed('2026-02', before[3].position)), recorded(monthClosed('2026-03', before[3].position))];
    await ledger.given([...before, ...closes]);
    // Nothing recorded since the close: April reads neither closed month.
    expect((await historyOf('2026-04')).calls.has('mar')).toBe(false);

    // A call dated in March, logged after the close: March is read with April.
    await ledger.given([called('late', 'ann', '2026-03-12T10:00:00+08:00')]);
    const april = await historyOf('2026-04');
    expect([april.calls.has('feb'), april.calls.has('mar'), april.calls.has('late')]).toEqual([false, true, true]);

    // A hire dated in February, recorded after the close, can reprice every closed month from February.
    await ledger.given([hired('bob', '2026-02-20')]);
    expect((await historyOf('2026-04')).calls.has('feb')).toBe(true);
  });

  it("gives an appraisal's evidence: the events asked for, with who recorded them, in position order", async () => {
    const [plan, hire] = [recorded(published), recorded(hired('ann'))];
    const call = { ...recorded(called('c1', 'ann', '2026-03-10T10:00:00+08:00')), metadata: { actor: { sub: 'ann', roles: ['agent'] } } };
    await ledger.given([plan, hire, call]);

    const records = await ledger.read((em) => loadLedgerEvents(em, [call.eventId, 'not-in-the-ledger', hire.eventId, call.eventId]));
    expect(records).toEqual([
      { eventId: hire.eventId, type: 'AgentHired', position: hire.position, data: hire.data, metadata: {}, recordedAt: hire.recordedAt },
      { eventId: call.eventId, type: 'CallLogged', position: call.position, data: call.data, metadata: call.metadata, recordedAt: call.recordedAt },
    ]);
  });
});
