import { type EntityManager, In } from 'typeorm';
import type { CompensationPlan, LeadRegistered } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import {
  chunksOf,
  AddStaffLeaving1764806400002,
  AddStaffTeams1764806400003,
  insertRows,
  CreateStaffAndPlans1764806400001,
  type Projection,
  STAFF_AND_PLAN_ENTITIES,
  STAFF_AND_PLAN_EVENTS,
  StaffAndPlans,
  StaffMember,
} from '@app/projections';
import { CountedRegistration, ProviderWeek } from './specialist-weekly.entities';
import { CreateSpecialistWeekly1764806400020 } from './specialist-weekly.migrations';
import { registeredAt, uniformTimeZone, weekOf } from './specialist-weekly.rules';

/**
 * The numbers each provider brought in per ISO week — the specialists' "100 new, non-duplicate
 * numbers a week". Agents' numbers are counted too (the table is per provider); the queries show
 * only specialists against the target. A duplicate phone is refused by the write side, so every
 * LeadRegistered with a `providedBy` is one new number.
 *
 * - `weeks`          registered numbers per (provider, ISO week);
 * - `registrations`  each counted number: its instant and the zone, local date and week it was
 *                    counted in, so that it can move when the provider's calendar changes;
 * - `staff`, `plans` who is a specialist, in which team, on which plan's time zone (the shared fold).
 *
 * The week is taken in the provider's plan time zone as known after each batch, and re-taken when
 * the provider is hired or their plan gains a version: the rows are a function of the events
 * alone, however they were cut into batches.
 */
export const specialistWeeklyProjection: Projection = {
  name: 'specialist-weekly',
  // 2: the staff's leaving and team periods (issue 12): a new build at start, the live one answers until it has caught up.
  version: 2,
  eventTypes: ['LeadRegistered', ...STAFF_AND_PLAN_EVENTS],
  entities: [ProviderWeek, CountedRegistration, ...STAFF_AND_PLAN_ENTITIES],
  migrations: [CreateStaffAndPlans1764806400001, AddStaffLeaving1764806400002, AddStaffTeams1764806400003, CreateSpecialistWeekly1764806400020],

  async apply(em, events) {
    const batch = await WeeklyBatch.load(em, events);
    for (const event of events) batch.fold(event);
    await batch.save(em);
  },
};

/** A counted number; `timeZone`, `localDate` and `week` as stored, or null while not yet counted. */
interface Registration {
  leadId: string;
  providedBy: string;
  registeredAt: string;
  timeZone: string | null;
  localDate: string | null;
  week: string | null;
  position: bigint;
}

interface Delta {
  providerId: string;
  week: string;
  delta: number;
}

const key = (providerId: string, week: string) => `${providerId}\u0000${week}`;

/**
 * One batch, folded in memory: staff and plans by the shared fold, then every registration whose
 * week may have changed (the batch's own, and the stored ones of providers whose calendar moved)
 * is dated once, and each touched (provider, week) is written once with its net change.
 */
class WeeklyBatch {
  private readonly registered = new Map<string, Registration>();

  private constructor(
    private readonly staff: StaffAndPlans,
    /** Providers hired in the batch or on a plan that gains a version in it: their stored numbers may change week. */
    private readonly recalendared: readonly string[],
  ) {}

  static async load(em: EntityManager, events: readonly RecordedEvent[]): Promise<WeeklyBatch> {
    const hired = events.filter((e) => e.type === 'AgentHired').map((e) => (e.data as { agentId: string }).agentId);
    const planIds = [...new Set(events.filter((e) => e.type === 'CompensationPlanPublished').map((e) => (e.data as CompensationPlan).planId))];
    const onPlans = planIds.length ? await em.find(StaffMember, { select: { agentId: true }, where: { planId: In(planIds) } }) : [];
    const recalendared = [...new Set([...hired, ...onPlans.map((m) => m.agentId)])];
    const providerOf = (e: RecordedEvent) => (e.type === 'LeadRegistered' ? [(e.data as LeadRegistered['data']).providedBy] : []);
    return new WeeklyBatch(await StaffAndPlans.before(em, events, providerOf, recalendared), recalendared);
  }

