import { GRADES, type Grade } from '@app/domain';
import type { Sql, Tables } from '@app/projections';
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
 * Won and lost leads are out of the pipeline and need no follow-up.
 */
export async function followUps(
  sql: Sql,
  tables: Tables<LeadPipelineTable>,
  query: { agentId: string; date: string },
): Promise<FollowUps> {
  const rows = await sql.query<ItemRow>(
    `SELECT ${ITEM_COLUMNS} FROM ${tables.leads}
     WHERE COALESCE(owner_id, last_caller_id) = $1 AND next_follow_up_due <= $2::date
       AND last_contact_date < next_follow_up_due AND stage NOT IN ('won', 'lost')
     ORDER BY next_follow_up_due, lead_id`,
    [query.agentId, query.date],
  );
  const items = rows.map(toItem);
  return {
    due: items.filter((i) => i.nextFollowUpDue === query.date),
    overdue: items.filter((i) => i.nextFollowUpDue! < query.date),
  };
}
