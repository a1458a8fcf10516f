import { foldPayEvents, monthInput } from './pay.facts';
import { HANDBOOK_PLAN, callLogged, dealCancelled, dealClosed, given, hired, planPublished, reclassified, recorded } from './pay.testing';

describe('pay facts', () => {
  it('dates a call by its start in the plan time zone, not by when it was recorded', () => {
    // 16:30 UTC on 31 March is 00:30 on 1 April in Shanghai.
    const pay = given(planPublished(), hired('a1'), callLogged('c1', 'a1', '2026-03-31T16:30:00Z'), callLogged('c2', 'a1', '2026-03-31T15:30:00Z'));
    expect(pay.history.calls.get('c1')?.date).toBe('2026-04-01');
    expect(pay.input('2026-03').calls.map((c) => c.callId)).toEqual(['c2']);
    expect(pay.input('2026-04').calls.map((c) => c.callId)).toEqual(['c1']);
  });

  it('dates a call by the zone of the agent plan', () => {
    const berlin = { ...HANDBOOK_PLAN, planId: 'berlin', timezone: 'Europe/Berlin' };
    const pay = given(planPublished(berlin), hired('a1', { planId: 'berlin' }), callLogged('c1', 'a1', '2026-03-31T16:30:00Z'));
    expect(pay.history.calls.get('c1')?.date).toBe('2026-03-31'); // 18:30 in Berlin
  });

  it('keeps the latest reclassification and every correction id, and knows a cancelled deal', () => {
    const call = callLogged('c1', 'a1', '2026-03-10T10:00:00+08:00');
    const pay = given(
      planPublished(),
      hired('a1'),
      call,
      reclassified(call, true, 'qa-1'),
      dealClosed('d1', { ownerId: 'a1', closedAt: '2026-03-11T10:00:00+08:00', baseFen: 100 }),
      dealCancelled('d1', '2026-03-12T10:00:00+08:00'),
    );
    const input = pay.input('2026-03');
    expect(input.calls).toEqual([
      { callId: 'c1', agentId: 'a1', date: '2026-03-10', effective: true, loggedEventId: 'call-c1', reclassifiedEventIds: ['qa-1'] },
    ]);
    expect(input.deals[0]).toMatchObject({ dealId: 'd1', cancelled: true, cancelledEventId: 'cancel-d1', closedEventId: 'deal-d1' });
  });

  it('sees only what was known at a position, for a replay as issued', () => {
    const call = callLogged('c1', 'a1', '2026-03-10T10:00:00+08:00');
    const history = given(planPublished(), hired('a1'), call, reclassified(call, true, 'qa-1')).history;
    // Positions: plan 1, hire 2, call 3, reclassification 4.
    expect(monthInput(history, '2026-03', { asOfPosition: 3n }).calls[0]).toMatchObject({ effective: false, reclassifiedEventIds: [] });
    expect(monthInput(history, '2026-03', { asOfPosition: 1n }).people).toEqual([]);
  });

  it('includes the people hired by the month last day, each with the version in force', () => {
    const v2 = { ...HANDBOOK_PLAN, version: 2, effectiveFrom: '2026-04-01' };
    const pay = given(planPublished(), planPublished(v2), hired('a1'), hired('a2', { hiredOn: '2026-03-31' }), hired('a3', { hiredOn: '2026-04-01' }));
    expect(pay.input('2026-03').people.map((p) => [p.agentId, p.plan.version, p.planEventId])).toEqual([
      ['a1', 1, 'plan-standard-v1'],
      ['a2', 1, 'plan-standard-v1'],
    ]);
    expect(pay.input('2026-04').people.map((p) => [p.agentId, p.plan.version])).toEqual([
      ['a1', 2],
      ['a2', 2],
      ['a3', 2],
    ]);
  });

  it('reads a CallLogged of schema version 1, which left effectiveness to the reader', () => {
    const v1 = {
      eventId: 'old',
      type: 'CallLogged',
      data: { callId: 'c1', leadId: 'L1', agentId: 'a1', startedAt: '2026-03-10T02:00:00Z', talkSeconds: 30, outcome: 'appointment_set' },
    };
    const history = foldPayEvents(recorded([planPublished(), hired('a1'), v1]));
    expect(history.calls.get('c1')?.effectiveWhenLogged).toBe(true);
  });

  it('ignores events pay does not read, and an event folded twice', () => {
    const events = recorded([
      planPublished(),
      hired('a1'),
      { eventId: 'x', type: 'LeadGraded', data: {} },
      callLogged('c1', 'a1', '2026-03-10T10:00:00+08:00'),
    ]);
    const history = foldPayEvents([...events, ...events]);
    expect(history.positions.has('x')).toBe(false);
    expect(history.calls.numbersIn('2026-03')).toHaveLength(1);
    expect(history.lastPosition).toBe(4n);
  });
});
