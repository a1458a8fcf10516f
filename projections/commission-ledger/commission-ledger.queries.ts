import { Brackets, type EntityManager } from 'typeorm';
import { emptyPayHistory, foldPayEvent, monthAfter, type PayHistory } from '@app/domain';
import { CommissionLedgerEvent } from './commission-ledger.entities';

/** No time zone is further than 14 hours from UTC: a month's events lie within its UTC bounds widened by that much. */
const ZONE_MARGIN_MS = 14 * 3600_000;

const ledger = (em: EntityManager) => em.getRepository(CommissionLedgerEvent).createQueryBuilder('e');

/**
 * The pay history a month's ledger needs, folded from the ledger's events up to `upTo` (all when
 * omitted): every plan, hire and pay-month event, and the dated events of `month` and of each
 * closed month that something recorded after the latest close may have changed — the months whose
 * prior-period adjustments are owed now. `em` reads the ledger's live build (`runner.read`).
 */
export async function loadPayHistory(em: EntityManager, month: string, upTo?: bigint): Promise<PayHistory> {
  const limit = (upTo ?? BigInt(Number.MAX_SAFE_INTEGER) * 1024n).toString();
  const latest = await ledger(em)
    .select("e.data->>'month'", 'month')
    .addSelect("e.data->>'upToPosition'", 'up_to')
    .where('e.type = :type', { type: 'PayMonthClosed' })
    .andWhere('e.position <= :limit', { limit })
    .orderBy('e.position', 'DESC')
    .limit(1)
    .getRawOne<{ month: string; up_to: string }>();
  const months = new Set([month]);
  if (latest) for (const m of await touchedClosedMonths(em, latest.month, latest.up_to, limit)) months.add(m);

  const ranges = [...months].sort().map(utcBounds);
  const inMonths = new Brackets((qb) => {
    qb.where('e.at IS NULL');
    ranges.forEach((r, i) => qb.orWhere(`(e.at >= :from${i} AND e.at < :to${i})`, { [`from${i}`]: r.from, [`to${i}`]: r.to }));
  });
  // Raw rows, not entities: a month's events are many, and the fold wants them as they come.
  const rows = await ledger(em)
    .select('e.position', 'position')
    .addSelect('e.event_id', 'event_id')
    .addSelect('e.type', 'type')
    .addSelect('e.data', 'data')
    .addSelect('e.recorded_at', 'recorded_at')
    .where('e.position <= :limit', { limit })
    .andWhere(inMonths)
    .orderBy('e.position')
    .getRawMany<{ position: string; event_id: string; type: string; data: unknown; recorded_at: Date }>();
  const history = emptyPayHistory();
  for (const r of rows) {
    foldPayEvent(history, { eventId: r.event_id, position: BigInt(r.position), type: r.type, data: r.data, metadata: {}, recordedAt: new Date(r.recorded_at) });
  }
  return history;
}

/**
 * Closed months (up to `latestClosed`) that events recorded after the latest close (`closedUpTo`)
 * may touch: those their calls and deals are dated in, and every month from the earliest plan
 * version or hire date recorded since, which can reprice a closed month.
 */
async function touchedClosedMonths(em: EntityManager, latestClosed: string, closedUpTo: string, limit: string): Promise<string[]> {
  const since = new Brackets((qb) => qb.where('e.position > :closedUpTo', { closedUpTo }).andWhere('e.position <= :limit', { limit }));
  const dated = await ledger(em)
    .select("to_char((e.at AT TIME ZONE 'UTC') - interval '14 hours', 'YYYY-MM')", 'early')
    .addSelect("to_char((e.at AT TIME ZONE 'UTC') + interval '14 hours', 'YYYY-MM')", 'late')
    .distinct(true)
    .where('e.at IS NOT NULL')
    .andWhere(since)
    .getRawMany<{ early: string; late: string }>();
  const months = new Set(dated.flatMap((r) => [r.early, r.late]).filter((m) => m <= latestClosed));
  const undated = await ledger(em)
    .select("min(coalesce(e.data->>'effectiveFrom', e.data->>'hiredOn', e.data->>'lastWorkingDay'))", 'earliest')
    .where('e.type IN (:...types)', { types: ['CompensationPlanPublished', 'AgentHired', 'AgentLeft'] })
    .andWhere(since)
    .getRawOne<{ earliest: string | null }>();
  if (undated?.earliest) {
    const first = await ledger(em)
      .select("min(e.data->>'month')", 'month')
      .where('e.type = :type', { type: 'PayMonthClosed' })
      .andWhere('e.position <= :limit', { limit })
      .getRawOne<{ month: string }>();
    const from = undated.earliest.slice(0, 7) > first!.month ? undated.earliest.slice(0, 7) : first!.month;
    for (let m = from; m <= latestClosed; m = monthAfter(m)) months.add(m);
  }
  return [...months];
}

function utcBounds(month: string): { from: string; to: string } {
  const from = Date.parse(`${month}-01T00:00:00Z`) - ZONE_MARGIN_MS;
  const to = Date.parse(`${monthAfter(month)}-01T00:00:00Z`) + ZONE_MARGIN_MS;
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

/** A ledger event with who recorded it and when: the evidence behind an appraisal's figures. */
export interface LedgerEventRecord {
  eventId: string;
  type: string;
  position: bigint;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  recordedAt: Date;
}

/** The ledger's events with these ids, in position order; ids the ledger does not hold are left out. */
export async function loadLedgerEvents(em: EntityManager, eventIds: readonly string[]): Promise<LedgerEventRecord[]> {
  if (eventIds.length === 0) return [];
  // One array parameter, however many ids an appraisal's evidence names.
  const rows = await ledger(em)
    .select('e.position', 'position')
    .addSelect('e.event_id', 'eventId')
    .addSelect('e.type', 'type')
    .addSelect('e.data', 'data')
    .addSelect('e.metadata', 'metadata')
    .addSelect('e.recorded_at', 'recordedAt')
    .where('e.event_id = ANY(:ids)', { ids: [...new Set(eventIds)] })
    .orderBy('e.position')
    .getRawMany<Omit<LedgerEventRecord, 'position'> & { position: string }>();
  return rows.map((r) => ({ ...r, position: BigInt(r.position) }));
}
