import { addDays, addMonths, type CompensationPlan, isWeekend } from '@app/domain';
import { type CursorKey, decodeCursor, encodeCursor, type Page, type PageRequest, pageOfFetched, pageOfSorted, type Sql, type Tables } from '@app/projections';
import type { DailyQuotaTable } from './daily-quota.projection';
import { type DayTargets, monthlyTargets, planInForce, targetsOn } from '@app/domain';
import { type DayCounts, metTargets, owesMakeUp } from './daily-quota.rules';

/**
 * The quota views and the leaderboard, read from the daily-quota tables. Targets come from the
 * plan version in force for the month at read time. Only agents (role `agent`) have a quota;
 * specialists are never listed. Lists come a page at a time in agent id order (ranks: rank, then
 * agent id); without a `limit`, whole.
 */

export interface QuotaScope {
  agentId?: string;
  teamId?: string;
}

export interface DailyQuotaRow {
  agentId: string;
  teamId: string;
  date: string;
  dials: number;
  effectiveCalls: number;
  talkSeconds: number;
  targets: DayTargets;
  onProbation: boolean;
  /** Every target of the day reached (a talk-time target only when the plan sets one). */
  met: boolean;
  /** A working day of employment whose dial target was missed; never a weekend. */
  makeUpOwed: boolean;
  /** A weekend day: its calls are voluntary overtime that still count toward the month. */
  overtime: boolean;
  planId: string;
  planVersion: number;
}

export interface MonthlyQuotaRow {
  agentId: string;
  teamId: string;
  month: string;
  asOf: string;
  /** Month to date: every call of the month's days up to and including `asOf`. */
  dials: number;
  effectiveCalls: number;
  talkSeconds: number;
  /** The month's targets as pay counts them (`monthlyTargets`): daily × `workingDaysPerMonth`, prorated by days employed. */
  targets: { dials: number; effectiveCalls: number };
  onProbation: boolean;
  /** Finished working days (before `asOf`) of employment this month under the dial target. */
  makeUpDaysOwed: number;
  makeUpDates: string[];
  /** Weekend days of the month to date with calls. */
  overtimeDays: number;
  planId: string;
  planVersion: number;
}

