import { appraisalAt, atTime, type Desk, expectCreated, expectRefused, type Person, readAppraisal, startDesk, type StreamItem } from '../support/telesales';

/**
 * The archive (「经总助批准方可查阅」): once archived, an appraisal is read by anyone but the
 * appraised agent only with their own access request approved by the assistant, until it
 * expires; every read, refused ones excepted, is recorded on the appraisal's stream.
 */
describe('reading an archived appraisal', () => {
  let desk: Desk;
  let agent: Person;
  let appraisalId: string;
  const reads = async () => (await desk.events(`appraisal-${appraisalId}`)).filter((e) => e.type === 'ArchivedAppraisalRead');
  const request = (requestId: string, auth: string, id = appraisalId) =>
    desk.post('/archive-access', { requestId, appraisalId: id, reason: 'promotion review' }, auth);

  beforeAll(async () => {
    desk = await startDesk();
    agent = await desk.hire({ teamId: 't-archive' });
    ({ appraisalId } = await appraisalAt(desk, agent, 'archived'));
  });
  afterAll(() => desk.app.close());

  it('is refused without an approved request, and the refusal writes nothing', async () => {
    const refused = await desk.refusedWithNothingAppended(() => readAppraisal(desk, appraisalId, desk.manager));
    expect(expectRefused(refused, 403, 'ARCHIVE.ACCESS_REQUIRED').message).toContain('approved by the assistant');
    expectRefused(await readAppraisal(desk, appraisalId, desk.manager, {}, '/evidence'), 403, 'ARCHIVE.ACCESS_REQUIRED');
    expectCreated(await request('r-pending', desk.manager), 'archive-access-r-pending');
    expectRefused(await readAppraisal(desk, appraisalId, desk.manager, { accessRequestId: 'r-pending' }), 403, 'ARCHIVE.ACCESS_REQUIRED');
    expect(await reads()).toEqual([]);
  });

  it('is allowed with an approved request, each read recorded with who read it and under which request', async () => {
    expectCreated(await request('r-mgr', desk.manager), 'archive-access-r-mgr');
    expectRefused(await desk.post('/archive-access/r-mgr/approve', {}, desk.hr), 403, 'AUTH.ROLE_NOT_ALLOWED');
    expectCreated(await desk.post('/archive-access/r-mgr/approve', { validForHours: 1 }, desk.assistant), 'archive-access-r-mgr');
    const granted = (await desk.events('archive-access-r-mgr'))[1];
    expect(granted).toMatchObject({ type: 'ArchiveAccessGranted', data: { requestId: 'r-mgr', appraisalId, requestedBy: 'mgr-1', grantedBy: 'asst-1' } });

    const view = await readAppraisal(desk, appraisalId, desk.manager, { accessRequestId: 'r-mgr' });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ appraisalId, state: 'archived', score: expect.any(Number), archived: { archivedBy: 'hr-1' } });
    expect((await readAppraisal(desk, appraisalId, desk.manager, { accessRequestId: 'r-mgr' }, '/evidence')).status).toBe(200);

    const recorded = await reads();
    expect(recorded.map((e) => e.data)).toEqual([
      { appraisalId, readBy: 'mgr-1', requestId: 'r-mgr', readAt: expect.any(String) },
      { appraisalId, readBy: 'mgr-1', requestId: 'r-mgr', readAt: expect.any(String) },
    ]);
    expect(recorded[0].metadata).toMatchObject({ actor: { sub: 'mgr-1', roles: ['manager'] } });
  });

  it("is refused with someone else's request", async () => {
    expectRefused(await readAppraisal(desk, appraisalId, desk.director, { accessRequestId: 'r-mgr' }), 403, 'ARCHIVE.NOT_YOURS');
  });

  it('lets the appraised agent read their own without a request, and records that read too', async () => {
    expect((await readAppraisal(desk, appraisalId, agent.auth)).status).toBe(200);
    expect((await reads()).at(-1)?.data).toMatchObject({ readBy: agent.agentId, requestId: null });
  });

  it('is refused once the approval has expired, naming when it ended', async () => {
    const granted = (await desk.events('archive-access-r-mgr'))[1] as StreamItem;
    const validUntil = granted.data.validUntil as string;
    const before = (await reads()).length;
    const late = await atTime(desk, validUntil, () => readAppraisal(desk, appraisalId, desk.manager, { accessRequestId: 'r-mgr' }));
    const refused = expectRefused(late, 403, 'ARCHIVE.ACCESS_EXPIRED');
    expect(refused.message).toContain(validUntil);
    expect(refused.details).toMatchObject({ validUntil });
    const justBefore = new Date(Date.parse(validUntil) - 1000).toISOString();
    expect((await atTime(desk, justBefore, () => readAppraisal(desk, appraisalId, desk.manager, { accessRequestId: 'r-mgr' }))).status).toBe(200);
    expect(await reads()).toHaveLength(before + 1);
  });

  it('records each read and checks the approval each time, even when a client resends it with the same Idempotency-Key', async () => {
    expectCreated(await request('r-dir', desk.director), 'archive-access-r-dir');
    expectCreated(await desk.post('/archive-access/r-dir/approve', { validForHours: 1 }, desk.assistant), 'archive-access-r-dir');
    const validUntil = (await desk.events('archive-access-r-dir'))[1].data.validUntil as string;
    const justBefore = new Date(Date.parse(validUntil) - 60_000).toISOString();
    const read = () =>
      desk.http
        .get(`/api/appraisals/${appraisalId}`)
        .query({ accessRequestId: 'r-dir' })
        .set('Authorization', desk.director)
        .set('Idempotency-Key', 'same-key');
    const before = (await reads()).length;

    expect((await atTime(desk, justBefore, read)).status).toBe(200);
    expect((await atTime(desk, justBefore, read)).status).toBe(200);
    expect(await reads()).toHaveLength(before + 2);
    // Once the approval has ended, the same key is no way around it.
    expectRefused(await atTime(desk, validUntil, read), 403, 'ARCHIVE.ACCESS_EXPIRED');
    expect(await reads()).toHaveLength(before + 2);
  });

  it('keeps the results out of the audit trail of an archived appraisal, whose reads it shows', async () => {
    const trail = await desk.events(`appraisal-${appraisalId}`);
    const finalized = trail.find((e) => e.type === 'AppraisalFinalized')!;
    expect(finalized.data).toBeNull();
    expect(finalized).toMatchObject({ withheld: expect.stringContaining('archived'), metadata: { actor: { sub: 'hr-1' } } });
    expect(trail.find((e) => e.type === 'AppraisalOpened')!.data).toMatchObject({ appraisalId, agentId: agent.agentId });
    expect(trail.filter((e) => e.type === 'ArchivedAppraisalRead').every((e) => e.data !== null)).toBe(true);
  });

  it('takes requests only from those who could read the appraisal, for archived appraisals', async () => {
    expectRefused(await request('r-other-team', desk.supervisorOf('t-elsewhere')), 403, 'AUTH.OTHER_TEAM');
    const { appraisalId: live } = await appraisalAt(desk, agent, 'finalized');
    expectRefused(await request('r-live', desk.manager, live), 422, 'ARCHIVE.NOT_ARCHIVED');
    expectRefused(await request('r-none', desk.manager, 'ap-none'), 404, 'APPRAISAL.NOT_FOUND');
    expectCreated(await request('r-own', desk.director), 'archive-access-r-own');
    expectRefused(await desk.post('/archive-access/r-own/approve', {}, desk.bearer('dir-1', ['director', 'assistant'])), 403, 'ARCHIVE.OWN_REQUEST');
    expectRefused(await desk.post('/archive-access/r-nope/approve', {}, desk.assistant), 404, 'ARCHIVE.UNKNOWN_REQUEST');
  });
});