  fold(event: RecordedEvent): void {
    if (this.staff.fold(event) || event.type !== 'LeadRegistered') return;
    const { leadId, providedBy } = (event as RecordedEvent<LeadRegistered['data']>).data;
    // A purchased or inbound number has nobody to count it for; a lead registers once.
    if (providedBy === null || this.registered.has(leadId)) return;
    this.registered.set(leadId, {
      leadId,
      providedBy,
      registeredAt: registeredAt(event.metadata ?? {}, event.recordedAt),
      timeZone: null,
      localDate: null,
      week: null,
      position: event.position,
    });
  }

  async save(em: EntityManager): Promise<void> {
    await this.staff.save(em);
    await this.dropCounted(em);
    const all = [...this.registered.values(), ...(await this.readDependents(em))];
    if (all.length === 0) return;

    const writes: Registration[] = [];
    const deltas = new Map<string, Delta>();
    const add = (providerId: string, week: string, delta: number) => {
      const d = deltas.get(key(providerId, week)) ?? { providerId, week, delta: 0 };
      d.delta += delta;
      deltas.set(key(providerId, week), d);
    };
    for (const r of all) {
      const at = weekOf(r.registeredAt, this.staff.plansOf(r.providedBy));
      if (at.timeZone === r.timeZone && at.localDate === r.localDate) continue;
      if (r.week !== null) add(r.providedBy, r.week, -1);
      add(r.providedBy, at.week, +1);
      writes.push({ ...r, ...at });
    }
    await this.writeRegistrations(em, writes);
    await this.writeWeeks(
      em,
      [...deltas.values()].filter((d) => d.delta !== 0),
    );
  }

  /** A lead already counted (a redelivered LeadRegistered) is not counted again. */
  private async dropCounted(em: EntityManager): Promise<void> {
    for (const chunk of chunksOf([...this.registered.keys()])) {
      const stored = await em.find(CountedRegistration, { select: { leadId: true }, where: { leadId: In(chunk) } });
      for (const { leadId } of stored) this.registered.delete(leadId);
    }
  }

  /**
   * Stored registrations of the providers whose calendar may have moved. When all of a plan's
   * versions share one zone, only rows counted in another zone can move: one query per zone.
   */
  private async readDependents(em: EntityManager): Promise<Registration[]> {
    const byZone = new Map<string | null, string[]>();
    for (const provider of this.recalendared) {
      const zone = uniformTimeZone(this.staff.plansOf(provider));
      byZone.set(zone, [...(byZone.get(zone) ?? []), provider]);
    }
    const rows: CountedRegistration[] = [];
    for (const [zone, providers] of byZone) {
      // The providers bound as one array parameter: a plan may have many people on it.
      const select = em.getRepository(CountedRegistration).createQueryBuilder('r').where('r.providedBy = ANY(:providers)', { providers });
      if (zone !== null) select.andWhere('r.timeZone <> :zone', { zone });
      rows.push(...(await select.getMany()));
    }
    return rows.map((r) => ({ ...r, registeredAt: r.registeredAt.toISOString() }));
  }

  private async writeRegistrations(em: EntityManager, rows: Registration[]): Promise<void> {
    const records = rows.map((r) => Object.assign(new CountedRegistration(), { ...r, registeredAt: new Date(r.registeredAt) }));
    await insertRows(em, CountedRegistration, records, { update: ['time_zone', 'local_date', 'week'], on: ['lead_id'] });
  }

  /** One upsert per chunk of the batch's net changes; a week left at zero is deleted, so it looks as if it had never been counted. */
  private async writeWeeks(em: EntityManager, deltas: Delta[]): Promise<void> {
    const rows = deltas.map((d) => Object.assign(new ProviderWeek(), { providerId: d.providerId, week: d.week, registered: d.delta }));
    // Additive: the count adds to the stored one rather than overwrite it.
    await insertRows(em, ProviderWeek, rows, { clause: 'ON CONFLICT (provider_id, week) DO UPDATE SET registered = weeks.registered + EXCLUDED.registered' });
    for (const chunk of chunksOf(deltas.filter((d) => d.delta < 0))) {
      await em
        .createQueryBuilder()
        .delete()
        .from(ProviderWeek)
        .where('registered = 0')
        .andWhereInIds(chunk.map((d) => ({ providerId: d.providerId, week: d.week })))
        .execute();
    }
  }
}
