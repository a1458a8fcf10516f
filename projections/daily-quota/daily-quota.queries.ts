import { type EntityManager, In } from 'typeorm';
import { addDays, addMonths, type CompensationPlan, PUBLISHED_WORK_CALENDAR, type WorkCalendar, workingDaysEmployedBetween } from '@app/domain';
import {
  type CursorKey,
  decodeCursor,
  encodeCursor,
  type Page,
  type PageRequest,
  pageOfFetched,
  pageOfSorted,
  PlanVersion,
  StaffMember,
  StaffTeam,
} from '@app/projections';
import { monthlyTargets, planInForce, targetsOn } from '@app/domain';
import { QuotaDay, QuotaDeal } from './daily-quota.entities';
import type { DailyQuotaRow, MonthlyQuotaRow, RankedByDeals, RankedByEffectiveCalls } from './daily-quota.rows';
import { type DayCounts, isOvertimeDay, metTargets, owesMakeUp } from './daily-quota.rules';

/**
 * The quota views and the leaderboard, read from the daily-quota tables and the shared `staff`.
 * Targets come from the plan version in force for the month at read time. Only agents (role
 * `agent`) have a quota; specialists are never listed. Lists come a page at a time in agent id
 * order (ranks: rank, then agent id); without a `limit`, whole.
 */

export interface QuotaScope {
  agentId?: string;
  teamId?: string;
}

export interface QuotaCalendar {
  /**
   * Which days are working days: the service passes the State Council calendar with the
   * operator's overrides (`WORKDAY_OVERRIDES`); without one, the published calendar alone.
   */
  calendar?: WorkCalendar;
}

export interface Leaderboard {
  month: string;
  byEffectiveCalls: RankedByEffectiveCalls[];
  byDeals: RankedByDeals[];
  /** Present only when more ranks follow, in both lists at once. */
  nextCursor?: string;
}

/** One row per agent in scope hired by `date`, with zeros for an agent who made no call that day. */
export async function dailyQuota(
  em: EntityManager,
  query: QuotaScope & QuotaCalendar & PageRequest & { date: string; /** the day in progress: it and later days owe nothing yet */ asOf?: string },
): Promise<Page<DailyQuotaRow>> {
  const month = query.date.slice(0, 7);
  const calendar = query.calendar ?? PUBLISHED_WORK_CALENDAR;
  return pageOfAgents(em, query, { since: query.date, until: query.date }, async (agents) => {
    const plans = await plansOf(em, agents);
    const teams = await teamsOf(em, agents);
    const days = await daysOf(em, agents).andWhere('d.date = :date', { date: query.date }).getMany();
    const countsOf = new Map(days.map((d) => [d.agentId, toCounts(d)]));
    return agents.flatMap((agent) => {
      const plan = planInForce(plans.get(agent.planId) ?? [], month);
      if (!plan) return [];
      const counts = countsOf.get(agent.agentId) ?? { dials: 0, effectiveCalls: 0, talkSeconds: 0 };
      const { probation, ...targets } = targetsOn(plan, agent.hiredOn, query.date);
      return [
        {
          agentId: agent.agentId,
          teamId: teamOn(teams, agent, query.date),
          date: query.date,
          ...counts,
          targets,
          onProbation: probation,
          met: metTargets(counts, targets),
          makeUpOwed: owesMakeUp(calendar, query.date, counts.dials, targets.dials, agent.hiredOn, query.asOf),
          overtime: isOvertimeDay(calendar, query.date),
          planId: plan.planId,
          planVersion: plan.version,
        },
      ];
    });
  });
}

/**
 * The month to date per agent in scope. `asOf` is the day in progress: its calls count toward the
 * month, but it owes no make-up day until it is over. For a finished month pass any later date.
 * Monthly targets use the daily targets of the agent's first day of the month on the job (so a
 * month in which probation ends is measured against the probation targets).
 */
