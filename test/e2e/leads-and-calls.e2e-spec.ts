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
  uniquePhone,
} from '../support/telesales';

let desk: Desk;
/** Team t1: agents Ann and Bob, specialist Sam. Team t2: agent Cat. */
let ann: Person;
let bob: Person;
let sam: Person;
let cat: Person;
let supervisorT1: string;
let supervisorT2: string;

beforeAll(async () => {
  desk = await startDesk();
  ann = await desk.hire({ name: 'Ann', teamId: 't1' });
  bob = await desk.hire({ name: 'Bob', teamId: 't1' });
  sam = await desk.hire({ name: 'Sam', role: 'specialist', teamId: 't1' });
  cat = await desk.hire({ name: 'Cat', teamId: 't2' });
  supervisorT1 = desk.supervisorOf('t1');
  supervisorT2 = desk.supervisorOf('t2');
});

afterAll(async () => {
  await desk.app.close();
});

/** 13812345678 written the ways people type it. */
const formats = {
  spaced: (p: string) => `+86 ${p.slice(0, 3)} ${p.slice(3, 7)} ${p.slice(7)}`,
  plain: (p: string) => p,
  countryCode: (p: string) => `86${p}`,
  dashed: (p: string) => `+86-${p.slice(0, 3)}-${p.slice(3, 7)}-${p.slice(7)}`,
};
type Format = keyof typeof formats;

