import {
  type Body,
  type Desk,
  expectCreated,
  expectInvalidField,
  expectRefused,
  hoursAgo,
  minutesFromNow,
  type Person,
  startDesk,
  uniqueId,
} from '../support/telesales';

let desk: Desk;
/** Team t1: agents Ann and Bob, specialist Sam. Team t2: agent Cat, specialist Sue. */
let ann: Person;
let bob: Person;
let sam: Person;
let cat: Person;
let sue: Person;
let supervisorT1: string;
let supervisorT2: string;

beforeAll(async () => {
  desk = await startDesk();
  ann = await desk.hire({ name: 'Ann', teamId: 't1' });
  bob = await desk.hire({ name: 'Bob', teamId: 't1' });
  sam = await desk.hire({ name: 'Sam', role: 'specialist', teamId: 't1' });
  cat = await desk.hire({ name: 'Cat', teamId: 't2' });
  sue = await desk.hire({ name: 'Sue', role: 'specialist', teamId: 't2' });
  supervisorT1 = desk.supervisorOf('t1');
  supervisorT2 = desk.supervisorOf('t2');
});

afterAll(async () => {
  await desk.app.close();
});

const leadStream = (leadId: string) => `lead-${leadId}`;

describe('BookVisit — POST /api/visits', () => {
  it('an agent books a visit on an unassigned lead and so becomes its owner: VisitBooked + LeadAssigned via visit_booked', async () => {
    const { leadId } = await desk.registerLead();
    const body = desk.visitBody(ann, leadId, {
      partySize: 3,
      origin: '浦东新区',
      transport: 'own car',
      project: '滨江花园 phase 2',
      budgetFen: 350_000_000,
      concerns: 'school district; parking',
    });

    const { result: res, appended } = await desk.appendedDuring(() => desk.post('/visits', body, ann.auth));

    const written = expectCreated(res, leadStream(leadId));
    expect(appended.filter((e) => e.streamId === leadStream(leadId)).map((e) => e.type)).toEqual(['VisitBooked', 'LeadAssigned']);
    const [, booked, assigned] = await desk.events(leadStream(leadId));
    expect(booked.data).toEqual(body);
    expect(assigned.data).toEqual({ leadId, agentId: ann.agentId, previousOwnerId: null, via: 'visit_booked' });
    // The write result points at the last event the command appended.
    expect(written).toMatchObject({ revision: assigned.revision, position: assigned.position });
  });

  it('on a lead someone already owns, a booking adds only VisitBooked and ownership does not move', async () => {
    const { leadId } = await desk.registerLead();
    await desk.assign(leadId, ann);

    const { result: res, appended } = await desk.appendedDuring(() => desk.post('/visits', desk.visitBody(bob, leadId), bob.auth));

    expectCreated(res, leadStream(leadId));
    expect(appended.filter((e) => e.streamId === leadStream(leadId)).map((e) => e.type)).toEqual(['VisitBooked']);
    const owners = (await desk.events(leadStream(leadId))).filter((e) => e.type === 'LeadAssigned').map((e) => e.data.agentId);
    expect(owners).toEqual([ann.agentId]);
  });

  it("the owner's second booking does not assign the lead again", async () => {
    const { leadId } = await desk.registerLead();
    await desk.bookVisit(ann, leadId);
    await desk.bookVisit(ann, leadId);
    expect(await desk.eventTypes(leadStream(leadId))).toEqual(['LeadRegistered', 'VisitBooked', 'LeadAssigned', 'VisitBooked']);
  });

  it('the optional visit details are recorded as null when absent', async () => {
    const { leadId } = await desk.registerLead();
    const body = await desk.bookVisit(ann, leadId);
    const [, booked] = await desk.events(leadStream(leadId));
    expect(booked.data).toEqual({ ...body, partySize: null, origin: null, transport: null, project: null, budgetFen: null, concerns: null });
  });

  it('two agents book on one unassigned lead at once: both visits land and exactly one of them owns the lead', async () => {
    const { leadId } = await desk.registerLead();

    const answers = await Promise.all([
      desk.post('/visits', desk.visitBody(ann, leadId), ann.auth),
      desk.post('/visits', desk.visitBody(bob, leadId), bob.auth),
    ]);

    expect(answers.map((r) => r.status)).toEqual([201, 201]);
    const events = await desk.events(leadStream(leadId));
    expect(events.filter((e) => e.type === 'VisitBooked')).toHaveLength(2);
    const assignments = events.filter((e) => e.type === 'LeadAssigned');
    expect(assignments).toHaveLength(1);
    expect([ann.agentId, bob.agentId]).toContain(assignments[0].data.agentId);
  });

  it('a retry is answered 200 with the first result; the same visitId at another time is 409', async () => {
    const { leadId } = await desk.registerLead();
    const body = desk.visitBody(ann, leadId);
    const first = expectCreated(await desk.post('/visits', body, ann.auth), leadStream(leadId));

    const retry = await desk.post('/visits', body, ann.auth);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first);

    const res = await desk.refusedWithNothingAppended(() => desk.post('/visits', { ...body, scheduledAt: minutesFromNow(5 * 24 * 60) }, ann.auth));
    expectRefused(res, 409, 'COMMAND.ID_REUSED');
    expect(await desk.eventTypes(leadStream(leadId))).toEqual(['LeadRegistered', 'VisitBooked', 'LeadAssigned']);
  });

  it('a visitId already used on another lead is 409 and nothing lands on the second lead', async () => {
    const first = await desk.registerLead();
    const second = await desk.registerLead();
    const visit = await desk.bookVisit(ann, first.leadId);

    const res = await desk.refusedWithNothingAppended(() => desk.post('/visits', { ...visit, leadId: second.leadId }, ann.auth));

    expectRefused(res, 409, 'COMMAND.ID_REUSED');
    expect(await desk.eventTypes(leadStream(second.leadId))).toEqual(['LeadRegistered']);
  });

  describe('a booking that is not well formed is refused 400, naming the field', () => {
    const cases: [string, Body, string][] = [
      ['visitId missing', { visitId: undefined }, 'visitId'],
      ['leadId missing', { leadId: undefined }, 'leadId'],
      ['agentId missing', { agentId: undefined }, 'agentId'],
      ['scheduledAt missing', { scheduledAt: undefined }, 'scheduledAt'],
      ['a time without an offset', { scheduledAt: '2026-10-11T14:00:00' }, 'scheduledAt'],
      ['a party of nobody', { partySize: 0 }, 'partySize'],
      ['a party of 51', { partySize: 51 }, 'partySize'],
      ['a party size as a string', { partySize: '2' }, 'partySize'],
      ['a negative budget', { budgetFen: -1 }, 'budgetFen'],
      ['a budget in fractions of a fen', { budgetFen: 1.5 }, 'budgetFen'],
      ['concerns that are not text', { concerns: ['price'] }, 'concerns'],
      ['a visitId that is no id', { visitId: 'v 1' }, 'visitId'],
      ['an unknown field', { notes: 'bring brochures' }, 'notes'],
    ];

    it.each(cases)('%s', async (_why, overrides, field) => {
      const body = JSON.parse(JSON.stringify(desk.visitBody(ann, 'L-any', overrides))) as Body;
      const res = await desk.refusedWithNothingAppended(() => desk.post('/visits', body, ann.auth));
      expectInvalidField(res, field);
    });
  });

  it('a visit on an unknown lead is 404 LEAD.NOT_FOUND', async () => {
    const res = await desk.refusedWithNothingAppended(() => desk.post('/visits', desk.visitBody(ann, uniqueId('L')), ann.auth));
    expectRefused(res, 404, 'LEAD.NOT_FOUND');
  });

  it('visits are booked by hired agents: unknown is 422 AGENT.UNKNOWN, a specialist is 422 AGENT.WRONG_ROLE', async () => {
    const { leadId } = await desk.registerLead();
    const unknown = { ...desk.visitBody(ann, leadId), agentId: 'nobody-1' };
    expectRefused(await desk.refusedWithNothingAppended(() => desk.post('/visits', unknown, desk.manager)), 422, 'AGENT.UNKNOWN');
    expectRefused(await desk.refusedWithNothingAppended(() => desk.post('/visits', desk.visitBody(sam, leadId), desk.manager)), 422, 'AGENT.WRONG_ROLE');
    expect(await desk.eventTypes(leadStream(leadId))).toEqual(['LeadRegistered']);
  });

  it('a booking refused for an unknown agent does not claim its visitId: the corrected booking lands with it', async () => {
    const { leadId } = await desk.registerLead();
    const wrong: Body = { ...desk.visitBody(ann, leadId), agentId: 'typo-ann' };
    expectRefused(await desk.post('/visits', wrong, desk.manager), 422, 'AGENT.UNKNOWN');

    expectCreated(await desk.post('/visits', { ...wrong, agentId: ann.agentId }, desk.manager), leadStream(leadId));
  });

  it('an agent books only as themself (403 AUTH.NOT_SELF)', async () => {
    const { leadId } = await desk.registerLead();
    const res = await desk.refusedWithNothingAppended(() => desk.post('/visits', desk.visitBody(bob, leadId), ann.auth));
    expectRefused(res, 403, 'AUTH.NOT_SELF');
  });

  it('a supervisor books for agents of their own team, not of another (403 AUTH.OTHER_TEAM)', async () => {
    const { leadId } = await desk.registerLead();
    const res = await desk.refusedWithNothingAppended(() => desk.post('/visits', desk.visitBody(ann, leadId), supervisorT2));
    expectRefused(res, 403, 'AUTH.OTHER_TEAM');

    expectCreated(await desk.post('/visits', desk.visitBody(cat, leadId), supervisorT2), leadStream(leadId));
  });

  it.each([
    ['a specialist', () => sam.auth],
    ['hr', () => desk.hr],
    ['payroll', () => desk.payroll],
  ])('%s may not book visits (403)', async (_who, auth) => {
    const { leadId } = await desk.registerLead();
    const res = await desk.refusedWithNothingAppended(() => desk.post('/visits', desk.visitBody(ann, leadId), auth()));
    expectRefused(res, 403, 'AUTH.ROLE_NOT_ALLOWED');
  });
});