export interface RankedByEffectiveCalls {
  rank: number;
  agentId: string;
  teamId: string;
  effectiveCalls: number;
}
export interface RankedByDeals {
  rank: number;
  agentId: string;
  teamId: string;
  deals: number;
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
  sql: Sql,
  t: Tables<DailyQuotaTable>,
  query: QuotaScope & PageRequest & { date: string; /** the day in progress: it and later days owe nothing yet */ asOf?: string },
): Promise<Page<DailyQuotaRow>> {
  const month = query.date.slice(0, 7);
  return pageOfAgents(sql, t, query, query.date, async (agents) => {
    const plans = await plansOf(sql, t, agents);
    const days = await sql.query<DayRow>(
      `SELECT agent_id, to_char(date, 'YYYY-MM-DD') AS date, dials, effective_calls, talk_seconds
       FROM ${t.days} WHERE date = $1 AND agent_id = ANY($2::text[])`,
      [query.date, agents.map((a) => a.agentId)],
    );
    const countsOf = new Map(days.map((d) => [d.agent_id, toCounts(d)]));
    return agents.flatMap((agent) => {
      const plan = planInForce(plans.get(agent.planId) ?? [], month);
      if (!plan) return [];
      const counts = countsOf.get(agent.agentId) ?? { dials: 0, effectiveCalls: 0, talkSeconds: 0 };
      const { probation, ...targets } = targetsOn(plan, agent.hiredOn, query.date);
      return [
        {
          agentId: agent.agentId,
          teamId: agent.teamId,
          date: query.date,
          ...counts,
          targets,
          onProbation: probation,
          met: metTargets(counts, targets),
          makeUpOwed: owesMakeUp(query.date, counts.dials, targets.dials, agent.hiredOn, query.asOf),
          overtime: isWeekend(query.date),
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
  sql: Sql,
  t: Tables<DailyQuotaTable>,
  query: QuotaScope & PageRequest & { month: string; asOf: string },
): Promise<Page<MonthlyQuotaRow>> {
  const { first, last } = monthBounds(query.month);
  return pageOfAgents(sql, t, query, last, async (agents) => {
    const plans = await plansOf(sql, t, agents);
    const days = await sql.query<DayRow>(
      `SELECT agent_id, to_char(date, 'YYYY-MM-DD') AS date, dials, effective_calls, talk_seconds
       FROM ${t.days} WHERE date >= $1 AND date <= $2 AND agent_id = ANY($3::text[])`,
      [first, query.asOf < last ? query.asOf : last, agents.map((a) => a.agentId)],
    );
    const daysOf = new Map<string, Map<string, DayCounts>>();
    for (const d of days) {
      const byDate = daysOf.get(d.agent_id) ?? new Map<string, DayCounts>();
      byDate.set(d.date, toCounts(d));
      daysOf.set(d.agent_id, byDate);
    }

    return agents.flatMap((agent) => {
      const plan = planInForce(plans.get(agent.planId) ?? [], query.month);
      if (!plan) return [];
      const byDate = daysOf.get(agent.agentId) ?? new Map<string, DayCounts>();
      const totals = { dials: 0, effectiveCalls: 0, talkSeconds: 0 };
      let overtimeDays = 0;
      for (const [date, counts] of byDate) {
        totals.dials += counts.dials;
        totals.effectiveCalls += counts.effectiveCalls;
        totals.talkSeconds += counts.talkSeconds;
        if (isWeekend(date) && counts.dials > 0) overtimeDays += 1;
      }
      const firstOnJob = agent.hiredOn > first ? agent.hiredOn : first;
      const onProbation = targetsOn(plan, agent.hiredOn, firstOnJob).probation;
      const { dials: dialTarget, effectiveCalls: effectiveTarget } = monthlyTargets(plan, agent.hiredOn, query.month);
      const makeUpDates: string[] = [];
      // Every day, not only those with calls: a working day without a single call owes one too.
      for (let date = firstOnJob; date <= last && date < query.asOf; date = addDays(date, 1)) {
        const dials = byDate.get(date)?.dials ?? 0;
        if (owesMakeUp(date, dials, targetsOn(plan, agent.hiredOn, date).dials, agent.hiredOn, query.asOf)) makeUpDates.push(date);
      }
      return [
        {
          agentId: agent.agentId,
          teamId: agent.teamId,
          month: query.month,
          asOf: query.asOf,
          ...totals,
          targets: { dials: dialTarget, effectiveCalls: effectiveTarget },
          onProbation,
          makeUpDaysOwed: makeUpDates.length,
          makeUpDates,
          overtimeDays,
          planId: plan.planId,
          planVersion: plan.version,
        },
      ];
    });
  });
}

/**
 * Agents ranked by the month's effective calls and by its deals: deals closed that month on leads
 * they own, less those of them cancelled that month (a later cancellation does not reach back).
 * Ties share a rank and the next rank is skipped (1, 1, 3). Specialists are not ranked. Ranks are
 * computed over every agent, then paged: a later page shows the same ranks as the whole board.
 */
export async function leaderboard(sql: Sql, t: Tables<DailyQuotaTable>, query: PageRequest & { month: string }): Promise<Leaderboard> {
  const { first, last } = monthBounds(query.month);
  const agents = await agentsInScope(sql, t, {}, last);
  const effective = await sql.query<{ agent_id: string; effective_calls: string | number }>(
    `SELECT agent_id, sum(effective_calls)::bigint AS effective_calls FROM ${t.days}
     WHERE date >= $1 AND date <= $2 GROUP BY agent_id`,
    [first, last],
  );
  const closed = await sql.query<{ owner_id: string; deals: string | number }>(
    `SELECT owner_id, count(*)::bigint AS deals FROM ${t.deals}
     WHERE closed_date >= $1 AND closed_date <= $2 AND owner_id IS NOT NULL
       AND (cancelled_date IS NULL OR cancelled_date > $2)
     GROUP BY owner_id`,
    [first, last],
  );
  const effectiveOf = new Map(effective.map((r) => [r.agent_id, Number(r.effective_calls)]));
  const dealsOf = new Map(closed.map((r) => [r.owner_id, Number(r.deals)]));
  const byEffectiveCalls = ranked(agents.map((a) => ({ agentId: a.agentId, teamId: a.teamId, effectiveCalls: effectiveOf.get(a.agentId) ?? 0 })), (r) => r.effectiveCalls);
  const byDeals = ranked(agents.map((a) => ({ agentId: a.agentId, teamId: a.teamId, deals: dealsOf.get(a.agentId) ?? 0 })), (r) => r.deals);

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

interface AgentRow {
  agentId: string;
  teamId: string;
  hiredOn: string;
  planId: string;
}
interface DayRow {
  agent_id: string;
  date: string;
  dials: number;
  effective_calls: number;
  talk_seconds: string | number;
}

const toCounts = (d: DayRow): DayCounts => ({
  dials: Number(d.dials),
  effectiveCalls: Number(d.effective_calls),
  talkSeconds: Number(d.talk_seconds),
});

function monthBounds(month: string): { first: string; last: string } {
  const first = `${month}-01`;
  return { first, last: addDays(addMonths(first, 1), -1) };
}

/**
 * A page of per-agent rows, the limit pushed into SQL. An agent without a plan in force has no row,
 * so a batch that came up short is topped up from the agents after it.
 */
async function pageOfAgents<Row extends { agentId: string }>(
  sql: Sql,
  t: Tables<DailyQuotaTable>,
  query: QuotaScope & PageRequest,
  hiredBy: string,
  rowsOf: (agents: AgentRow[]) => Promise<Row[]>,
): Promise<Page<Row>> {
  const rowsOfSome = async (agents: AgentRow[]) => (agents.length === 0 ? [] : rowsOf(agents));
  let after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, ['string'])[0];
  if (query.limit === undefined) return { items: await rowsOfSome(await agentsInScope(sql, t, query, hiredBy, { after })) };
  const rows: Row[] = [];
  while (rows.length <= query.limit) {
    const want = query.limit + 1 - rows.length;
    const agents = await agentsInScope(sql, t, query, hiredBy, { after, limit: want });
    rows.push(...(await rowsOfSome(agents)));
    if (agents.length < want) break;
    after = agents[agents.length - 1].agentId;
  }
  return pageOfFetched(rows, query.limit, (row) => [row.agentId]);
}

/** Agents (not specialists) in scope who were hired on or before `hiredBy`, by agent id. */
async function agentsInScope(
  sql: Sql,
  t: Tables<DailyQuotaTable>,
  scope: QuotaScope,
  hiredBy: string,
  page: { after?: string; limit?: number } = {},
): Promise<AgentRow[]> {
  const params: unknown[] = ['agent', hiredBy];
  const where = ['role = $1', 'hired_on <= $2'];
  if (scope.agentId !== undefined) where.push(`agent_id = $${params.push(scope.agentId)}`);
  if (scope.teamId !== undefined) where.push(`team_id = $${params.push(scope.teamId)}`);
  if (page.after !== undefined) where.push(`agent_id COLLATE "C" > $${params.push(page.after)}`);
  const limit = page.limit === undefined ? '' : `LIMIT $${params.push(page.limit)}`;
  // COLLATE "C": the order in which cursors and ranks compare ids in memory.
  const rows = await sql.query<{ agent_id: string; team_id: string; hired_on: string; plan_id: string }>(
    `SELECT agent_id, team_id, to_char(hired_on, 'YYYY-MM-DD') AS hired_on, plan_id FROM ${t.agents}
     WHERE ${where.join(' AND ')} ORDER BY agent_id COLLATE "C" ${limit}`,
    params,
  );
  return rows.map((r) => ({ agentId: r.agent_id, teamId: r.team_id, hiredOn: r.hired_on, planId: r.plan_id }));
}

async function plansOf(sql: Sql, t: Tables<DailyQuotaTable>, agents: AgentRow[]): Promise<Map<string, CompensationPlan[]>> {
  const rows = await sql.query<{ plan_id: string; plan: CompensationPlan | string }>(
    `SELECT plan_id, plan FROM ${t.plans} WHERE plan_id = ANY($1::text[]) ORDER BY plan_id, version`,
    [[...new Set(agents.map((a) => a.planId))]],
  );
  const plans = new Map<string, CompensationPlan[]>();
  for (const r of rows) plans.set(r.plan_id, [...(plans.get(r.plan_id) ?? []), typeof r.plan === 'string' ? JSON.parse(r.plan) : r.plan]);
  return plans;
}
