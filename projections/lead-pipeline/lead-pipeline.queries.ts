import { GRADES, type Grade } from '@app/domain';
import { decodeCursor, type PageRequest, pageOfFetched, type Sql, type Tables } from '@app/projections';
import type { LeadPipelineTable } from './lead-pipeline.projection';
import { STAGES, type Stage } from './lead-pipeline.rules';

/** A row of `GET /api/pipeline` (API.md). */
export interface PipelineItem {
  leadId: string;
  stage: Stage;
  grade: Grade | null;
  ownerId: string | null;
  /** ISO instant of the latest call's start. */
  lastContactAt: string | null;
  /** YYYY-MM-DD. */
  nextFollowUpDue: string | null;
}

export interface PipelineFilter {
  ownerId?: string;
  grade?: Grade;
  stage?: Stage;
  teamId?: string;
}

export interface PipelinePage {
  items: PipelineItem[];
  /** The leadId to pass as `after` for the next page; absent on the last page. */
  nextCursor?: string;
}

export interface PipelineCounts {
  total: number;
  byStage: Record<Stage, number>;
  byGrade: Record<Grade | 'ungraded', number>;
}

export interface FollowUps {
  /** Due on the date asked. */
  due: PipelineItem[];
  /** Due before it and not called since. */
  overdue: PipelineItem[];
  /** Present only when more follow-ups follow (by due date, then lead id: overdue ones first). */
  nextCursor?: string;
}

const ITEM_COLUMNS = `lead_id, stage, grade, owner_id, last_contact_at, to_char(next_follow_up_due, 'YYYY-MM-DD') AS next_follow_up_due`;

interface ItemRow {
  lead_id: string;
  stage: Stage;
  grade: Grade | null;
  owner_id: string | null;
  last_contact_at: Date | string | null;
  next_follow_up_due: string | null;
}

const toItem = (r: ItemRow): PipelineItem => ({
  leadId: r.lead_id,
  stage: r.stage,
  grade: r.grade,
  ownerId: r.owner_id,
  lastContactAt: r.last_contact_at === null ? null : new Date(r.last_contact_at).toISOString(),
  nextFollowUpDue: r.next_follow_up_due,
});

function where(filter: PipelineFilter, params: unknown[]): string[] {
  const conditions: string[] = [];
  const add = (column: string, value: unknown) => {
    params.push(value);
    conditions.push(`${column} = $${params.length}`);
  };
  if (filter.ownerId !== undefined) add('owner_id', filter.ownerId);
  if (filter.grade !== undefined) add('grade', filter.grade);
  if (filter.stage !== undefined) add('stage', filter.stage);
  if (filter.teamId !== undefined) add('team_id', filter.teamId);
  return conditions;
}

/** One page of leads in lead id order; `after` is the previous page's `nextCursor`. */
export async function pipelineRows(
  sql: Sql,
  tables: Tables<LeadPipelineTable>,
  query: PipelineFilter & { limit: number; after?: string },
): Promise<PipelinePage> {
  const limit = Math.max(1, Math.floor(query.limit));
  const params: unknown[] = [];
  const conditions = where(query, params);
  if (query.after !== undefined) {
    params.push(query.after);
    conditions.push(`lead_id > $${params.length}`);
  }
  params.push(limit + 1);
  const rows = await sql.query<ItemRow>(
    `SELECT ${ITEM_COLUMNS} FROM ${tables.leads}
     ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
     ORDER BY lead_id LIMIT $${params.length}`,
    params,
  );
  const items = rows.slice(0, limit).map(toItem);
  return rows.length > limit ? { items, nextCursor: items[items.length - 1].leadId } : { items };
}

/** How many leads are at each stage and of each grade, under the same filter as the rows. */
export async function pipelineCounts(sql: Sql, tables: Tables<LeadPipelineTable>, filter: PipelineFilter = {}): Promise<PipelineCounts> {
  const params: unknown[] = [];
  const conditions = where(filter, params);
  const rows = await sql.query<{ stage: Stage; grade: Grade | null; n: string | number }>(
    `SELECT stage, grade, count(*) AS n FROM ${tables.leads}
     ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
     GROUP BY stage, grade`,
    params,
  );
  const counts: PipelineCounts = {
    total: 0,
    byStage: Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>,
    byGrade: Object.fromEntries([...GRADES, 'ungraded'].map((g) => [g, 0])) as Record<Grade | 'ungraded', number>,
  };
  for (const r of rows) {
    const n = Number(r.n);
    counts.total += n;
    counts.byStage[r.stage] += n;
    counts.byGrade[r.grade ?? 'ungraded'] += n;
  }
  return counts;
}

/**
 * An agent's follow-ups for `date` (YYYY-MM-DD): leads they own — or, while a lead has no owner,
 * that they called last — whose next follow-up falls on the date (due) or before it (overdue).
 * Every call re-sets the due date from that call, so a due date in the past means no call since.
 * Won and lost leads are out of the pipeline and need no follow-up. Paged by due date, then lead
 * id (without `limit`, all of them): a page splits into its due and overdue ones.
 */
export async function followUps(
  sql: Sql,
  tables: Tables<LeadPipelineTable>,
  query: PageRequest & { agentId: string; date: string },
): Promise<FollowUps> {
  const params: unknown[] = [query.agentId, query.date];
  const conditions = [
    'COALESCE(owner_id, last_caller_id) = $1',
    'next_follow_up_due <= $2::date',
    'last_contact_date < next_follow_up_due',
    `stage NOT IN ('won', 'lost')`,
  ];
  if (query.cursor !== undefined) {
    const [due, leadId] = decodeCursor(query.cursor, ['date', 'string']);
    const [d, l] = [`$${params.push(due)}`, `$${params.push(leadId)}`];
    conditions.push(`(next_follow_up_due > ${d}::date OR (next_follow_up_due = ${d}::date AND lead_id COLLATE "C" > ${l}))`);
  }
  const limit = query.limit === undefined ? '' : `LIMIT $${params.push(query.limit + 1)}`;
  const rows = await sql.query<ItemRow>(
    `SELECT ${ITEM_COLUMNS} FROM ${tables.leads} WHERE ${conditions.join(' AND ')}
     ORDER BY next_follow_up_due, lead_id COLLATE "C" ${limit}`,
    params,
  );
  const page = pageOfFetched(rows.map(toItem), query.limit, (i) => [i.nextFollowUpDue!, i.leadId]);
  return {
    due: page.items.filter((i) => i.nextFollowUpDue === query.date),
    overdue: page.items.filter((i) => i.nextFollowUpDue! < query.date),
    ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }),
  };
}