describe('RegisterLead — POST /api/leads', () => {
  it('a manager registers a purchased-list number: LeadRegistered with the phone reduced to its digits', async () => {
    const phone = uniquePhone();
    const body = { leadId: uniqueId('L'), phone: formats.spaced(phone), name: '张先生', source: 'list' };

    const { result: res, appended } = await desk.appendedDuring(() => desk.post('/leads', body, desk.manager));

    const written = expectCreated(res, `lead-${body.leadId}`);
    const [event] = await desk.events(`lead-${body.leadId}`);
    expect(event).toMatchObject({ type: 'LeadRegistered', revision: 0, position: written.position });
    expect(event.data).toEqual({ leadId: body.leadId, phone, name: '张先生', source: 'list', providedBy: null });
    // The number is claimed somewhere, but no stream id spells it out.
    expect(appended.some((e) => e.streamId !== `lead-${body.leadId}`)).toBe(true);
    expect(appended.every((e) => !e.streamId.includes(phone))).toBe(true);
  });

  it('name, source and providedBy are optional and recorded as null', async () => {
    const body = { leadId: uniqueId('L'), phone: uniquePhone() };
    expectCreated(await desk.post('/leads', body, desk.manager), `lead-${body.leadId}`);
    const [event] = await desk.events(`lead-${body.leadId}`);
    expect(event.data).toEqual({ ...body, name: null, source: null, providedBy: null });
  });

  it('an agent registers a number they brought in, and a specialist too', async () => {
    const byAgent = await desk.registerLead({ source: 'agent', providedBy: ann.agentId }, ann.auth);
    const bySpecialist = await desk.registerLead({ source: 'specialist', providedBy: sam.agentId }, sam.auth);

    expect((await desk.events(`lead-${byAgent.leadId}`))[0].data).toMatchObject({ source: 'agent', providedBy: ann.agentId });
    expect((await desk.events(`lead-${bySpecialist.leadId}`))[0].data).toMatchObject({ source: 'specialist', providedBy: sam.agentId });
  });

  it('an agent may not credit a number to someone else (403 AUTH.NOT_SELF)', async () => {
    const body = { leadId: uniqueId('L'), phone: uniquePhone(), source: 'agent', providedBy: bob.agentId };
    const res = await desk.refusedWithNothingAppended(() => desk.post('/leads', body, ann.auth));
    expectRefused(res, 403, 'AUTH.NOT_SELF');
  });

  it('providedBy must be a hired agent or specialist (422 AGENT.UNKNOWN), and the refused number stays free', async () => {
    const phone = uniquePhone();
    const body = { leadId: uniqueId('L'), phone, providedBy: 'nobody-1' };

    const res = await desk.refusedWithNothingAppended(() => desk.post('/leads', body, desk.manager));

    expectRefused(res, 422, 'AGENT.UNKNOWN');
    expect(await desk.events(`lead-${body.leadId}`)).toEqual([]);
    await desk.registerLead({ phone });
  });

  const pairs: [Format, Format][] = [
    ['spaced', 'plain'],
    ['plain', 'countryCode'],
    ['countryCode', 'spaced'],
    ['dashed', 'countryCode'],
    ['plain', 'plain'],
  ];
  it.each(pairs)('a number registered as %s and again as %s is 409 LEAD.DUPLICATE_PHONE naming the existing lead', async (first, second) => {
    const phone = uniquePhone();
    const existing = await desk.registerLead({ phone: formats[first](phone) });
    const duplicate = { leadId: uniqueId('L'), phone: formats[second](phone), source: 'referral' };

    const res = await desk.refusedWithNothingAppended(() => desk.post('/leads', duplicate, desk.manager));

    const error = expectRefused(res, 409, 'LEAD.DUPLICATE_PHONE');
    expect(error.message).toContain(existing.leadId);
    expect(error.details).toMatchObject({ existingLeadId: existing.leadId });
    expect(await desk.events(`lead-${duplicate.leadId}`)).toEqual([]);
  });

  it('a retry is answered 200 with the first result, even with the number written another way', async () => {
    const phone = uniquePhone();
    const body = { leadId: uniqueId('L'), phone: formats.spaced(phone), name: '刘女士' };
    const first = expectCreated(await desk.post('/leads', body, desk.manager), `lead-${body.leadId}`);

    const retry = await desk.post('/leads', { ...body, phone: formats.plain(phone) }, desk.manager);

    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first);
    expect(await desk.eventTypes(`lead-${body.leadId}`)).toEqual(['LeadRegistered']);
  });

  it('the same leadId with another number is 409 COMMAND.ID_REUSED, and that other number stays free', async () => {
    const lead = await desk.registerLead();
    const otherPhone = uniquePhone();

    const res = await desk.refusedWithNothingAppended(() => desk.post('/leads', { leadId: lead.leadId, phone: otherPhone }, desk.manager));

    expectRefused(res, 409, 'COMMAND.ID_REUSED');
    await desk.registerLead({ phone: otherPhone });
  });

  it('two registrations of one number under different leads at once: exactly one 201, the other 409 naming the winner', async () => {
    const phone = uniquePhone();
    const bodies = [
      { leadId: uniqueId('L'), phone: formats.spaced(phone) },
      { leadId: uniqueId('L'), phone: formats.countryCode(phone) },
    ];

    const answers = await Promise.all(bodies.map((b) => desk.post('/leads', b, desk.manager)));

    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    const winner = bodies[answers.findIndex((r) => r.status === 201)];
    const loser = bodies[answers.findIndex((r) => r.status === 409)];
    const error = expectRefused(
      answers.find((r) => r.status === 409)!,
      409,
      'LEAD.DUPLICATE_PHONE',
    );
    expect(error.details).toMatchObject({ existingLeadId: winner.leadId });
    expect(await desk.eventTypes(`lead-${winner.leadId}`)).toEqual(['LeadRegistered']);
    expect(await desk.events(`lead-${loser.leadId}`)).toEqual([]);
  });

  it('registrations of one leadId with different numbers at once: one 201, every other 409, and their numbers stay free', async () => {
    // Three rounds of five contenders, so that the requests really overlap on a pooled store.
    for (let round = 0; round < 3; round++) {
      const leadId = uniqueId('L');
      const phones = Array.from({ length: 5 }, () => uniquePhone());

      const answers = await Promise.all(phones.map((phone) => desk.post('/leads', { leadId, phone }, desk.manager)));

      expect(answers.map((r) => `${r.status} ${r.body.code ?? ''}`.trim()).sort()).toEqual([
        '201',
        '409 COMMAND.ID_REUSED',
        '409 COMMAND.ID_REUSED',
        '409 COMMAND.ID_REUSED',
        '409 COMMAND.ID_REUSED',
      ]);
      const [registered] = await desk.events(`lead-${leadId}`);
      for (const phone of phones.filter((p) => p !== registered.data.phone)) {
        const res = await desk.post('/leads', { leadId: uniqueId('L'), phone }, desk.manager);
        expect({ phone, status: res.status, body: res.body }).toMatchObject({ phone, status: 201 });
      }
    }
  });

  describe('a registration that is not well formed is refused 400, naming the field', () => {
    const cases: [string, Body, string][] = [
      ['leadId missing', { leadId: undefined }, 'leadId'],
      ['a leadId with a slash', { leadId: 'L/1' }, 'leadId'],
      ['phone missing', { phone: undefined }, 'phone'],
      ['a phone that is a number, not a string', { phone: 13812345678 }, 'phone'],
      ['a phone with too few digits', { phone: '12345' }, 'phone'],
      ['a phone that is words', { phone: 'call me maybe' }, 'phone'],
      ['an unknown source', { source: 'cold_call' }, 'source'],
      ['a providedBy that is no id', { providedBy: 'Ann Smith' }, 'providedBy'],
      ['an unknown field', { email: 'x@example.com' }, 'email'],
    ];

    it.each(cases)('%s', async (_why, overrides, field) => {
      const body = JSON.parse(JSON.stringify({ leadId: uniqueId('L'), phone: uniquePhone(), ...overrides })) as Body;
      const res = await desk.refusedWithNothingAppended(() => desk.post('/leads', body, desk.manager));
      expectInvalidField(res, field);
    });
  });

  it.each([['hr'], ['payroll'], ['assistant'], ['integrator']])('%s may not register leads (403)', async (role) => {
    const body = { leadId: uniqueId('L'), phone: uniquePhone() };
    const res = await desk.refusedWithNothingAppended(() => desk.post('/leads', body, desk.bearer('x-1', [role])));
    expectRefused(res, 403, 'AUTH.ROLE_NOT_ALLOWED');
  });
});