describe('CompleteVisit / MissVisit — POST /api/visits/:visitId/complete · /miss', () => {
  async function bookedVisit(agent: Person = ann) {
    const { leadId } = await desk.registerLead();
    const visit = await desk.bookVisit(agent, leadId);
    return { leadId, visitId: visit.visitId as string };
  }

  it.each([
    ['complete', 'VisitCompleted', 'signed intent form, wants a second viewing'],
    ['miss', 'VisitMissed', 'customer did not come, phone off'],
  ])('the booking agent marks the visit %s: %s with the notes', async (action, type, notes) => {
    const { leadId, visitId } = await bookedVisit(ann);

    const written = expectCreated(await desk.post(`/visits/${visitId}/${action}`, { notes }, ann.auth), leadStream(leadId));

    const last = (await desk.events(leadStream(leadId))).at(-1)!;
    expect(last).toMatchObject({ type, revision: written.revision, position: written.position });
    expect(last.data).toEqual({ visitId, leadId, agentId: ann.agentId, notes });
  });

  it('notes are optional and recorded as null', async () => {
    const { leadId, visitId } = await bookedVisit();
    expectCreated(await desk.post(`/visits/${visitId}/complete`, undefined, ann.auth), leadStream(leadId));
    expect((await desk.events(leadStream(leadId))).at(-1)!.data.notes).toBeNull();
  });

  it.each([
    ['complete', 'VisitCompleted'],
    ['miss', 'VisitMissed'],
  ])('%s: a retry is answered 200 with the first result; the same visit with other notes is 409', async (action, type) => {
    const { leadId, visitId } = await bookedVisit();
    const first = expectCreated(await desk.post(`/visits/${visitId}/${action}`, { notes: 'came with parents' }, ann.auth), leadStream(leadId));

    const retry = await desk.post(`/visits/${visitId}/${action}`, { notes: 'came with parents' }, ann.auth);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first);

    const res = await desk.refusedWithNothingAppended(() => desk.post(`/visits/${visitId}/${action}`, { notes: 'came alone' }, ann.auth));
    expectRefused(res, 409, 'COMMAND.ID_REUSED');
    expect((await desk.eventTypes(leadStream(leadId))).filter((t) => t === type)).toHaveLength(1);
  });

  it('a visit ends once: completing a missed visit, or missing a completed one, is 422 VISIT.ALREADY_RESOLVED', async () => {
    const missed = await bookedVisit();
    expectCreated(await desk.post(`/visits/${missed.visitId}/miss`, {}, ann.auth), leadStream(missed.leadId));
    const late = await desk.refusedWithNothingAppended(() => desk.post(`/visits/${missed.visitId}/complete`, { notes: 'came after all' }, ann.auth));
    expect(expectRefused(late, 422, 'VISIT.ALREADY_RESOLVED').message).toContain('missed');

    const completed = await bookedVisit();
    expectCreated(await desk.post(`/visits/${completed.visitId}/complete`, {}, ann.auth), leadStream(completed.leadId));
    const res = await desk.refusedWithNothingAppended(() => desk.post(`/visits/${completed.visitId}/miss`, {}, ann.auth));
    expectRefused(res, 422, 'VISIT.ALREADY_RESOLVED');
  });

  it.each(['complete', 'miss'])('an unknown visit is 404 VISIT.NOT_FOUND (%s)', async (action) => {
    const res = await desk.refusedWithNothingAppended(() => desk.post(`/visits/${uniqueId('v')}/${action}`, {}, desk.manager));
    expectRefused(res, 404, 'VISIT.NOT_FOUND');
  });

  it('another agent may not resolve the visit (403 AUTH.NOT_SELF); the specialist who met the customer and a supervisor may', async () => {
    const first = await bookedVisit(ann);
    const res = await desk.refusedWithNothingAppended(() => desk.post(`/visits/${first.visitId}/complete`, {}, bob.auth));
    expectRefused(res, 403, 'AUTH.NOT_SELF');

    expectCreated(await desk.post(`/visits/${first.visitId}/complete`, { notes: 'shown round by Sam' }, sam.auth), leadStream(first.leadId));
    const second = await bookedVisit(ann);
    expectCreated(await desk.post(`/visits/${second.visitId}/miss`, {}, supervisorT1), leadStream(second.leadId));
  });

  it.each([
    ['notes that are not text', 'v-1', { notes: 42 }, 'notes'],
    ['an unknown field', 'v-1', { notes: 'ok', outcome: 'won' }, 'outcome'],
    ['a visitId in the path that is no id', 'v 1', {}, 'visitId'],
  ])('%s is refused 400', async (_why, visitId, body, field) => {
    for (const action of ['complete', 'miss']) {
      const res = await desk.refusedWithNothingAppended(() => desk.post(`/visits/${encodeURIComponent(visitId)}/${action}`, body, ann.auth));
      expectInvalidField(res, field);
    }
  });

  it.each([
    ['hr', () => desk.hr],
    ['payroll', () => desk.payroll],
    ['an integrator', () => desk.integrator],
  ])('%s may not resolve visits (403)', async (_who, auth) => {
    const { visitId } = await bookedVisit();
    for (const action of ['complete', 'miss']) {
      const res = await desk.refusedWithNothingAppended(() => desk.post(`/visits/${visitId}/${action}`, {}, auth()));
      expectRefused(res, 403, 'AUTH.ROLE_NOT_ALLOWED');
    }
  });
});

