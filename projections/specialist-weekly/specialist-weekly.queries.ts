import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { decodeCursor, type Page, type PageRequest, pageOfFetched, StaffMember } from '@app/projections';
import { CountedRegistration, ProviderWeek } from './specialist-weekly.entities';
import type { SpecialistWeek } from './specialist-weekly.rows';
import { SPECIALIST_WEEKLY_TARGET, weekRange } from './specialist-weekly.rules';

export { isoWeek, isoWeekStart } from './specialist-weekly.rules';

export interface SpecialistWeekFilter {
  /** One week: every specialist in it, with zero for those who brought no number. */
  week?: string;
  specialistId?: string;
  teamId?: string;
}

interface WeekRow {
  specialist_id: string;
  registered: string | number;
}

const toWeek = (week: string, r: WeekRow): SpecialistWeek => {
  const registered = Number(r.registered);
  return { specialistId: r.specialist_id, week, registered, target: SPECIALIST_WEEKLY_TARGET, met: registered >= SPECIALIST_WEEKLY_TARGET };
};

/** Specialists only (`a` is the staff), under the filter. */
function ofSpecialists<T extends SelectQueryBuilder<object>>(select: T, query: SpecialistWeekFilter): T {
  select.andWhere('a.role = :role', { role: 'specialist' });
  if (query.specialistId !== undefined) select.andWhere('a.agentId = :specialistId', { specialistId: query.specialistId });
  if (query.teamId !== undefined) select.andWhere('a.teamId = :teamId', { teamId: query.teamId });
  return select;
}

/**
 * Specialists' weeks, by week then specialist, a page at a time (without `limit`, all of them). With
 * `week`, every specialist hired by the end of that week appears, at zero if need be; without it,
 * only the weeks in which they registered numbers. Numbers provided by agents are not a
 * specialist's and do not appear.
 */
export async function specialistWeeks(em: EntityManager, query: SpecialistWeekFilter & PageRequest = {}): Promise<Page<SpecialistWeek>> {
  // Both forms page by (week, specialist) in byte order; with `week`, the first part is that week throughout.
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, ['string', 'string']);
  const page = (rows: SpecialistWeek[]) => pageOfFetched(rows, query.limit, (w) => [w.week, w.specialistId]);

  if (query.week === undefined) {
    const select = ofSpecialists(
      em
        .getRepository(ProviderWeek)
        .createQueryBuilder('w')
        .innerJoin(StaffMember, 'a', 'a.agentId = w.providerId')
        .select('w.providerId', 'specialist_id')
        .addSelect('w.week', 'week')
        .addSelect('w.registered', 'registered'),
      query,
    );
    if (after !== undefined) {
      select.andWhere('(w.week COLLATE "C" > :afterWeek OR (w.week = :afterWeek AND w.providerId COLLATE "C" > :afterId))', {
        afterWeek: after[0],
        afterId: after[1],
      });
    }
    select.orderBy('w.week COLLATE "C"').addOrderBy('w.providerId COLLATE "C"');
    if (query.limit !== undefined) select.limit(query.limit + 1);
    const rows = await select.getRawMany<WeekRow & { week: string }>();
    return page(rows.map((r) => toWeek(r.week, r)));
  }

  const { week } = query;
  const { to } = weekRange(week);
  // A specialist hired after the week had no week to fill — unless numbers were counted for them anyway.
  const select = ofSpecialists(
    em
      .getRepository(StaffMember)
      .createQueryBuilder('a')
      .leftJoin(ProviderWeek, 'w', 'w.providerId = a.agentId AND w.week = :week', { week })
      .select('a.agentId', 'specialist_id')
      .addSelect('COALESCE(w.registered, 0)', 'registered')
      .where('(a.hiredOn <= :lastDay OR w.registered IS NOT NULL)', { lastDay: to }),
    query,
  );
  if (after !== undefined) {
    select.andWhere('(CAST(:week AS text) COLLATE "C" > :afterWeek OR (CAST(:week AS text) = :afterWeek AND a.agentId COLLATE "C" > :afterId))', {
      afterWeek: after[0],
      afterId: after[1],
    });
  }
  select.orderBy('a.agentId COLLATE "C"');
  if (query.limit !== undefined) select.limit(query.limit + 1);
  const rows = await select.getRawMany<WeekRow>();
  return page(rows.map((r) => toWeek(week, r)));
}

/** A provider's counted numbers whose local date is in `from`–`to` (both inclusive), with their positions: an appraisal's evidence. */
export async function registrationsOf(
  em: EntityManager,
  providerId: string,
  from: string,
  to: string,
): Promise<{ leadId: string; localDate: string; position: bigint }[]> {
  const rows = await em
    .getRepository(CountedRegistration)
    .createQueryBuilder('r')
    .where('r.providedBy = :providerId AND r.localDate BETWEEN :from AND :to', { providerId, from, to })
    .orderBy('r.position')
    .getMany();
  return rows.map((r) => ({ leadId: r.leadId, localDate: r.localDate, position: r.position }));
}
