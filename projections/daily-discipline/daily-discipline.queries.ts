import { Between, type EntityManager, In } from 'typeorm';
import { addDays, dutiesDue, dutyStatus, planInForce, type WorkCalendar } from '@app/domain';
import { decodeCursor, type Page, type PageRequest, pageOfSorted, PlanVersion, StaffMember } from '@app/projections';
import { DisciplineSubmission } from './daily-discipline.entities';
import type { DisciplineAgent } from './daily-discipline.rows';

export interface DisciplineQuery extends PageRequest {
  agentId?: string;
  teamId?: string;
  /** Local dates, both inclusive: the duties falling due on those days. */
  from: string;
  to: string;
  /** The service's clock: what is missing and what is still pending. */
  now: Date;
  calendar: WorkCalendar;
  /** Only agents with a duty late or missing, and only those duties. */
  lateOnly?: boolean;
}

/**
 * Each agent in scope (role agent, hired by `to`, not gone before `from`) with the work logs and plans due from `from` to
 * `to` and how each stands: judged against the service's clock and the working calendar.
 */
export async function disciplineDuties(em: EntityManager, query: DisciplineQuery): Promise<Page<DisciplineAgent>> {
  const where = {
    role: 'agent' as const,
    ...(query.agentId !== undefined && { agentId: query.agentId }),
    ...(query.teamId !== undefined && { teamId: query.teamId }),
  };
  // A leaver owes nothing after their last working day (README "People over time"), so one who left before `from` is not listed.
  const people = (await em.find(StaffMember, { where, order: { agentId: 'ASC' } })).filter(
    (p) => p.hiredOn <= query.to && (p.leftOn === null || p.leftOn >= query.from),
  );
  const planIds = [...new Set(people.map((p) => p.planId))];
  const versions = planIds.length ? await em.find(PlanVersion, { where: { planId: In(planIds) } }) : [];
  // Plan days of the month before `from` may fall due in the range (a 30th on a holiday moves).
  const submitted = people.length
    ? await em.find(DisciplineSubmission, { where: { agentId: In(people.map((p) => p.agentId)), forDate: Between(addDays(query.from, -40), query.to) } })
    : [];
  const byKey = new Map(submitted.map((s) => [`${s.agentId}|${s.kind}|${s.forDate}`, new Date(s.submittedAt)]));

  const agents: DisciplineAgent[] = [];
  for (const person of people) {
    const plans = versions.filter((v) => v.planId === person.planId).map((v) => v.plan);
    const until = person.leftOn !== null && person.leftOn < query.to ? person.leftOn : query.to;
    const duties = dutiesDue(query.from, until, person.hiredOn, (month) => planInForce(plans, month), query.calendar).map((duty) => {
      const submittedAt = byKey.get(`${person.agentId}|${duty.kind}|${duty.forDate}`) ?? null;
      return {
        kind: duty.kind,
        forDate: duty.forDate,
        dueOn: duty.dueOn,
        dueAt: duty.dueAt.toISOString(),
        submittedAt: submittedAt?.toISOString() ?? null,
        ...dutyStatus(duty.dueAt, submittedAt, query.now),
      };
    });
    const shown = query.lateOnly ? duties.filter((d) => d.late) : duties;
    if (query.lateOnly && shown.length === 0) continue;
    agents.push({ agentId: person.agentId, teamId: person.teamId, lateCount: duties.filter((d) => d.late).length, duties: shown });
  }
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, ['string']);
  return pageOfSorted(agents, { limit: query.limit, after }, (a) => [a.agentId]);
}