describe('CloseDeal — POST /api/deals', () => {
  /** A lead Ann brought in and Bob owns by booking its visit. */
  async function workedLead() {
    const { leadId } = await desk.registerLead({ source: 'agent', providedBy: ann.agentId }, ann.auth);
    await desk.bookVisit(bob, leadId);
    return leadId;
  }

  it("a specialist closes a deal: DealClosed records the amount, the closer's role, the owner and who provided the number", async () => {
    const leadId = await workedLead();
    const body = desk.dealBody(sam, leadId, { amountFen: 2_680_000_00 });

    const { result: res, appended } = await desk.appendedDuring(() => desk.post('/deals', body, sam.auth));

    const written = expectCreated(res, leadStream(leadId));
    expect(appended.filter((e) => e.streamId === leadStream(leadId)).map((e) => e.type)).toEqual(['DealClosed']);
    const deal = (await desk.events(leadStream(leadId))).at(-1)!;
    expect(deal).toMatchObject({ type: 'DealClosed', position: written.position });
    expect(deal.data).toEqual({
      dealId: body.dealId,
      leadId,
      closedBy: sam.agentId,
      closedByRole: 'specialist',
      amountFen: 2_680_000_00,
      commissionBaseFen: 2_680_000_00,
      closedAt: body.closedAt,
      ownerId: bob.agentId,
      providedBy: ann.agentId,
    });
    expect(deal.metadata.occurredAt).toBe(body.closedAt);
  });

  it('a commissionable base below the amount is kept as sent', async () => {
    const leadId = await workedLead();
    await desk.closeDeal(sam, leadId, { amountFen: 1_000_000_00, commissionBaseFen: 800_000_00 });
    expect((await desk.events(leadStream(leadId))).at(-1)!.data).toMatchObject({ amountFen: 1_000_000_00, commissionBaseFen: 800_000_00 });
  });

  it('a supervisor records a deal an agent of the team closed on an unowned lead', async () => {
    const { leadId } = await desk.registerLead();
    const body = desk.dealBody(ann, leadId);
    expectCreated(await desk.post('/deals', body, supervisorT1), leadStream(leadId));
    expect((await desk.events(leadStream(leadId))).at(-1)!.data).toMatchObject({
      closedBy: ann.agentId,
      closedByRole: 'agent',
      ownerId: null,
      providedBy: null,
    });
  });

  it('a retry is answered 200 with the first result; the same dealId with another amount is 409', async () => {
    const leadId = await workedLead();
    const body = desk.dealBody(sam, leadId);
    const first = expectCreated(await desk.post('/deals', body, sam.auth), leadStream(leadId));

    const retry = await desk.post('/deals', body, sam.auth);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first);

    const res = await desk.refusedWithNothingAppended(() => desk.post('/deals', { ...body, amountFen: 1 }, sam.auth));
    expectRefused(res, 409, 'COMMAND.ID_REUSED');
    expect((await desk.eventTypes(leadStream(leadId))).filter((t) => t === 'DealClosed')).toHaveLength(1);
  });

  it('a dealId already used on another lead is 409 and nothing lands on the second lead', async () => {
    const first = await workedLead();
    const second = await workedLead();
    const deal = await desk.closeDeal(sam, first);

    const res = await desk.refusedWithNothingAppended(() => desk.post('/deals', { ...deal, leadId: second }, sam.auth));

    expectRefused(res, 409, 'COMMAND.ID_REUSED');
    expect(await desk.eventTypes(leadStream(second))).not.toContain('DealClosed');
  });

  describe('a deal that is not well formed is refused 400, naming the field', () => {
    const cases: [string, Body, string][] = [
      ['dealId missing', { dealId: undefined }, 'dealId'],
      ['leadId missing', { leadId: undefined }, 'leadId'],
      ['closedBy missing', { closedBy: undefined }, 'closedBy'],
      ['amountFen missing', { amountFen: undefined }, 'amountFen'],
      ['closedAt missing', { closedAt: undefined }, 'closedAt'],
      ['an amount in fractions of a fen', { amountFen: 1999.5 }, 'amountFen'],
      ['an amount of nothing', { amountFen: 0 }, 'amountFen'],
      ['an amount as a string', { amountFen: '1000000' }, 'amountFen'],
      ['a negative commissionable base', { commissionBaseFen: -1 }, 'commissionBaseFen'],
      ['a close time without an offset', { closedAt: '2026-10-20 16:00:00' }, 'closedAt'],
      ['a dealId that is no id', { dealId: 'd#1' }, 'dealId'],
      ['an unknown field', { discountFen: 5000 }, 'discountFen'],
    ];

    it.each(cases)('%s', async (_why, overrides, field) => {
      const body = JSON.parse(JSON.stringify(desk.dealBody(sam, 'L-any', overrides))) as Body;
      const res = await desk.refusedWithNothingAppended(() => desk.post('/deals', body, sam.auth));
      expectInvalidField(res, field);
    });
  });

  it('a commissionable base above the amount is 422 DEAL.BASE_EXCEEDS_AMOUNT, and the dealId stays free', async () => {
    const leadId = await workedLead();
    const body = desk.dealBody(sam, leadId, { amountFen: 500_000_00, commissionBaseFen: 500_000_01 });

    const res = await desk.refusedWithNothingAppended(() => desk.post('/deals', body, sam.auth));
    expect(expectRefused(res, 422, 'DEAL.BASE_EXCEEDS_AMOUNT').details).toMatchObject({ field: 'commissionBaseFen' });

    expectCreated(await desk.post('/deals', { ...body, commissionBaseFen: 500_000_00 }, sam.auth), leadStream(leadId));
  });

  it('a close more than 5 minutes in the future is 422 DEAL.CLOSES_IN_FUTURE', async () => {
    const leadId = await workedLead();
    const res = await desk.refusedWithNothingAppended(() => desk.post('/deals', desk.dealBody(sam, leadId, { closedAt: minutesFromNow(10) }), sam.auth));
    expectRefused(res, 422, 'DEAL.CLOSES_IN_FUTURE');
  });

  it('a deal on an unknown lead is 404 LEAD.NOT_FOUND', async () => {
    const res = await desk.refusedWithNothingAppended(() => desk.post('/deals', desk.dealBody(sam, uniqueId('L')), sam.auth));
    expectRefused(res, 404, 'LEAD.NOT_FOUND');
  });

  it('closedBy must be a hired agent or specialist (422 AGENT.UNKNOWN)', async () => {
    const leadId = await workedLead();
    const body = { ...desk.dealBody(sam, leadId), closedBy: 'nobody-1' };
    const res = await desk.refusedWithNothingAppended(() => desk.post('/deals', body, desk.manager));
    expectRefused(res, 422, 'AGENT.UNKNOWN');
  });

  it('a specialist closes only as themself (403 AUTH.NOT_SELF); a supervisor only for their team (403 AUTH.OTHER_TEAM)', async () => {
    const leadId = await workedLead();
    const asSue = await desk.refusedWithNothingAppended(() => desk.post('/deals', desk.dealBody(sue, leadId), sam.auth));
    expectRefused(asSue, 403, 'AUTH.NOT_SELF');
    const otherTeam = await desk.refusedWithNothingAppended(() => desk.post('/deals', desk.dealBody(sam, leadId), supervisorT2));
    expectRefused(otherTeam, 403, 'AUTH.OTHER_TEAM');
  });

  it.each([
    ['an agent', () => ann.auth],
    ['hr', () => desk.hr],
    ['payroll', () => desk.payroll],
  ])('%s may not record deals (403)', async (_who, auth) => {
    const leadId = await workedLead();
    const res = await desk.refusedWithNothingAppended(() => desk.post('/deals', desk.dealBody(ann, leadId), auth()));
    expectRefused(res, 403, 'AUTH.ROLE_NOT_ALLOWED');
  });
});