describe('AssignLead — POST /api/leads/:leadId/assign', () => {
  it('a supervisor assigns a lead within their team, then reassigns it: the history of owners is kept', async () => {
    const { leadId } = await desk.registerLead();

    const first = expectCreated(await desk.post(`/leads/${leadId}/assign`, { agentId: ann.agentId }, supervisorT1), `lead-${leadId}`);
    expect(first.revision).toBe(1);
    expectCreated(await desk.post(`/leads/${leadId}/assign`, { agentId: bob.agentId }, supervisorT1), `lead-${leadId}`);

    const assignments = (await desk.events(`lead-${leadId}`)).filter((e) => e.type === 'LeadAssigned');
    expect(assignments.map((e) => e.data)).toEqual([
      { leadId, agentId: ann.agentId, previousOwnerId: null, via: 'assignment' },
      { leadId, agentId: bob.agentId, previousOwnerId: ann.agentId, via: 'assignment' },
    ]);
    expect(assignments[0].metadata.actor).toEqual({ sub: 'sup-t1', roles: ['supervisor'] });
  });

  it('assigning a lead to its current owner is 422 LEAD.ALREADY_OWNED', async () => {
    const { leadId } = await desk.registerLead();
    await desk.assign(leadId, ann);

    const res = await desk.refusedWithNothingAppended(() => desk.post(`/leads/${leadId}/assign`, { agentId: ann.agentId }, desk.manager));

    expectRefused(res, 422, 'LEAD.ALREADY_OWNED');
  });

  it('with an Idempotency-Key a retry is 200 with the first result; the same key for another agent is 409', async () => {
    const { leadId } = await desk.registerLead();
    const key = { 'Idempotency-Key': uniqueId('key') };
    const first = expectCreated(await desk.post(`/leads/${leadId}/assign`, { agentId: ann.agentId }, desk.manager, key), `lead-${leadId}`);

    const retry = await desk.post(`/leads/${leadId}/assign`, { agentId: ann.agentId }, desk.manager, key);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first);

    const res = await desk.refusedWithNothingAppended(() => desk.post(`/leads/${leadId}/assign`, { agentId: bob.agentId }, desk.manager, key));
    expectRefused(res, 409, 'COMMAND.ID_REUSED');
    expect(await desk.eventTypes(`lead-${leadId}`)).toEqual(['LeadRegistered', 'LeadAssigned']);
  });

  it("a supervisor may not take another team's lead for their own agent (403, nothing written); within their team they may", async () => {
    const { leadId } = await desk.registerLead();
    await desk.assign(leadId, ann);

    // Once, only the new agent's team was checked: t2's supervisor could take t1's lead for Cat.
    const taken = await desk.refusedWithNothingAppended(() => desk.post(`/leads/${leadId}/assign`, { agentId: cat.agentId }, supervisorT2));
    expect(expectRefused(taken, 403, 'AUTH.OTHER_TEAM').details).toMatchObject({ ownerId: ann.agentId });

    await desk.assign(leadId, bob, supervisorT1);
    await desk.assign(leadId, cat, desk.manager);
    expect(await desk.eventTypes(`lead-${leadId}`)).toEqual(['LeadRegistered', 'LeadAssigned', 'LeadAssigned', 'LeadAssigned']);
  });

  it('a caller who may not send the command is refused for that (403) before a used id is looked at: the id tells another team nothing', async () => {
    const { leadId } = await desk.registerLead();
    const key = { 'Idempotency-Key': uniqueId('key') };
    const body = { agentId: ann.agentId };
    expectCreated(await desk.post(`/leads/${leadId}/assign`, body, desk.bearer('sup-t1', ['supervisor'], 't1'), key), `lead-${leadId}`);

    // The very same request from another team's supervisor: once 409 (which told them the id exists), now 403.
    const otherTeam = desk.bearer('sup-t2', ['supervisor'], 't2');
    const used = await desk.refusedWithNothingAppended(() => desk.post(`/leads/${leadId}/assign`, body, otherTeam, key));
    const unused = await desk.refusedWithNothingAppended(() => desk.post(`/leads/${leadId}/assign`, body, otherTeam, { 'Idempotency-Key': uniqueId('key') }));
    expect([used.status, used.body.code]).toEqual([unused.status, unused.body.code]);
    expect(used.status).toBe(403);
  });

  it('an unknown lead is 404 LEAD.NOT_FOUND', async () => {
    const leadId = uniqueId('L');
    const res = await desk.refusedWithNothingAppended(() => desk.post(`/leads/${leadId}/assign`, { agentId: ann.agentId }, desk.manager));
    expectRefused(res, 404, 'LEAD.NOT_FOUND');
  });

  it('only a hired agent can own a lead: unknown is 422 AGENT.UNKNOWN, a specialist is 422 AGENT.WRONG_ROLE', async () => {
    const { leadId } = await desk.registerLead();

    const unknown = await desk.refusedWithNothingAppended(() => desk.post(`/leads/${leadId}/assign`, { agentId: 'nobody-1' }, desk.manager));
    expectRefused(unknown, 422, 'AGENT.UNKNOWN');
    const specialist = await desk.refusedWithNothingAppended(() => desk.post(`/leads/${leadId}/assign`, { agentId: sam.agentId }, desk.manager));
    expectRefused(specialist, 422, 'AGENT.WRONG_ROLE');
    expect(await desk.eventTypes(`lead-${leadId}`)).toEqual(['LeadRegistered']);
  });

  it("a supervisor may not hand a lead to another team's agent (403 AUTH.OTHER_TEAM)", async () => {
    const { leadId } = await desk.registerLead();
    const res = await desk.refusedWithNothingAppended(() => desk.post(`/leads/${leadId}/assign`, { agentId: ann.agentId }, supervisorT2));
    expectRefused(res, 403, 'AUTH.OTHER_TEAM');
  });

  it.each([
    ['agentId missing', 'L-ok', {}, 'agentId'],
    ['an agentId of the wrong type', 'L-ok', { agentId: 42 }, 'agentId'],
    ['an unknown field', 'L-ok', { agentId: 'a-1', note: 'hot lead' }, 'note'],
    ['a leadId in the path that is no id', 'L 1!', { agentId: 'a-1' }, 'leadId'],
  ])('%s is refused 400', async (_why, leadId, body, field) => {
    const res = await desk.refusedWithNothingAppended(() => desk.post(`/leads/${encodeURIComponent(leadId)}/assign`, body, desk.manager));
    expectInvalidField(res, field);
  });

  it.each([
    ['an agent', () => ann.auth],
    ['a specialist', () => sam.auth],
    ['hr', () => desk.hr],
  ])('%s may not assign leads (403)', async (_who, auth) => {
    const { leadId } = await desk.registerLead();
    const res = await desk.refusedWithNothingAppended(() => desk.post(`/leads/${leadId}/assign`, { agentId: ann.agentId }, auth()));
    expectRefused(res, 403, 'AUTH.ROLE_NOT_ALLOWED');
  });
});

