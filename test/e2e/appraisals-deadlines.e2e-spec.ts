import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { loadConfig } from '@app/platform';
import { appraisalAt, atTime, type Desk, expectCreated, expectRefused, type Person, readAppraisal, startDesk } from '../support/telesales';

/**
 * The deadlines of an appraisal with the real calendar of chinese-days: National Day 2026 is off
 * from Thursday 10-01 to Wednesday 10-07, and Saturday 10-10 is a make-up working day (调休).
 * August's appraisal is finalized on Monday 09-28 (feedback due 10-01) and feedback is given on
 * Wednesday 09-30, the last working day before the holiday: the 7 working days of the appeal
 * window are 10-08, 10-09, 10-10, 10-12, 10-13, 10-14, 10-15 — Monday to Friday counting alone
 * would end on 10-16. The service's clock is moved to each moment under test.
 */
describe('appeal and feedback deadlines over the National Day holiday', () => {
  let desk: Desk;
  let agent: Person;
  let supervisor: string;
  const finalizedAt = '2026-09-28T10:00:00+08:00';

  /** An August appraisal finalized at `finalizedAt`. */
  async function finalizedInSeptember(): Promise<string> {
    const { appraisalId } = await appraisalAt(desk, agent, 'scored', { period: '2026-08' });
    await atTime(desk, finalizedAt, async () =>
      expectCreated(await desk.post(`/appraisals/${appraisalId}/finalize`, undefined, desk.hr), `appraisal-${appraisalId}`),
    );
    return appraisalId;
  }
  const appeal = (appraisalId: string, appealId: string) =>
    desk.post(`/appraisals/${appraisalId}/appeals`, { appealId, claims: [{ text: 'three calls set appointments', eventIds: ['e1', 'e2', 'e3'] }] }, agent.auth);

  beforeAll(async () => {
    desk = await startDesk();
    agent = await desk.hire({ teamId: 't-deadline' });
    supervisor = desk.supervisorOf('t-deadline');
  });
  afterAll(() => desk.app.close());

  it('feedback on 09-30 puts the appeal deadline on 10-15: over the holiday, counting the make-up Saturday', async () => {
    const appraisalId = await finalizedInSeptember();
    await atTime(desk, '2026-09-30T16:00:00+08:00', async () => {
      expectCreated(await desk.post(`/appraisals/${appraisalId}/feedback`, { givenAt: '2026-09-30T15:00:00+08:00' }, supervisor), `appraisal-${appraisalId}`);
      const res = await readAppraisal(desk, appraisalId, supervisor);
      expect(res.body.feedback).toMatchObject({ givenAt: '2026-09-30T15:00:00+08:00', late: false, appealDeadline: '2026-10-15' });
      expect(res.body.deadlines).toEqual({ feedbackDueOn: '2026-10-01', feedbackOverdue: false, appealDeadline: '2026-10-15', appealWindowOpen: true });
    });

    // Friday 10-16 in Shanghai, one day late: refused, with the deadline in the message; nothing is written.
    const late = await atTime(desk, '2026-10-16T09:00:00+08:00', () => desk.refusedWithNothingAppended(() => appeal(appraisalId, 'appeal-late')));
    const refused = expectRefused(late, 422, 'APPEAL.WINDOW_CLOSED');
    expect(refused.message).toBe('the appeal window closed on 2026-10-15 (7 working days after feedback on 2026-09-30); today is 2026-10-16');
    expect(refused.details).toEqual({ appealDeadline: '2026-10-15' });
    await atTime(desk, '2026-10-16T09:00:00+08:00', async () => {
      expect((await readAppraisal(desk, appraisalId, agent.auth)).body.deadlines).toMatchObject({ appealDeadline: '2026-10-15', appealWindowOpen: false });
    });

    // The last minute of 10-15 in Shanghai is still in time.
    await atTime(desk, '2026-10-15T23:59:00+08:00', async () => expectCreated(await appeal(appraisalId, 'appeal-in-time'), `appraisal-${appraisalId}`));
  });

  it('accepts an appeal during the holiday itself', async () => {
    const appraisalId = await finalizedInSeptember();
    await atTime(desk, '2026-09-30T16:00:00+08:00', async () =>
      expectCreated(await desk.post(`/appraisals/${appraisalId}/feedback`, { givenAt: '2026-09-30T15:00:00+08:00' }, supervisor), `appraisal-${appraisalId}`),
    );
    await atTime(desk, '2026-10-04T11:00:00+08:00', async () => expectCreated(await appeal(appraisalId, 'appeal-holiday'), `appraisal-${appraisalId}`));
  });

  it('shows feedback not given by its due date as overdue, with the date, and records late feedback as late', async () => {
    const appraisalId = await finalizedInSeptember();
    await atTime(desk, '2026-10-01T20:00:00+08:00', async () => {
      expect((await readAppraisal(desk, appraisalId, supervisor)).body.deadlines).toEqual({
        feedbackDueOn: '2026-10-01',
        feedbackOverdue: false,
        appealDeadline: null,
        appealWindowOpen: false,
      });
    });
    await atTime(desk, '2026-10-05T09:00:00+08:00', async () => {
      expect((await readAppraisal(desk, appraisalId, supervisor)).body).toMatchObject({
        state: 'finalized',
        deadlines: { feedbackDueOn: '2026-10-01', feedbackOverdue: true },
      });
    });
    // Given Friday 10-09: the window runs 10-10 (调休), 10-12 … 10-16, 10-19.
    await atTime(desk, '2026-10-12T10:00:00+08:00', async () => {
      expectCreated(await desk.post(`/appraisals/${appraisalId}/feedback`, { givenAt: '2026-10-09T10:00:00+08:00' }, supervisor), `appraisal-${appraisalId}`);
      const res = await readAppraisal(desk, appraisalId, agent.auth);
      expect(res.body.feedback).toMatchObject({ late: true, appealDeadline: '2026-10-19' });
      expect(res.body.deadlines).toEqual({ feedbackDueOn: '2026-10-01', feedbackOverdue: true, appealDeadline: '2026-10-19', appealWindowOpen: true });
    });
  });

  it('refuses feedback ahead of the clock or before finalization', async () => {
    const appraisalId = await finalizedInSeptember();
    await atTime(desk, '2026-09-30T16:00:00+08:00', async () => {
      expectRefused(
        await desk.post(`/appraisals/${appraisalId}/feedback`, { givenAt: '2026-09-30T17:00:00+08:00' }, supervisor),
        422,
        'APPRAISAL.FEEDBACK_IN_FUTURE',
      );
      expectRefused(
        await desk.post(`/appraisals/${appraisalId}/feedback`, { givenAt: '2026-09-27T17:00:00+08:00' }, supervisor),
        422,
        'APPRAISAL.FEEDBACK_BEFORE_FINALIZATION',
      );
    });
  });

  it('refuses to finalize before the period has ended', async () => {
    const { appraisalId } = await appraisalAt(desk, agent, 'scored', { period: '2026-Q3' });
    const early = await atTime(desk, '2026-09-30T23:00:00+08:00', () => desk.post(`/appraisals/${appraisalId}/finalize`, undefined, desk.hr));
    expect(expectRefused(early, 422, 'APPRAISAL.PERIOD_NOT_ENDED').message).toContain('2026-09-30');
  });

  it('reads workday overrides from WORKDAY_OVERRIDES and names a bad entry', () => {
    expect(loadConfig({ WORKDAY_OVERRIDES: '{"2026-10-10":"holiday"}' }).workdayOverrides).toEqual({ '2026-10-10': 'holiday' });
    expect(loadConfig({}).workdayOverrides).toEqual({});
    expect(() => loadConfig({ WORKDAY_OVERRIDES: '{"2026-10-10":"off"}' })).toThrow(
      'WORKDAY_OVERRIDES is not valid: workday override "2026-10-10": the value must be "workday" or "holiday", not "off"',
    );
    expect(() => loadConfig({ WORKDAY_OVERRIDES: '{"2026-10-10":' })).toThrow(/^WORKDAY_OVERRIDES is not valid: workday overrides are not valid JSON/);
  });

  it('the service itself refuses to start with a bad WORKDAY_OVERRIDES, saying why', () => {
    const started = spawnSync(process.execPath, ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'], {
      cwd: join(__dirname, '../..'),
      env: { ...process.env, NODE_OPTIONS: '', TS_NODE_TRANSPILE_ONLY: 'true', WORKDAY_OVERRIDES: '{"2026-13-01":"holiday"}', PORT: '0' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(started.status).toBe(1);
    expect(started.stderr).toContain('WORKDAY_OVERRIDES is not valid: workday override "2026-13-01": the key must be a calendar date YYYY-MM-DD');
  });
});
