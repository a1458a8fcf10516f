import { type Desk, expectCreated, expectInvalidField, expectRefused, type Person, startDesk } from '../support/telesales';

/**
 * The visit sheet (issue 12, point 4): after a visit, the agent records when the visitors set out
 * (出发时间) and the sales office's feedback from its visit sheet (带看单, 「客户看房完毕后,案场反馈看房情况」).
 * The desk's clock stands at 2026-10-20 10:00 (Shanghai), whatever the machine's date or TEST_NOW.
 */
const NOW = '2026-10-20T10:00:00+08:00';

let desk: Desk;
/** Team t1: agents Ann and Bob. Team t2: agent Cat. */
let ann: Person;
let bob: Person;
let cat: Person;
let supervisorT1: string;
let supervisorT2: string;

beforeAll(async () => {
  desk = await startDesk(undefined, { now: NOW });
  ann = await desk.hire({ name: 'Ann', teamId: 't1' });
  bob = await desk.hire({ name: 'Bob', teamId: 't1' });
  cat = await desk.hire({ name: 'Cat', teamId: 't2' });
  supervisorT1 = desk.supervisorOf('t1');
  supervisorT2 = desk.supervisorOf('t2');
});

afterAll(async () => {
  await desk.app.close();
});

const SHEET = { departedAt: '2026-10-18T13:05:00+08:00', feedback: '客户对三房户型满意,担心学区', consultant: '刘顾问', sheetNo: 'DK-0012' };

/** A lead with a visit of `agent`'s on Sunday 2026-10-18 at 14:00, taken to `status`. */
async function visitOf(agent: Person, status: 'booked' | 'completed' | 'missed'): Promise<{ leadId: string; visitId: string }> {
  const { leadId } = await desk.registerLead();
  const visit = await desk.bookVisit(agent, leadId, { scheduledAt: '2026-10-18T14:00:00+08:00', origin: '浦东新区' });
  const visitId = visit.visitId as string;
  if (status !== 'booked')
    expectCreated(await desk.post(`/visits/${visitId}/${status === 'completed' ? 'complete' : 'miss'}`, {}, agent.auth), `lead-${leadId}`);
  return { leadId, visitId };
}

const sheetOf = (visitId: string, body: object, auth: string) => desk.post(`/visits/${visitId}/sheet`, body, auth);

