import { decodeCursor, type Page, type PageRequest, pageOfFetched, type Sql, type Tables } from '@app/projections';
import type { SpecialistWeeklyTable } from './specialist-weekly.projection';
import { SPECIALIST_WEEKLY_TARGET, weekRange } from './specialist-weekly.rules';

export { isoWeek, isoWeekStart } from './specialist-weekly.rules';

/** A specialist's week against the target of 100 new, non-duplicate numbers. */
export interface SpecialistWeek {
  specialistId: string;
  /** ISO week, `YYYY-Www`, in the specialist's plan time zone. */
  week: string;
  registered: number;
  target: number;
  met: boolean;
}

export interface SpecialistWeekFilter {
  /** One week: every specialist in it, with zero for those who brought no number. */
  week?: string;
  specialistId?: string;
  teamId?: string;
}

const toWeek = (r: { specialist_id: string; week: string; registered: string | number }): SpecialistWeek => {
  const registered = Number(r.registered);
  return { specialistId: r.specialist_id, week: r.week, registered, target: SPECIALIST_WEEKLY_TARGET, met: registered >= SPECIALIST_WEEKLY_TARGET };
};

/**
 * Specialists' weeks, by week then specialist, a page at a time (without `limit`, all of them). With
 * `week`, every specialist hired by the end of that week appears, at zero if need be; without it,
 * only the weeks in which they registered numbers. Numbers provided by agents are not a
 * specialist's and do not appear.
 */
export async function specialistWeeks(
  sql: Sql,
  tables: Tables<SpecialistWeeklyTable>,
  query: SpecialistWeekFilter & PageRequest = {},
): Promise<Page<SpecialistWeek>> {
  const params: unknown[] = [];
  const conditions = [`a.role = 'specialist'`];
  const add = (condition: (placeholder: string) => string, value: unknown) => {
    params.push(value);
    conditions.push(condition(`$${params.length}`));
  };
  if (query.specialistId !== undefined) add((p) => `a.agent_id = ${p}`, query.specialistId);
  if (query.teamId !== undefined) add((p) => `a.team_id = ${p}`, query.teamId);
  // Both forms page by (week, specialist); with `week`, the first part is that week throughout.
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, ['string', 'string']);
  const pageAfterCursor = (week: string, specialist: string): string => {
    if (after !== undefined) {
      const [w, s] = [`$${params.push(after[0])}`, `$${params.push(after[1])}`];
      conditions.push(`(${week} COLLATE "C" > ${w} OR (${week} = ${w} AND ${specialist} COLLATE "C" > ${s}))`);
    }
    return query.limit === undefined ? '' : `LIMIT $${params.push(query.limit + 1)}`;
  };
  const page = (rows: { specialist_id: string; week: string; registered: number }[]) =>
    pageOfFetched(rows.map(toWeek), query.limit, (w) => [w.week, w.specialistId]);

  if (query.week === undefined) {
    const limit = pageAfterCursor('w.week', 'w.provider_id');
    const rows = await sql.query<{ specialist_id: string; week: string; registered: number }>(
      `SELECT w.provider_id AS specialist_id, w.week, w.registered
       FROM ${tables.weeks} w JOIN ${tables.agents} a ON a.agent_id = w.provider_id
       WHERE ${conditions.join(' AND ')}
       ORDER BY w.week COLLATE "C", w.provider_id COLLATE "C" ${limit}`,
      params,
    );
    return page(rows);
  }

  const { to } = weekRange(query.week);
  params.push(query.week, to);
  const [week, lastDay] = [`$${params.length - 1}`, `$${params.length}`];
  const limit = pageAfterCursor(`${week}::text`, 'a.agent_id');
  // A specialist hired after the week had no week to fill — unless numbers were counted for them anyway.
  const rows = await sql.query<{ specialist_id: string; week: string; registered: number }>(
    `SELECT a.agent_id AS specialist_id, ${week}::text AS week, COALESCE(w.registered, 0) AS registered
     FROM ${tables.agents} a LEFT JOIN ${tables.weeks} w ON w.provider_id = a.agent_id AND w.week = ${week}
     WHERE ${conditions.join(' AND ')} AND (a.hired_on <= ${lastDay}::date OR w.registered IS NOT NULL)
     ORDER BY a.agent_id COLLATE "C" ${limit}`,
    params,
  );
  return page(rows);
}
