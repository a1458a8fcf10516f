import {
  type AgentHired,
  type AgentLeft,
  chineseWorkCalendar,
  type CompensationPlanPublished,
  type WorkLogSubmitted,
  type WorkPlanSubmitted,
} from '@app/domain';
import { HANDBOOK_PLAN } from '../../test/support/handbook-plan';
import { projectionHarness, recorded } from '../../test/support/projection';
import { dailyDisciplineProjection } from './daily-discipline.projection';
import { disciplineDuties } from './daily-discipline.queries';

const calendar = chineseWorkCalendar();
const published = () => recorded<CompensationPlanPublished>({ type: 'CompensationPlanPublished', data: structuredClone(HANDBOOK_PLAN) });
const hired = (agentId: string, role: 'agent' | 'specialist' = 'agent', teamId = 't1') =>
  recorded<AgentHired>({ type: 'AgentHired', data: { agentId, name: agentId, role, teamId, hiredOn: '2026-09-01', planId: 'standard' } });
const log = (agentId: string, date: string, submittedAt: string) =>
  recorded<WorkLogSubmitted>({ type: 'WorkLogSubmitted', data: { agentId, date, summary: '日志', details: null, submittedAt } });
const plan = (agentId: string, planDay: string, submittedAt: string) =>
  recorded<WorkPlanSubmitted>({ type: 'WorkPlanSubmitted', data: { agentId, planDay, work: '计划', prospects: '客户', submittedAt } });

let discipline: Awaited<ReturnType<typeof projectionHarness>>;
beforeAll(async () => {
  discipline = await projectionHarness(dailyDisciplineProjection);
});
afterAll(async () => {
  await discipline.close();
});

const dutiesOn = (date: string, now: string, query: { agentId?: string; teamId?: string; lateOnly?: boolean } = {}) =>
  discipline.read((em) => disciplineDuties(em, { ...query, from: date, to: date, now: new Date(now), calendar })).then((page) => page.items);

describe('the daily discipline read model', () => {
  it('keeps the first submission of a day, and shows each agent’s duties of the day by the clock (specialists owe none)', async () => {
    await discipline.given(
      [
        published(),
        hired('ann'),
        hired('bob'),
        hired('sam', 'specialist'),
        hired('cat', 'agent', 't2'),
        log('ann', '2026-10-15', '2026-10-15T09:40:00.000Z'),
        log('ann', '2026-10-15', '2026-10-15T11:00:00.000Z'), // a retry's duplicate: the first stays
        plan('ann', '2026-10-15', '2026-10-15T09:30:00.000Z'),
      ],
      3,
    );
    // 17:55 in Shanghai: the log was due at 17:50, the plan is due at 18:00.
    const items = await dutiesOn('2026-10-15', '2026-10-15T09:55:00.000Z', { teamId: 't1' });
    expect(items.map((a) => [a.agentId, a.duties.map((d) => `${d.kind}:${d.status}:${d.minutesLate}`)])).toEqual([
      ['ann', ['work_log:on_time:null', 'work_plan:on_time:null']],
      ['bob', ['work_log:missing:5', 'work_plan:pending:null']],
    ]);
    const later = await dutiesOn('2026-10-15', '2026-10-15T11:00:00.000Z', { lateOnly: true });
    expect(later.map((a) => [a.agentId, a.lateCount, a.duties.map((d) => `${d.kind}:${d.status}`)])).toEqual([
      ['bob', 2, ['work_log:missing', 'work_plan:missing']],
      ['cat', 2, ['work_log:missing', 'work_plan:missing']],
    ]);
  });

  it('asks nothing of a leaver after their last working day, and lists no one gone before the range', async () => {
    const left = recorded<AgentLeft>({ type: 'AgentLeft', data: { agentId: 'dan', lastWorkingDay: '2026-10-14', reason: 'moved city', decidedBy: 'hr1' } });
    await discipline.given([hired('dan', 'agent', 't9'), left]);
    // Tuesday 10-13 to Friday 10-16: work logs for the 13th and 14th only; the plan of the 15th falls after the leaving.
    const range = await discipline.read((em) =>
      disciplineDuties(em, { teamId: 't9', from: '2026-10-13', to: '2026-10-16', now: new Date('2026-10-17T02:00:00.000Z'), calendar }),
    );
    expect(range.items.map((a) => [a.agentId, a.duties.map((d) => `${d.kind}:${d.forDate}`)])).toEqual([
      ['dan', ['work_log:2026-10-13', 'work_log:2026-10-14']],
    ]);
    expect(await dutiesOn('2026-10-15', '2026-10-15T11:00:00.000Z', { teamId: 't9' })).toEqual([]);
  });
});