describe('RecordVisitSheet — POST /api/visits/:visitId/sheet', () => {
  it("the visit's agent records the departure time and the sales office's feedback after the visit: one VisitSheetRecorded on the lead", async () => {
    const { leadId, visitId } = await visitOf(ann, 'completed');

    const { result: res, appended } = await desk.appendedDuring(() => sheetOf(visitId, SHEET, ann.auth));

    expectCreated(res, `lead-${leadId}`);
    expect(appended.map((e) => `${e.streamId}:${e.type}`)).toEqual([`lead-${leadId}:VisitSheetRecorded`]);
    const recorded = (await desk.events(`lead-${leadId}`)).at(-1)!;
    expect(recorded.data).toEqual({ visitId, leadId, agentId: ann.agentId, ...SHEET, recordedBy: ann.agentId });
  });

  it('is in the lead history the agent reads, and in the integration feed without the feedback or the consultant', async () => {
    const { leadId, visitId } = await visitOf(ann, 'completed');
    const written = expectCreated(await sheetOf(visitId, { departedAt: SHEET.departedAt, feedback: '看了样板间,价格超预算' }, ann.auth), `lead-${leadId}`);

    const history = await desk.http.get(`/api/streams/lead-${leadId}`).set('Authorization', ann.auth);
    expect(history.status).toBe(200);
    expect(history.body.items.map((e: { type: string }) => e.type)).toEqual([
      'LeadRegistered',
      'VisitBooked',
      'LeadAssigned',
      'VisitCompleted',
      'VisitSheetRecorded',
    ]);

    const feed = await desk.http
      .get('/api/events')
      .query({ fromPosition: (BigInt(written.position) - 1n).toString(), types: 'telesales.visit.sheet_recorded.v1' })
      .set('Authorization', desk.integrator);
    expect(feed.status).toBe(200);
    expect(feed.body.items).toHaveLength(1);
    expect(feed.body.items[0].data).toEqual({
      visitId,
      leadId,
      leadRef: expect.any(String),
      agentId: ann.agentId,
      departedAt: SHEET.departedAt,
      sheetNo: null,
      recordedBy: ann.agentId,
    });
    expect(JSON.stringify(feed.body.items[0])).not.toContain('价格');

    // The pipeline keeps showing the lead as visited: the sheet moves no stage.
    const pipeline = await desk.http.get('/api/pipeline').query({ ownerId: ann.agentId, minPosition: written.position }).set('Authorization', ann.auth);
    expect(pipeline.body.items.find((i: { leadId: string }) => i.leadId === leadId)).toMatchObject({ stage: 'visited', ownerId: ann.agentId });
  });

  it("the team's supervisor may record it for their agent; recordedBy names the supervisor", async () => {
    const { leadId, visitId } = await visitOf(bob, 'completed');
    expectCreated(await sheetOf(visitId, SHEET, supervisorT1), `lead-${leadId}`);
    expect((await desk.events(`lead-${leadId}`)).at(-1)!.data).toMatchObject({ agentId: bob.agentId, recordedBy: 'sup-t1' });
  });

  it('before the visit took place (still booked) is 422 VISIT.NOT_VISITED naming the rule, and nothing is written', async () => {
    const { visitId } = await visitOf(ann, 'booked');
    const res = await desk.refusedWithNothingAppended(() => sheetOf(visitId, SHEET, ann.auth));
    const body = expectRefused(res, 422, 'VISIT.NOT_VISITED');
    expect(body.message).toContain('after the visit took place');
    expect(body.details).toMatchObject({ visitId, status: 'booked' });
  });

  it('a missed visit has no sheet: 422 VISIT.NOT_VISITED', async () => {
    const { visitId } = await visitOf(ann, 'missed');
    const body = expectRefused(await desk.refusedWithNothingAppended(() => sheetOf(visitId, SHEET, ann.auth)), 422, 'VISIT.NOT_VISITED');
    expect(body.details).toMatchObject({ status: 'missed' });
  });

  it('twice: the same sheet again answers 200 with the first result; another sheet for the same visit is 409', async () => {
    const { leadId, visitId } = await visitOf(ann, 'completed');
    const first = expectCreated(await sheetOf(visitId, SHEET, ann.auth), `lead-${leadId}`);

    const again = await sheetOf(visitId, SHEET, ann.auth);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first);

    const other = await desk.refusedWithNothingAppended(() => sheetOf(visitId, { ...SHEET, feedback: '改口:客户不满意' }, ann.auth));
    expectRefused(other, 409, 'COMMAND.ID_REUSED');
    const bySupervisor = await desk.refusedWithNothingAppended(() => sheetOf(visitId, { ...SHEET, feedback: '主管补充' }, supervisorT1));
    expect(bySupervisor.status).toBe(409);
    expect((await desk.eventTypes(`lead-${leadId}`)).filter((t) => t === 'VisitSheetRecorded')).toHaveLength(1);
  });

  it('a departure more than 5 minutes after the clock is 422 VISIT.DEPARTS_IN_FUTURE', async () => {
    const { visitId } = await visitOf(ann, 'completed');
    const res = await desk.refusedWithNothingAppended(() => sheetOf(visitId, { ...SHEET, departedAt: '2026-10-20T10:06:00+08:00' }, ann.auth));
    expect(expectRefused(res, 422, 'VISIT.DEPARTS_IN_FUTURE').details).toMatchObject({ field: 'departedAt' });
  });

  it("only the visit's agent or their team's supervisor: another agent, another team's supervisor and a manager are refused (403)", async () => {
    const { visitId } = await visitOf(ann, 'completed');
    expectRefused(await desk.refusedWithNothingAppended(() => sheetOf(visitId, SHEET, bob.auth)), 403, 'AUTH.NOT_SELF');
    expectRefused(await desk.refusedWithNothingAppended(() => sheetOf(visitId, SHEET, cat.auth)), 403, 'AUTH.NOT_SELF');
    expectRefused(await desk.refusedWithNothingAppended(() => sheetOf(visitId, SHEET, supervisorT2)), 403, 'AUTH.OTHER_TEAM');
    expectRefused(await desk.refusedWithNothingAppended(() => sheetOf(visitId, SHEET, desk.manager)), 403, 'AUTH.ROLE_NOT_ALLOWED');
  });

  it('bad input is 400 naming the field; an unknown visit is 404', async () => {
    const { visitId } = await visitOf(ann, 'completed');
    expectInvalidField(await sheetOf(visitId, { departedAt: SHEET.departedAt }, ann.auth), 'feedback');
    expectInvalidField(await sheetOf(visitId, { ...SHEET, departedAt: '2026-10-18 13:05' }, ann.auth), 'departedAt');
    expectInvalidField(await sheetOf(visitId, { ...SHEET, feedback: '' }, ann.auth), 'feedback');
    expectRefused(await sheetOf('v-nobody', SHEET, ann.auth), 404, 'VISIT.NOT_FOUND');
  });
});
