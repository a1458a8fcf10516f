import type { EntityManager } from 'typeorm';
import { type DealCancelled, type DealClosed, PAY_EVENT_TYPES } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { insertRows, type Projection } from '@app/projections';
import { CommissionLedgerEvent } from './commission-ledger.entities';
import { CreateCommissionLedger1764806400040 } from './commission-ledger.migrations';

/**
 * The commission ledger keeps the events pay is computed from, filed by the instant that dates
 * them, and nothing computed: a ledger query folds them with the pay engine's own fold
 * (`foldPayEvent`) and prices them with its engine — the very code a payroll replay runs over the
 * event store, so the ledger and a replay cannot disagree. It keeps no people or plans of its own:
 * hires and plan versions are pay events like the others, folded by the pay engine.
 *
 * `events.at` is the business instant that puts an event in a month: a call's start (also on its
 * reclassifications), a deal's close (also on its cancellation). Plans, hires and the pay months'
 * own events have none: every ledger query reads them. Each event's metadata is kept too: who
 * recorded it, for the evidence behind an appraisal's figures.
 */
export const commissionLedgerProjection: Projection = {
  name: 'commission-ledger',
  // 2: the events' metadata (who recorded each), for the evidence behind an appraisal's figures.
  version: 2,
  eventTypes: PAY_EVENT_TYPES,
  entities: [CommissionLedgerEvent],
  migrations: [CreateCommissionLedger1764806400040],

  async apply(em, events) {
    const closedAt = await closingInstants(em, events);
    const rows = events.map((e) => {
      const { key, at } = dating(e.type, e.data as Record<string, string>, closedAt);
      return Object.assign(new CommissionLedgerEvent(), {
        position: e.position,
        eventId: e.eventId,
        type: e.type,
        key,
        at: at === null ? null : new Date(at),
        data: e.data as object,
        metadata: e.metadata as object,
        recordedAt: e.recordedAt,
      });
    });
    // An event already filed (a retry of its batch) is left as it is.
    await insertRows(em, CommissionLedgerEvent, rows, { ignore: true });
  },
};

function dating(type: string, data: Record<string, string>, closedAt: Map<string, string>): { key: string | null; at: string | null } {
  switch (type) {
    case 'CallLogged':
    case 'CallReclassified':
      return { key: data.callId, at: data.startedAt };
    case 'DealClosed':
      return { key: data.dealId, at: data.closedAt };
    case 'DealCancelled':
      // A cancellation of a deal never closed has nothing to undo; it is kept undated.
      return { key: data.dealId, at: closedAt.get(data.dealId) ?? null };
    default:
      return { key: null, at: null };
  }
}

/** When each cancelled deal of the batch closed: from the batch itself, else from the table. */
async function closingInstants(em: EntityManager, events: readonly RecordedEvent[]): Promise<Map<string, string>> {
  const closedAt = new Map<string, string>();
  const wanted = new Set<string>();
  for (const e of events) {
    if (e.type === 'DealClosed') closedAt.set((e.data as DealClosed['data']).dealId, (e.data as DealClosed['data']).closedAt);
    if (e.type === 'DealCancelled') wanted.add((e.data as DealCancelled['data']).dealId);
  }
  const missing = [...wanted].filter((id) => !closedAt.has(id));
  if (missing.length) {
    const closes = await em
      .getRepository(CommissionLedgerEvent)
      .createQueryBuilder('e')
      .select(['e.position', 'e.key', 'e.at'])
      .where('e.type = :type', { type: 'DealClosed' })
      .andWhere('e.key = ANY(:missing)', { missing })
      .getMany();
    for (const c of closes) if (c.key !== null && c.at !== null) closedAt.set(c.key, c.at.toISOString());
  }
  return closedAt;
}