describe('LogCall — POST /api/calls', () => {
  it('an agent logs a call hours after it happened: CallLogged, counted on its start time', async () => {
    const { leadId } = await desk.registerLead();
    const body = desk.callBody(ann, leadId, { startedAt: hoursAgo(30), durationSeconds: 312, outcome: 'appointment_set' });

    const sentAt = Date.now();
    const { result: res, appended } = await desk.appendedDuring(() => desk.post('/calls', body, ann.auth, { 'X-Correlation-Id': 'campaign-42' }));
    const answeredAt = Date.now();

    const written = expectCreated(res, `lead-${leadId}`);
    expect(written.revision).toBe(1);
    expect(appended.filter((e) => e.streamId === `lead-${leadId}`).map((e) => e.type)).toEqual(['CallLogged']);
    const [, call] = await desk.events(`lead-${leadId}`);
    expect(call).toMatchObject({ type: 'CallLogged', revision: 1, position: written.position });
    expect(call.data).toEqual({ ...body, effective: true });
    expect(call.metadata).toMatchObject({
      eventId: call.eventId,
      commandId: expect.stringContaining(String(body.callId)),
      correlationId: 'campaign-42',
      causationId: expect.any(String),
      actor: { sub: ann.agentId, roles: ['agent'] },
      occurredAt: body.startedAt,
      recordedAt: expect.any(String),
      schemaVersion: expect.any(Number),
    });
    // Recorded when the store accepted it (the store's own time, not the business clock), though it happened 30 hours ago.
    const recordedAt = Date.parse(call.metadata.recordedAt as string);
    expect(recordedAt).toBeGreaterThanOrEqual(sentAt - 1000);
    expect(recordedAt).toBeLessThanOrEqual(answeredAt + 1000);
    expect(call.metadata.occurredAt).not.toBe(call.metadata.recordedAt);
  });

  it.each([
    ['no_answer', false],
    ['busy', false],
    ['invalid_number', false],
    ['rejected', false],
    ['connected', false],
    ['interested', false],
    ['appointment_set', true],
  ])('a call with outcome %s is effective: %s', async (outcome, effective) => {
    const { leadId } = await desk.registerLead();
    await desk.logCall(ann, leadId, { outcome });
    const [, call] = await desk.events(`lead-${leadId}`);
    expect(call.data).toMatchObject({ outcome, effective });
  });

  it('talk time from 0 up to 4 hours (14400 s) is accepted', async () => {
    const { leadId } = await desk.registerLead();
    await desk.logCall(ann, leadId, { durationSeconds: 0, outcome: 'no_answer' });
    await desk.logCall(ann, leadId, { durationSeconds: 14400 });
    const calls = (await desk.events(`lead-${leadId}`)).filter((e) => e.type === 'CallLogged');
    expect(calls.map((e) => e.data.durationSeconds)).toEqual([0, 14400]);
  });

  it('a start up to 5 minutes ahead of the server clock is tolerated; further ahead is 422 CALL.STARTS_IN_FUTURE', async () => {
    const { leadId } = await desk.registerLead();
    await desk.logCall(ann, leadId, { startedAt: minutesFromNow(2) });

    const body = desk.callBody(ann, leadId, { startedAt: minutesFromNow(10) });
    const res = await desk.refusedWithNothingAppended(() => desk.post('/calls', body, ann.auth));

    const error = expectRefused(res, 422, 'CALL.STARTS_IN_FUTURE');
    expect(error.message).toMatch(/5 minutes/);
    expect(error.details).toMatchObject({ field: 'startedAt' });
  });

  it('a retry is answered 200 with the first result; the same callId with another outcome is 409', async () => {
    const { leadId } = await desk.registerLead();
    const body = desk.callBody(ann, leadId);
    const first = expectCreated(await desk.post('/calls', body, ann.auth), `lead-${leadId}`);

    const retry = await desk.post('/calls', body, ann.auth);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first);

    const res = await desk.refusedWithNothingAppended(() => desk.post('/calls', { ...body, outcome: 'appointment_set' }, ann.auth));
    expectRefused(res, 409, 'COMMAND.ID_REUSED');
    expect(await desk.eventTypes(`lead-${leadId}`)).toEqual(['LeadRegistered', 'CallLogged']);
  });

  it('a callId already used on another lead is 409 and nothing lands on the second lead', async () => {
    const first = await desk.registerLead();
    const second = await desk.registerLead();
    const call = await desk.logCall(ann, first.leadId);

    const res = await desk.refusedWithNothingAppended(() => desk.post('/calls', { ...call, leadId: second.leadId }, ann.auth));

    expectRefused(res, 409, 'COMMAND.ID_REUSED');
    expect(await desk.eventTypes(`lead-${second.leadId}`)).toEqual(['LeadRegistered']);
  });

  describe('a call that is not well formed is refused 400, naming the field', () => {
    const cases: [string, Body, string][] = [
      ['callId missing', { callId: undefined }, 'callId'],
      ['leadId missing', { leadId: undefined }, 'leadId'],
      ['agentId missing', { agentId: undefined }, 'agentId'],
      ['startedAt missing', { startedAt: undefined }, 'startedAt'],
      ['durationSeconds missing', { durationSeconds: undefined }, 'durationSeconds'],
      ['outcome missing', { outcome: undefined }, 'outcome'],
      ['a talk time over 4 hours (14401 s)', { durationSeconds: 14401 }, 'durationSeconds'],
      ['a negative talk time', { durationSeconds: -1 }, 'durationSeconds'],
      ['a fractional talk time', { durationSeconds: 12.5 }, 'durationSeconds'],
      ['a talk time as a string', { durationSeconds: '60' }, 'durationSeconds'],
      ['a start without an offset', { startedAt: '2026-10-08T09:30:00' }, 'startedAt'],
      ['a start that is only a date', { startedAt: '2026-10-08' }, 'startedAt'],
      ['a start that is not a time', { startedAt: 'yesterday at nine' }, 'startedAt'],
      ['an unknown outcome', { outcome: 'voicemail' }, 'outcome'],
      ['a callId that is no id', { callId: '../c-1' }, 'callId'],
      ['an unknown field', { notes: 'asked to call back' }, 'notes'],
    ];

    it.each(cases)('%s', async (_why, overrides, field) => {
      const body = JSON.parse(JSON.stringify(desk.callBody(ann, 'L-any', overrides))) as Body;
      const res = await desk.refusedWithNothingAppended(() => desk.post('/calls', body, ann.auth));
      expectInvalidField(res, field);
    });
  });

  it('a call on an unknown lead is 404 LEAD.NOT_FOUND', async () => {
    const leadId = uniqueId('L');
    const res = await desk.refusedWithNothingAppended(() => desk.post('/calls', desk.callBody(ann, leadId), ann.auth));
    expectRefused(res, 404, 'LEAD.NOT_FOUND');
    expect(await desk.events(`lead-${leadId}`)).toEqual([]);
  });

  it('calls are made by hired agents: unknown is 422 AGENT.UNKNOWN, a specialist is 422 AGENT.WRONG_ROLE', async () => {
    const { leadId } = await desk.registerLead();
    const unknown = { ...desk.callBody(ann, leadId), agentId: 'nobody-1' };
    expectRefused(await desk.refusedWithNothingAppended(() => desk.post('/calls', unknown, desk.manager)), 422, 'AGENT.UNKNOWN');
    const specialist = { ...desk.callBody(sam, leadId) };
    expectRefused(await desk.refusedWithNothingAppended(() => desk.post('/calls', specialist, desk.manager)), 422, 'AGENT.WRONG_ROLE');
    expect(await desk.eventTypes(`lead-${leadId}`)).toEqual(['LeadRegistered']);
  });

  it('a call refused for an unknown agent does not claim its callId: the corrected call lands with it', async () => {
    const { leadId } = await desk.registerLead();
    const wrong: Body = { ...desk.callBody(ann, leadId), agentId: 'typo-ann' };
    expectRefused(await desk.post('/calls', wrong, desk.manager), 422, 'AGENT.UNKNOWN');

    const corrected = { ...wrong, agentId: ann.agentId };
    expectCreated(await desk.post('/calls', corrected, desk.manager), `lead-${leadId}`);
    const [, call] = await desk.events(`lead-${leadId}`);
    expect(call.data).toMatchObject({ callId: wrong.callId, agentId: ann.agentId });
  });

  describe('who may log a call for whom', () => {
    it('an agent logs only their own calls (403 AUTH.NOT_SELF)', async () => {
      const { leadId } = await desk.registerLead();
      const res = await desk.refusedWithNothingAppended(() => desk.post('/calls', desk.callBody(bob, leadId), ann.auth));
      expect(expectRefused(res, 403, 'AUTH.NOT_SELF').message).toContain(ann.agentId);
    });

    it("an agent resending a colleague's call is refused too, not answered with the colleague's result", async () => {
      const { leadId } = await desk.registerLead();
      const annsCall = await desk.logCall(ann, leadId);

      const res = await desk.post('/calls', annsCall, bob.auth);

      expectRefused(res, 403, 'AUTH.NOT_SELF');
    });

    it('a supervisor logs for agents of their own team, not of another (403 AUTH.OTHER_TEAM)', async () => {
      const { leadId } = await desk.registerLead();
      expectCreated(await desk.post('/calls', desk.callBody(ann, leadId), supervisorT1), `lead-${leadId}`);

      const res = await desk.refusedWithNothingAppended(() => desk.post('/calls', desk.callBody(ann, leadId), supervisorT2));
      expectRefused(res, 403, 'AUTH.OTHER_TEAM');
    });

    it('a manager logs for any team', async () => {
      const { leadId } = await desk.registerLead();
      expectCreated(await desk.post('/calls', desk.callBody(cat, leadId), desk.manager), `lead-${leadId}`);
    });

    it.each([
      ['a specialist', () => sam.auth],
      ['hr', () => desk.hr],
      ['payroll', () => desk.payroll],
    ])('%s may not log calls (403)', async (_who, auth) => {
      const { leadId } = await desk.registerLead();
      const res = await desk.refusedWithNothingAppended(() => desk.post('/calls', desk.callBody(ann, leadId), auth()));
      expectRefused(res, 403, 'AUTH.ROLE_NOT_ALLOWED');
    });
  });

  it('10 calls on one lead sent at once all land: 10 × 201 and 10 CallLogged events', async () => {
    const { leadId } = await desk.registerLead();
    const bodies = Array.from({ length: 10 }, (_, i) => desk.callBody(i % 2 ? ann : bob, leadId, { durationSeconds: 10 + i }));

    const answers = await Promise.all(bodies.map((b) => desk.post('/calls', b, desk.manager)));

    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(201));
    const calls = (await desk.events(`lead-${leadId}`)).filter((e) => e.type === 'CallLogged');
    expect(calls.map((e) => e.data.callId).sort()).toEqual(bodies.map((b) => b.callId).sort());
    expect(new Set(answers.map((r) => r.body.revision)).size).toBe(10);
    expect(new Set(answers.map((r) => r.body.position)).size).toBe(10);
    expect(calls.map((e) => e.position).sort()).toEqual(answers.map((r) => r.body.position).sort());
  });
});