describe('CancelDeal — POST /api/deals/:dealId/cancel', () => {
  async function closedDeal() {
    const { leadId } = await desk.registerLead();
    await desk.assign(leadId, ann);
    const deal = await desk.closeDeal(sam, leadId, { closedAt: hoursAgo(48) });
    return { leadId, dealId: deal.dealId as string, closedAt: deal.closedAt as string };
  }

  it('a supervisor cancels a deal after a refund: DealCancelled with the reason, dated when it was cancelled', async () => {
    const { leadId, dealId } = await closedDeal();
    const body = { reason: 'refund: contract voided', cancelledAt: hoursAgo(1) };

    const written = expectCreated(await desk.post(`/deals/${dealId}/cancel`, body, supervisorT1), leadStream(leadId));

    const last = (await desk.events(leadStream(leadId))).at(-1)!;
    expect(last).toMatchObject({ type: 'DealCancelled', revision: written.revision, position: written.position });
    expect(last.data).toEqual({ dealId, leadId, ...body });
    expect(last.metadata.occurredAt).toBe(body.cancelledAt);
  });

  it('a retry is answered 200 with the first result; cancelling the cancelled deal with another reason is 409', async () => {
    const { leadId, dealId } = await closedDeal();
    const body = { reason: 'refund', cancelledAt: hoursAgo(1) };
    const first = expectCreated(await desk.post(`/deals/${dealId}/cancel`, body, desk.manager), leadStream(leadId));

    const retry = await desk.post(`/deals/${dealId}/cancel`, body, desk.manager);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first);

    const res = await desk.refusedWithNothingAppended(() => desk.post(`/deals/${dealId}/cancel`, { ...body, reason: 'financing fell through' }, desk.manager));
    expectRefused(res, 409, 'COMMAND.ID_REUSED');
    expect((await desk.eventTypes(leadStream(leadId))).filter((t) => t === 'DealCancelled')).toHaveLength(1);
  });

  it('an unknown deal is 404 DEAL.NOT_FOUND', async () => {
    const res = await desk.refusedWithNothingAppended(() =>
      desk.post(`/deals/${uniqueId('d')}/cancel`, { reason: 'refund', cancelledAt: hoursAgo(1) }, desk.manager),
    );
    expectRefused(res, 404, 'DEAL.NOT_FOUND');
  });

  it('a cancellation dated before the deal closed is 422 DEAL.CANCELLED_BEFORE_CLOSE, naming the close', async () => {
    const { dealId, closedAt } = await closedDeal();
    const res = await desk.refusedWithNothingAppended(() =>
      desk.post(`/deals/${dealId}/cancel`, { reason: 'refund', cancelledAt: hoursAgo(72) }, desk.manager),
    );
    expect(expectRefused(res, 422, 'DEAL.CANCELLED_BEFORE_CLOSE').message).toContain(closedAt);
  });

  it('a cancellation more than 5 minutes in the future is 422 DEAL.CANCELS_IN_FUTURE', async () => {
    const { dealId } = await closedDeal();
    const res = await desk.refusedWithNothingAppended(() =>
      desk.post(`/deals/${dealId}/cancel`, { reason: 'refund', cancelledAt: minutesFromNow(30) }, desk.manager),
    );
    expectRefused(res, 422, 'DEAL.CANCELS_IN_FUTURE');
  });

  it.each([
    ['reason missing', 'd-1', { cancelledAt: '2026-11-02T10:00:00+08:00' }, 'reason'],
    ['an empty reason', 'd-1', { reason: '', cancelledAt: '2026-11-02T10:00:00+08:00' }, 'reason'],
    ['cancelledAt missing', 'd-1', { reason: 'refund' }, 'cancelledAt'],
    ['a cancellation time without an offset', 'd-1', { reason: 'refund', cancelledAt: '2026-11-02T10:00:00' }, 'cancelledAt'],
    ['an unknown field', 'd-1', { reason: 'refund', cancelledAt: '2026-11-02T10:00:00+08:00', refundFen: 100 }, 'refundFen'],
    ['a dealId in the path that is no id', '.d1', { reason: 'refund', cancelledAt: '2026-11-02T10:00:00+08:00' }, 'dealId'],
  ])('%s is refused 400', async (_why, dealId, body, field) => {
    const res = await desk.refusedWithNothingAppended(() => desk.post(`/deals/${encodeURIComponent(dealId)}/cancel`, body, desk.manager));
    expectInvalidField(res, field);
  });

  it.each([
    ['an agent', () => ann.auth],
    ['a specialist', () => sam.auth],
    ['payroll', () => desk.payroll],
  ])('%s may not cancel deals (403)', async (_who, auth) => {
    const { dealId } = await closedDeal();
    const res = await desk.refusedWithNothingAppended(() => desk.post(`/deals/${dealId}/cancel`, { reason: 'refund', cancelledAt: hoursAgo(1) }, auth()));
    expectRefused(res, 403, 'AUTH.ROLE_NOT_ALLOWED');
  });
});
