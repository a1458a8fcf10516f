import { type OpenedAppraisal, scoreAppraisal, streams } from '@app/domain';
import type { LedgerEventRecord } from '@app/read-models';
import type { PeriodFigures } from '../appraisal-figures';

const FIGURES = ['dials', 'effectiveCalls', 'deals'] as const;
type Figure = (typeof FIGURES)[number];

/**
 * The events behind each figure, as of now and as at finalization (`then`): every call for dials;
 * the calls effective at either time, with their reclassifications, for effective calls; the
 * deals counted at either time, with their cancellations, for deals.
 */
export function eventsBehind(then: PeriodFigures | null, now: PeriodFigures): Record<Figure, string[]> {
  const effectiveThen = new Set(then?.calls.filter((c) => c.effective).map((c) => c.callId));
  const countedThen = new Set(then?.deals.filter((d) => !d.cancelled).map((d) => d.dealId));
  return {
    dials: now.calls.map((c) => c.loggedEventId),
    effectiveCalls: now.calls.filter((c) => c.effective || effectiveThen.has(c.callId)).flatMap((c) => [c.loggedEventId, ...c.reclassifiedEventIds]),
    deals: now.deals
      .filter((d) => !d.cancelled || countedThen.has(d.dealId))
      .flatMap((d) => (d.cancelledEventId ? [d.closedEventId, d.cancelledEventId] : [d.closedEventId])),
  };
}

/** An event as evidence: who recorded it (`actor`) and when (`recordedAt`), its business time and its data. */
function present(record: LedgerEventRecord) {
  const { actor, occurredAt } = record.metadata as { actor?: { sub: string; roles: string[] }; occurredAt?: string };
  return {
    eventId: record.eventId,
    type: record.type,
    streamId: streams.lead(String(record.data.leadId)),
    position: record.position.toString(),
    actor: actor ? { sub: actor.sub, roles: actor.roles } : null,
    recordedAt: record.recordedAt.toISOString(),
    occurredAt: occurredAt ?? null,
    data: record.data,
  };
}

/**
 * GET /api/appraisals/:id/evidence: the appraisal as at finalization (the events recorded up to its
 * `upToPosition`) beside the appraisal as of now, scored with the rules it was finalized with,
 * the difference, and for each figure the events behind it and those recorded since finalization.
 */
export function evidenceView(
  appraisal: OpenedAppraisal,
  then: PeriodFigures | null,
  now: PeriodFigures,
  behind: Record<Figure, string[]>,
  records: ReadonlyMap<string, LedgerEventRecord>,
) {
  const { scores } = appraisal;
  const rules = appraisal.finalized?.rules;
  const pick = (ids: readonly string[]) =>
    ids
      .flatMap((id) => (records.has(id) ? [records.get(id)!] : []))
      .sort((a, b) => (a.position < b.position ? -1 : 1))
      .map(present);
  const summary = ({ figures: counted, mostDealsInPeriod, upToPosition }: PeriodFigures, quality = appraisal.result?.figures.quality) => {
    // Call quality is not in the ledger: both sides carry the figure the appraisal froze.
    const figures = quality ? { ...counted, quality } : counted;
    const scored = rules && scores ? scoreAppraisal({ figures, mostDealsInPeriod, ability: scores.ability, attitude: scores.attitude }, rules) : null;
    return { upToPosition, figures, mostDealsInPeriod, items: scored?.items ?? null, score: scored?.score ?? null, band: scored?.band ?? null };
  };
  const atFinalization = then && summary(then, appraisal.finalized?.result.figures.quality);
  const asOfNow = summary(now);
  const figure = (name: Figure) => {
    const events = pick(behind[name]);
    return {
      atFinalization: then ? then.figures[name] : null,
      now: now.figures[name],
      events,
      changedSinceFinalization: then ? events.filter((e) => BigInt(e.position) > BigInt(then.upToPosition)) : [],
    };
  };
  return {
    appraisalId: appraisal.appraisalId,
    agentId: appraisal.agentId,
    period: appraisal.period,
    from: appraisal.from,
    to: appraisal.to,
    atFinalization,
    asOfNow,
    difference: atFinalization && {
      ...Object.fromEntries(FIGURES.map((name) => [name, asOfNow.figures[name] - atFinalization.figures[name]])),
      score: asOfNow.score !== null && atFinalization.score !== null ? Math.round((asOfNow.score - atFinalization.score) * 100) / 100 : null,
    },
    figures: Object.fromEntries(FIGURES.map((name) => [name, figure(name)])),
    appeals: [...appraisal.appeals.values()].map(({ appealId, status, claims }) => ({
      appealId,
      status,
      claims: claims.map((claim) => ({ ...claim, events: pick(claim.eventIds) })),
    })),
  };
}