export async function monthlyQuota(
  em: EntityManager,
  query: QuotaScope & QuotaCalendar & PageRequest & { month: string; asOf: string },
): Promise<Page<MonthlyQuotaRow>> {
  const { first, last } = monthBounds(query.month);
  const calendar = query.calendar ?? PUBLISHED_WORK_CALENDAR;
  return pageOfAgents(em, query, { since: first, until: last }, async (agents) => {
    const plans = await plansOf(em, agents);
    const teams = await teamsOf(em, agents);
    const days = await daysOf(em, agents)
      .andWhere('d.date >= :first', { first })
      .andWhere('d.date <= :until', { until: query.asOf < last ? query.asOf : last })
      .getMany();
    const byAgent = new Map<string, Map<string, DayCounts>>();
    for (const d of days) {
      const byDate = byAgent.get(d.agentId) ?? new Map<string, DayCounts>();
      byDate.set(d.date, toCounts(d));
      byAgent.set(d.agentId, byDate);
    }

    return agents.flatMap((agent) => {
      const plan = planInForce(plans.get(agent.planId) ?? [], query.month);
      if (!plan) return [];
      // A team's view of someone who moved counts only their days in that team.
      const inScope = query.teamId === undefined ? undefined : (date: string) => teamOn(teams, agent, date) === query.teamId;
      const byDate = byAgent.get(agent.agentId) ?? new Map<string, DayCounts>();
      const totals = { dials: 0, effectiveCalls: 0, talkSeconds: 0 };
      let overtimeDays = 0;
      for (const [date, counts] of byDate) {
        if (inScope && !inScope(date)) continue;
        totals.dials += counts.dials;
        totals.effectiveCalls += counts.effectiveCalls;
        totals.talkSeconds += counts.talkSeconds;
        if (isOvertimeDay(calendar, date) && counts.dials > 0) overtimeDays += 1;
      }
      const firstOnJob = agent.hiredOn > first ? agent.hiredOn : first;
      const onProbation = targetsOn(plan, agent.hiredOn, firstOnJob).probation;
      const leftOn = agent.leftOn ?? undefined;
      // As pay counts them: over the published calendar, which no configuration can move under a closed month.
      const { dials: dialTarget, effectiveCalls: effectiveTarget } = monthlyTargets(plan, agent.hiredOn, query.month, undefined, leftOn, inScope);
      const makeUpDates: string[] = [];
      // Every day, not only those with calls: a working day without a single call owes one too.
      for (let date = firstOnJob; date <= last && date < query.asOf && (leftOn === undefined || date <= leftOn); date = addDays(date, 1)) {
        if (inScope && !inScope(date)) continue;
        const dials = byDate.get(date)?.dials ?? 0;
        if (owesMakeUp(calendar, date, dials, targetsOn(plan, agent.hiredOn, date).dials, agent.hiredOn, query.asOf)) makeUpDates.push(date);
      }
      return [
        {
          agentId: agent.agentId,
          teamId: query.teamId ?? teamOn(teams, agent, query.asOf < last ? query.asOf : last),
          month: query.month,
          asOf: query.asOf,
          ...totals,
          targets: { dials: dialTarget, effectiveCalls: effectiveTarget },
          onProbation,
          makeUpDaysOwed: makeUpDates.length,
          makeUpDates,
          overtimeDays,
          workingDaysLeft: workingDaysLeft(calendar, firstOnJob, leftOn !== undefined && leftOn < last ? leftOn : last, query.asOf),
          planId: plan.planId,
          planVersion: plan.version,
        },
      ];
    });
  });
}

/**
 * The month's working days from the day in progress (`asOf`, included) to its end, counted from
 * the first day on the job: the whole month's when it has not begun, none when it is over.
 */
function workingDaysLeft(calendar: WorkCalendar, firstOnJob: string, last: string, asOf: string): number {
  return workingDaysEmployedBetween(calendar, asOf > firstOnJob ? asOf : firstOnJob, last);
}

/**
 * Agents ranked by the month's effective calls and by its deals: deals closed that month on leads
 * they own, less those of them cancelled that month (a later cancellation does not reach back).
 * Ties share a rank and the next rank is skipped (1, 1, 3). Specialists are not ranked. Ranks are
 * computed over every agent, then paged: a later page shows the same ranks as the whole board.
 */