describe('ReclassifyCall — POST /api/calls/:callId/reclassify', () => {
  async function loggedCall(outcome = 'connected') {
    const { leadId } = await desk.registerLead();
    const call = await desk.logCall(ann, leadId, { outcome, startedAt: hoursAgo(26) });
    return { leadId, callId: call.callId as string, startedAt: call.startedAt as string };
  }

  it('a supervisor reclassifies after QA review: CallReclassified moves the call from not effective to effective', async () => {
    const { leadId, callId, startedAt } = await loggedCall('connected');
    const reason = 'QA review: the customer agreed to visit on Saturday';

    const written = expectCreated(await desk.post(`/calls/${callId}/reclassify`, { outcome: 'appointment_set', reason }, supervisorT1), `lead-${leadId}`);

    const last = (await desk.events(`lead-${leadId}`)).at(-1)!;
    expect(last).toMatchObject({ type: 'CallReclassified', revision: written.revision, position: written.position });
    expect(last.data).toEqual({
      callId,
      leadId,
      agentId: ann.agentId,
      startedAt,
      previousOutcome: 'connected',
      outcome: 'appointment_set',
      previousEffective: false,
      effective: true,
      reason,
    });
  });

  it('a second reclassification starts from the first one', async () => {
    const { leadId, callId } = await loggedCall('connected');
    expectCreated(await desk.post(`/calls/${callId}/reclassify`, { outcome: 'appointment_set', reason: 'QA' }, desk.manager), `lead-${leadId}`);
    expectCreated(await desk.post(`/calls/${callId}/reclassify`, { outcome: 'rejected', reason: 'appeal: no visit agreed' }, desk.manager), `lead-${leadId}`);

    const last = (await desk.events(`lead-${leadId}`)).at(-1)!;
    expect(last.data).toMatchObject({ previousOutcome: 'appointment_set', outcome: 'rejected', previousEffective: true, effective: false });
  });

  it('reclassifying to the outcome it already has is 422 CALL.OUTCOME_UNCHANGED', async () => {
    const { callId } = await loggedCall('interested');
    const res = await desk.refusedWithNothingAppended(() => desk.post(`/calls/${callId}/reclassify`, { outcome: 'interested', reason: 'QA' }, desk.manager));
    expectRefused(res, 422, 'CALL.OUTCOME_UNCHANGED');
  });

  it('an unknown call is 404 CALL.NOT_FOUND', async () => {
    const callId = uniqueId('c');
    const res = await desk.refusedWithNothingAppended(() => desk.post(`/calls/${callId}/reclassify`, { outcome: 'busy', reason: 'QA' }, desk.manager));
    expectRefused(res, 404, 'CALL.NOT_FOUND');
  });

  it('with an Idempotency-Key a retry is 200 with the first result; the same key with another outcome is 409', async () => {
    const { leadId, callId } = await loggedCall('connected');
    const key = { 'Idempotency-Key': uniqueId('key') };
    const body = { outcome: 'appointment_set', reason: 'QA' };
    const first = expectCreated(await desk.post(`/calls/${callId}/reclassify`, body, desk.manager, key), `lead-${leadId}`);

    const retry = await desk.post(`/calls/${callId}/reclassify`, body, desk.manager, key);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first);

    const res = await desk.refusedWithNothingAppended(() => desk.post(`/calls/${callId}/reclassify`, { ...body, outcome: 'interested' }, desk.manager, key));
    expectRefused(res, 409, 'COMMAND.ID_REUSED');
    expect((await desk.eventTypes(`lead-${leadId}`)).filter((t) => t === 'CallReclassified')).toHaveLength(1);
  });

  it.each([
    ['reason missing', 'c-1', { outcome: 'busy' }, 'reason'],
    ['an empty reason', 'c-1', { outcome: 'busy', reason: '' }, 'reason'],
    ['outcome missing', 'c-1', { reason: 'QA' }, 'outcome'],
    ['an unknown outcome', 'c-1', { outcome: 'great', reason: 'QA' }, 'outcome'],
    ['an unknown field', 'c-1', { outcome: 'busy', reason: 'QA', effective: true }, 'effective'],
    ['a callId in the path that is no id', 'c 1?', { outcome: 'busy', reason: 'QA' }, 'callId'],
  ])('%s is refused 400', async (_why, callId, body, field) => {
    const res = await desk.refusedWithNothingAppended(() => desk.post(`/calls/${encodeURIComponent(callId)}/reclassify`, body, desk.manager));
    expectInvalidField(res, field);
  });

  it.each([
    ['the agent who made the call', () => ann.auth],
    ['a specialist', () => sam.auth],
    ['hr', () => desk.hr],
  ])('%s may not reclassify (403)', async (_who, auth) => {
    const { callId } = await loggedCall('connected');
    const res = await desk.refusedWithNothingAppended(() => desk.post(`/calls/${callId}/reclassify`, { outcome: 'appointment_set', reason: 'mine' }, auth()));
    expectRefused(res, 403, 'AUTH.ROLE_NOT_ALLOWED');
  });

  it("a supervisor may not reclassify a call of another team's agent (403 AUTH.OTHER_TEAM)", async () => {
    const { callId } = await loggedCall('connected');
    const res = await desk.refusedWithNothingAppended(() =>
      desk.post(`/calls/${callId}/reclassify`, { outcome: 'appointment_set', reason: 'QA' }, supervisorT2),
    );
    expectRefused(res, 403, 'AUTH.OTHER_TEAM');
  });
});

