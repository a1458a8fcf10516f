import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { GRADES, type Grade } from '@app/domain';
import { decodeCursor, type PageRequest, pageOfSorted } from '@app/projections';
import { PipelineLead } from './lead-pipeline.entities';
import type { FollowUpItem, PipelineCounts, PipelineItem } from './lead-pipeline.rows';
import { DUTY_KINDS, STAGES, type Stage } from './lead-pipeline.rules';

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

export interface FollowUps {
  /** Due on the date asked. */
  due: FollowUpItem[];
  /** Due before it and not called since. */
  overdue: FollowUpItem[];
  /** Present only when more follow-ups follow (by due date, then lead id, then kind: overdue ones first). */
  nextCursor?: string;
}

/** The leads table with the columns of a pipeline item, as entities (dates as YYYY-MM-DD). */
const items = (em: EntityManager): SelectQueryBuilder<PipelineLead> =>
  em
    .getRepository(PipelineLead)
    .createQueryBuilder('l')
    .select(['l.leadId', 'l.stage', 'l.grade', 'l.ownerId', 'l.lastContactAt', 'l.nextFollowUpDue', 'l.formerOwnerId']);

const toItem = (r: PipelineLead): PipelineItem => ({
  leadId: r.leadId,
  stage: r.stage,
  grade: r.grade,
  ownerId: r.ownerId,
  lastContactAt: r.lastContactAt === null ? null : new Date(r.lastContactAt).toISOString(),
  nextFollowUpDue: r.nextFollowUpDue,
  ...(r.formerOwnerId !== null && { formerOwnerId: r.formerOwnerId }),
});

function filtered<T extends SelectQueryBuilder<PipelineLead>>(query: T, filter: PipelineFilter): T {
  if (filter.ownerId !== undefined) query.andWhere('l.ownerId = :ownerId', { ownerId: filter.ownerId });
  if (filter.grade !== undefined) query.andWhere('l.grade = :grade', { grade: filter.grade });
  if (filter.stage !== undefined) query.andWhere('l.stage = :stage', { stage: filter.stage });
  if (filter.teamId !== undefined) query.andWhere('l.teamId = :teamId', { teamId: filter.teamId });
  return query;
}

/** One page of leads in lead id order; `after` is the previous page's `nextCursor`. */
export async function pipelineRows(em: EntityManager, query: PipelineFilter & { limit: number; after?: string }): Promise<PipelinePage> {
  const limit = Math.max(1, Math.floor(query.limit));
  const select = filtered(items(em), query);
  if (query.after !== undefined) select.andWhere('l.leadId > :after', { after: query.after });
  const rows = await select
    .orderBy('l.leadId')
    .limit(limit + 1)
    .getMany();
  const page = rows.slice(0, limit).map(toItem);
  return rows.length > limit ? { items: page, nextCursor: page[page.length - 1].leadId } : { items: page };
}

/** How many leads are at each stage and of each grade, under the same filter as the rows. */
export async function pipelineCounts(em: EntityManager, filter: PipelineFilter = {}): Promise<PipelineCounts> {
  const rows = await filtered(em.getRepository(PipelineLead).createQueryBuilder('l'), filter)
    .select('l.stage', 'stage')
    .addSelect('l.grade', 'grade')
    .addSelect('count(*)', 'n')
    .groupBy('l.stage')
    .addGroupBy('l.grade')
    .getRawMany<{ stage: Stage; grade: Grade | null; n: string | number }>();
  const counts: PipelineCounts = {
    total: 0,
    byStage: Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>,
    byGrade: Object.fromEntries([...GRADES, 'ungraded'].map((g) => [g, 0])),
  };
  for (const r of rows) {
    const n = Number(r.n);
    counts.total += n;
    counts.byStage[r.stage] += n;
    const grade = r.grade ?? 'ungraded';
    counts.byGrade[grade] = (counts.byGrade[grade] ?? 0) + n;
  }
  return counts;
}

/**
 * An agent's follow-up duties for `date` (YYYY-MM-DD): on leads they own — or, while a lead has no
 * owner, that they called last — the duties no call has done yet (README "Follow-up duties"),
 * due on the date (due) or before it (overdue), each flagged `overdue` once its due time has passed
 * by `now`. With `unownedOfTeam`, the duties of the team's leads whose owner left instead (their
 * supervisor's to follow, until they reassign them). Won and lost leads need no cadence follow-up.
 * Paged by due date, lead id and kind (without `limit`, all of them): a page splits into its due
 * and overdue ones. A lead has at most one duty of each kind, so an agent's open duties are few
 * and are sorted here.
 */
export async function followUps(
  em: EntityManager,
  query: PageRequest & { agentId: string; date: string; now: Date; unownedOfTeam?: string },
): Promise<FollowUps> {
  const select = items(em).addSelect('l.duties');
  if (query.unownedOfTeam !== undefined) {
    // A supervisor's own follow-ups: their team's leads whose owner left, until they reassign them.
    select.where('l.ownerId IS NULL').andWhere('l.teamId = :team', { team: query.unownedOfTeam });
  } else {
    // The COALESCE is the duties index's expression; a lead whose owner left is their supervisor's.
    select.where('COALESCE(l.ownerId, l.lastCallerId) = :agentId', { agentId: query.agentId }).andWhere('l.formerOwnerId IS NULL');
  }
  const rows = await select.andWhere('l.firstDueOn <= :date', { date: query.date }).getMany();
  const kindOrder = (kind: FollowUpItem['kind']) => DUTY_KINDS.indexOf(kind);
  const duties = rows
    .flatMap((r) =>
      r.duties
        .filter((d) => d.dueOn <= query.date)
        .map((d): FollowUpItem => ({
          ...toItem(r),
          kind: d.kind,
          dueOn: d.dueOn,
          dueAt: d.dueAt,
          overdue: Date.parse(d.dueAt) < query.now.getTime(),
          ...(d.askWhyNotBought !== undefined && { askWhyNotBought: d.askWhyNotBought }),
        })),
    )
    .sort((a, b) => compare(a.dueOn, b.dueOn) || compare(a.leadId, b.leadId) || kindOrder(a.kind) - kindOrder(b.kind));
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, ['date', 'string', 'number']);
  const page = pageOfSorted(duties, { limit: query.limit, after }, (i) => [i.dueOn, i.leadId, kindOrder(i.kind)]);
  return {
    due: page.items.filter((i) => i.dueOn === query.date),
    overdue: page.items.filter((i) => i.dueOn < query.date),
    ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }),
  };
}

/** By code unit, as the cursor's keys compare. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