export async function leaderboard(em: EntityManager, query: PageRequest & { month: string }): Promise<Leaderboard> {
  const { first, last } = monthBounds(query.month);
  const agents = await agentsInScope(em, {}, { since: first, until: last });
  const teams = await teamsOf(em, agents);
  const effective = await em
    .getRepository(QuotaDay)
    .createQueryBuilder('d')
    .select('d.agentId', 'agent_id')
    .addSelect('sum(d.effectiveCalls)::bigint', 'effective_calls')
    .where('d.date >= :first', { first })
    .andWhere('d.date <= :last', { last })
    .groupBy('d.agentId')
    .getRawMany<{ agent_id: string; effective_calls: string }>();
  const closed = await em
    .getRepository(QuotaDeal)
    .createQueryBuilder('l')
    .select('l.ownerId', 'owner_id')
    .addSelect('count(*)::bigint', 'deals')
    .where('l.closedDate >= :first', { first })
    .andWhere('l.closedDate <= :last', { last })
    .andWhere('l.ownerId IS NOT NULL')
    .andWhere('(l.cancelledDate IS NULL OR l.cancelledDate > :last)', { last })
    .groupBy('l.ownerId')
    .getRawMany<{ owner_id: string; deals: string }>();
  const effectiveOf = new Map(effective.map((r) => [r.agent_id, Number(r.effective_calls)]));
  const dealsOf = new Map(closed.map((r) => [r.owner_id, Number(r.deals)]));
  const byEffectiveCalls = ranked(
    agents.map((a) => ({ agentId: a.agentId, teamId: teamOn(teams, a, last), effectiveCalls: effectiveOf.get(a.agentId) ?? 0 })),
    (r) => r.effectiveCalls,
  );
  const byDeals = ranked(
    agents.map((a) => ({ agentId: a.agentId, teamId: teamOn(teams, a, last), deals: dealsOf.get(a.agentId) ?? 0 })),
    (r) => r.deals,
  );

  // Both rankings hold the same agents, so they page in step; the cursor holds where each stopped.
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, ['number', 'string', 'number', 'string']);
  const [callsAfter, dealsAfter] = [after?.slice(0, 2), after?.slice(2)];
  const calls = pageOfSorted(byEffectiveCalls, { limit: query.limit, after: callsAfter }, rankKey);
  const deals = pageOfSorted(byDeals, { limit: query.limit, after: dealsAfter }, rankKey);
  const board: Leaderboard = { month: query.month, byEffectiveCalls: calls.items, byDeals: deals.items };
  if (calls.nextCursor === undefined && deals.nextCursor === undefined) return board;
  // A list with nothing left keeps its old position; one that was empty from the start is past its end.
  const stop = (items: { rank: number; agentId: string }[], before: CursorKey | undefined) =>
    items.length > 0 ? rankKey(items[items.length - 1]) : (before ?? [Number.MAX_SAFE_INTEGER, '']);
  return { ...board, nextCursor: encodeCursor([...stop(calls.items, callsAfter), ...stop(deals.items, dealsAfter)]) };
}

/** The leaderboard's order: rank, then agent id (as `ranked` sorts). */
const rankKey = (row: { rank: number; agentId: string }): CursorKey => [row.rank, row.agentId];

/** Highest first; equal scores share the rank of the first of them. */
function ranked<Row extends { agentId: string }>(rows: Row[], score: (row: Row) => number): (Row & { rank: number })[] {
  const sorted = [...rows].sort((a, b) => score(b) - score(a) || (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0));
  let rank = 0;
  return sorted.map((row, i) => {
    if (i === 0 || score(row) !== score(sorted[i - 1])) rank = i + 1;
    return { rank, ...row };
  });
}

type AgentRow = Pick<StaffMember, 'agentId' | 'teamId' | 'hiredOn' | 'planId' | 'leftOn'>;

const toCounts = ({ dials, effectiveCalls, talkSeconds }: QuotaDay): DayCounts => ({ dials, effectiveCalls, talkSeconds });

/** The days of these agents; the caller narrows the dates. */
const daysOf = (em: EntityManager, agents: AgentRow[]) =>
  em
    .getRepository(QuotaDay)
    .createQueryBuilder('d')
    .where('d.agentId = ANY(:agentIds)', { agentIds: agents.map((a) => a.agentId) });

function monthBounds(month: string): { first: string; last: string } {
  const first = `${month}-01`;
  return { first, last: addDays(addMonths(first, 1), -1) };
}

/**
 * A page of per-agent rows, the limit pushed into SQL. An agent without a plan in force has no row,
 * so a batch that came up short is topped up from the agents after it.
 */