describe('GradeLead — POST /api/leads/:leadId/grade', () => {
  it('an agent grades a lead, a supervisor regrades it: LeadGraded keeps the previous grade and who graded', async () => {
    const { leadId } = await desk.registerLead();

    const written = expectCreated(
      await desk.post(`/leads/${leadId}/grade`, { grade: 'A', reason: 'wants a 3-bedroom flat, budget ready' }, ann.auth),
      `lead-${leadId}`,
    );
    expect(written.revision).toBe(1);
    expectCreated(await desk.post(`/leads/${leadId}/grade`, { grade: 'B' }, supervisorT1), `lead-${leadId}`);

    const grades = (await desk.events(`lead-${leadId}`)).filter((e) => e.type === 'LeadGraded');
    expect(grades.map((e) => e.data)).toEqual([
      { leadId, grade: 'A', previousGrade: null, reason: 'wants a 3-bedroom flat, budget ready', gradedBy: ann.agentId },
      { leadId, grade: 'B', previousGrade: 'A', reason: null, gradedBy: 'sup-t1' },
    ]);
  });

  it('with an Idempotency-Key a retry is 200 with the first result; the same key with another grade is 409', async () => {
    const { leadId } = await desk.registerLead();
    const key = { 'Idempotency-Key': uniqueId('key') };
    const first = expectCreated(await desk.post(`/leads/${leadId}/grade`, { grade: 'C' }, ann.auth, key), `lead-${leadId}`);

    const retry = await desk.post(`/leads/${leadId}/grade`, { grade: 'C' }, ann.auth, key);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first);

    const res = await desk.refusedWithNothingAppended(() => desk.post(`/leads/${leadId}/grade`, { grade: 'D' }, ann.auth, key));
    expectRefused(res, 409, 'COMMAND.ID_REUSED');
    expect(await desk.eventTypes(`lead-${leadId}`)).toEqual(['LeadRegistered', 'LeadGraded']);
  });

  it('an unknown lead is 404 LEAD.NOT_FOUND', async () => {
    const leadId = uniqueId('L');
    const res = await desk.refusedWithNothingAppended(() => desk.post(`/leads/${leadId}/grade`, { grade: 'A' }, ann.auth));
    expectRefused(res, 404, 'LEAD.NOT_FOUND');
  });

  it.each([
    ['grade missing', 'L-1', {}, 'grade'],
    ['a grade that is no category name', 'L-1', { grade: ' A' }, 'grade'],
    ['a grade that is not text', 'L-1', { grade: 1 }, 'grade'],
    ['a reason that is not text', 'L-1', { grade: 'A', reason: 42 }, 'reason'],
    ['an unknown field', 'L-1', { grade: 'A', followUpOn: '2026-10-10' }, 'followUpOn'],
    ['a leadId in the path that is no id', '-L1', { grade: 'A' }, 'leadId'],
  ])('%s is refused 400', async (_why, leadId, body, field) => {
    const res = await desk.refusedWithNothingAppended(() => desk.post(`/leads/${encodeURIComponent(leadId)}/grade`, body, ann.auth));
    expectInvalidField(res, field);
  });

  it.each(['E', 'a'])('a grade %s outside the plan’s categories (A–D) is 422 LEAD.UNKNOWN_CATEGORY', async (grade) => {
    const { leadId } = await desk.registerLead();
    await desk.assign(leadId, ann);
    const res = await desk.refusedWithNothingAppended(() => desk.post(`/leads/${leadId}/grade`, { grade }, ann.auth));
    expect(expectRefused(res, 422, 'LEAD.UNKNOWN_CATEGORY').message).toContain(': A, B, C, D');
  });

  it.each([
    ['a specialist', () => sam.auth],
    ['hr', () => desk.hr],
    ['an integrator', () => desk.integrator],
  ])('%s may not grade leads (403)', async (_who, auth) => {
    const { leadId } = await desk.registerLead();
    const res = await desk.refusedWithNothingAppended(() => desk.post(`/leads/${leadId}/grade`, { grade: 'A' }, auth()));
    expectRefused(res, 403, 'AUTH.ROLE_NOT_ALLOWED');
  });
});
