import type { EntityManager } from 'typeorm';
import { previousWorkingDay, PUBLISHED_WORK_CALENDAR } from '@app/domain';
import { decodeCursor, type PageRequest, pageOfSorted } from '@app/projections';
import { dailyQuota, monthlyQuota, type QuotaCalendar, type QuotaScope } from './daily-quota.queries';
import type { BriefingAgent, BriefingTeam } from './morning-briefing.rows';

export interface MorningBriefing {
  date: string;
  /** Per agent: how the previous working day went ("yesterday") and what today asks. */
  agents: BriefingAgent[];
  /** Per team: the month to date against the month's goal (the sum of its agents' monthly targets). */
  teams: BriefingTeam[];
  /** Present only when more agents follow; `teams` is whole on every page. */
  nextCursor?: string;
}

/**
 * The handbooks' daily stand-up on one screen (晨会): each agent's results of yesterday — the
 * previous working day (「回顾昨天的工作内容」: a Monday reviews the Friday, the day after National
 * Day the last working day before it) — and targets of today, and each team's month to date against its goal. Composed from the daily
 * quota read model, so its figures are the quota view's figures. The team totals are over every
 * agent in scope; the agents come a page at a time, by agent id.
 */
export async function morningBriefing(em: EntityManager, query: QuotaScope & QuotaCalendar & PageRequest & { date: string }): Promise<MorningBriefing> {
  const { limit, cursor, ...scope } = query;
  const after = cursor === undefined ? undefined : decodeCursor(cursor, ['string']);
  const yesterday = previousWorkingDay(scope.calendar ?? PUBLISHED_WORK_CALENDAR, scope.date);
  // One after another: they share the transaction's one connection, and so one snapshot.
  const { items: before } = await dailyQuota(em, { ...scope, date: yesterday });
  const { items: today } = await dailyQuota(em, { ...scope, date: scope.date, asOf: scope.date });
  const { items: month } = await monthlyQuota(em, { ...scope, month: scope.date.slice(0, 7), asOf: scope.date });
  const yesterdayOf = new Map(before.map((r) => [r.agentId, r]));
  const monthOf = new Map(month.map((r) => [r.agentId, r]));
  const agents = today.map((t): BriefingAgent => {
    const y = yesterdayOf.get(t.agentId);
    const m = monthOf.get(t.agentId);
    return {
      agentId: t.agentId,
      teamId: t.teamId,
      yesterday: {
        date: yesterday,
        dials: y?.dials ?? 0,
        effectiveCalls: y?.effectiveCalls ?? 0,
        talkSeconds: y?.talkSeconds ?? 0,
        met: y?.met ?? false,
        makeUpOwed: y?.makeUpOwed ?? false,
      },
      today: { targets: t.targets, overtime: t.overtime },
      monthToDate: { dials: m?.dials ?? 0, effectiveCalls: m?.effectiveCalls ?? 0, makeUpDaysOwed: m?.makeUpDaysOwed ?? 0 },
    };
  });
  const teams = new Map<string, BriefingTeam>();
  for (const m of month) {
    const team = teams.get(m.teamId) ?? { teamId: m.teamId, dials: 0, effectiveCalls: 0, goal: { dials: 0, effectiveCalls: 0 }, makeUpDaysOwed: 0 };
    team.dials += m.dials;
    team.effectiveCalls += m.effectiveCalls;
    team.goal.dials += m.targets.dials;
    team.goal.effectiveCalls += m.targets.effectiveCalls;
    team.makeUpDaysOwed += m.makeUpDaysOwed;
    teams.set(m.teamId, team);
  }
  const page = pageOfSorted(agents, { limit, after }, (agent) => [agent.agentId]);
  return {
    date: scope.date,
    agents: page.items,
    teams: [...teams.values()].sort((a, b) => a.teamId.localeCompare(b.teamId)),
    ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }),
  };
}