async function pageOfAgents<Row extends { agentId: string }>(
  em: EntityManager,
  query: QuotaScope & PageRequest,
  dates: Dates,
  rowsOf: (agents: AgentRow[]) => Promise<Row[]>,
): Promise<Page<Row>> {
  const rowsOfSome = async (agents: AgentRow[]) => (agents.length === 0 ? [] : rowsOf(agents));
  let after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, ['string'])[0];
  if (query.limit === undefined) return { items: await rowsOfSome(await agentsInScope(em, query, dates, { after })) };
  const rows: Row[] = [];
  while (rows.length <= query.limit) {
    const want = query.limit + 1 - rows.length;
    const agents = await agentsInScope(em, query, dates, { after, limit: want });
    rows.push(...(await rowsOfSome(agents)));
    if (agents.length < want) break;
    after = agents[agents.length - 1].agentId;
  }
  return pageOfFetched(rows, query.limit, (row) => [row.agentId]);
}

/** The days a view covers: a day, or a month. */
interface Dates {
  since: string;
  until: string;
}

/**
 * Agents (not specialists) in scope who were hired on or before `until`, by agent id; with a team,
 * those in that team on some day of `since`..`until` (a person's team is the latest `staff_teams`
 * row on or before the day).
 */
async function agentsInScope(em: EntityManager, scope: QuotaScope, dates: Dates, page: { after?: string; limit?: number } = {}): Promise<AgentRow[]> {
  const hiredBy = dates.until;
  // `staff.agent_id` is COLLATE "C": the order in which cursors and ranks compare ids in memory.
  const agents = em
    .getRepository(StaffMember)
    .createQueryBuilder('s')
    .select(['s.agentId', 's.teamId', 's.hiredOn', 's.planId', 's.leftOn'])
    .where('s.role = :role', { role: 'agent' })
    .andWhere('s.hiredOn <= :hiredBy', { hiredBy })
    // Someone who left is listed up to their last working day.
    .andWhere('(s.leftOn IS NULL OR s.leftOn >= :since)', { since: dates.since })
    .orderBy('s.agentId');
  if (scope.agentId !== undefined) agents.andWhere('s.agentId = :agentId', { agentId: scope.agentId });
  if (scope.teamId !== undefined) {
    // A period in the team that began by `until` and was not ended by a move on or before `since`.
    agents.andWhere(
      `EXISTS (SELECT 1 FROM staff_teams t WHERE t.agent_id = s.agent_id AND t.team_id = :teamId AND t.from_date <= :until
        AND NOT EXISTS (SELECT 1 FROM staff_teams n WHERE n.agent_id = t.agent_id AND n.from_date > t.from_date AND n.from_date <= :since))`,
      { teamId: scope.teamId, until: dates.until, since: dates.since },
    );
  }
  if (page.after !== undefined) agents.andWhere('s.agentId > :after', { after: page.after });
  if (page.limit !== undefined) agents.limit(page.limit);
  return agents.getMany();
}

async function plansOf(em: EntityManager, agents: AgentRow[]): Promise<Map<string, CompensationPlan[]>> {
  const rows = await em.find(PlanVersion, { where: { planId: In([...new Set(agents.map((a) => a.planId))]) }, order: { planId: 'ASC', version: 'ASC' } });
  const plans = new Map<string, CompensationPlan[]>();
  for (const r of rows) plans.set(r.planId, [...(plans.get(r.planId) ?? []), r.plan]);
  return plans;
}

/** Each agent's team rows, oldest first. */
async function teamsOf(em: EntityManager, agents: AgentRow[]): Promise<Map<string, StaffTeam[]>> {
  const rows =
    agents.length === 0 ? [] : await em.find(StaffTeam, { where: { agentId: In(agents.map((a) => a.agentId)) }, order: { agentId: 'ASC', from: 'ASC' } });
  const teams = new Map<string, StaffTeam[]>();
  for (const r of rows) teams.set(r.agentId, [...(teams.get(r.agentId) ?? []), r]);
  return teams;
}

/** The agent's team on a date: the latest row on or before it (the hire's team before any row). */
function teamOn(teams: Map<string, StaffTeam[]>, agent: AgentRow, date: string): string {
  let team = agent.teamId;
  const rows = teams.get(agent.agentId);
  if (!rows) return team;
  team = rows[0].teamId;
  for (const r of rows) if (r.from <= date) team = r.teamId;
  return team;
}
