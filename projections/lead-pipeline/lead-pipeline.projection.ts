import { type EntityManager, In } from 'typeorm';
import type { LeadEvent } from '@app/domain';
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
import { PipelineLead, PipelineOwner } from './lead-pipeline.entities';
import { AddFollowUpDuties1764806400011, AddFormerOwner1764806400017, CreateLeadPipeline1764806400010 } from './lead-pipeline.migrations';
import { type Derived, derive, type Duty, evolveFacts, type LeadFacts, newLeadFacts } from './lead-pipeline.rules';

/**
 * The sales pipeline: one row per lead (stage, grade, owner, last contact, next follow-up due) and
 * the history of its owners. It keeps the staff and plan versions it needs, so it is built from
 * events alone.
 */
const LEAD_EVENTS: readonly LeadEvent['type'][] = [
  'LeadRegistered',
  'LeadAssigned',
  'CallLogged',
  'CallReclassified',
  'LeadGraded',
  'VisitBooked',
  'VisitCompleted',
  'VisitMissed',
  'DealClosed',
  'DealCancelled',
];
const isLeadEvent = (e: RecordedEvent): e is RecordedEvent<LeadEvent['data'], LeadEvent['type']> => (LEAD_EVENTS as readonly string[]).includes(e.type);

export const leadPipelineProjection: Projection = {
  name: 'lead-pipeline',
  // 2: the follow-up duties (their columns are filled by a rebuild).
  version: 2,
  eventTypes: [...LEAD_EVENTS, ...STAFF_AND_PLAN_EVENTS],
  entities: [PipelineLead, PipelineOwner, ...STAFF_AND_PLAN_ENTITIES],
  migrations: [
    CreateStaffAndPlans1764806400001,
    AddStaffLeaving1764806400002,
    AddStaffTeams1764806400003,
    CreateLeadPipeline1764806400010,
    AddFollowUpDuties1764806400011,
    AddFormerOwner1764806400017,
  ],

  async apply(em, events) {
    const batch = await PipelineBatch.load(em, events);
    for (const event of events) batch.fold(event);
    await batch.save(em);
  },
};

interface LeadRow {
  facts: LeadFacts;
  /** What the stored row says, to write back only rows that changed when only their inputs did. */
  stored?: Derived;
  /** Position of the last event of the lead's own stream folded in; undefined if none in this batch. */
  position?: bigint;
  storedPosition?: bigint;
}

/**
 * One batch, folded in memory: every lead it touches is read once and written once, staff and
 * plans are folded by the shared fold, and derived fields are computed last, from everything known
 * after the batch. A new hire or plan version re-derives the stored leads that depend on it, so
 * the rows do not depend on how the events were cut into batches.
 */
class PipelineBatch {
  private readonly owners: PipelineOwner[] = [];

  private constructor(
    private readonly leads: Map<string, LeadRow>,
    private readonly staff: StaffAndPlans,
  ) {}

  /** The stored leads the batch names or whose people it hires or re-plans, and the staff and plans they need. */
  static async load(em: EntityManager, events: readonly RecordedEvent[]): Promise<PipelineBatch> {
    const leads = new Map<string, LeadRow>();
    const ids = [...new Set(events.filter(isLeadEvent).map((e) => (e.data as { leadId: string }).leadId))];
    for (const chunk of chunksOf(ids)) {
      for (const lead of await em.findBy(PipelineLead, { leadId: In(chunk) })) leads.set(lead.leadId, fromStored(lead));
    }
    for (const lead of await PipelineBatch.dependents(em, events, [...leads.keys()])) leads.set(lead.leadId, fromStored(lead));
    const people = [...leads.values()].flatMap(({ facts }) => [facts.ownerId, facts.lastCall?.agentId]);
    // Owners and callers of the batch's own events, and those of the stored leads it re-derives.
    const agentIdsOf = (e: RecordedEvent) => (e.type === 'LeadAssigned' || e.type === 'CallLogged' ? [(e.data as { agentId: string }).agentId] : []);
    return new PipelineBatch(leads, await StaffAndPlans.before(em, events, agentIdsOf, people));
  }

  /** Stored leads, besides `known`, whose owner or last caller is hired or leaves in the batch, or is on a plan that gains a version in it. */
  private static async dependents(em: EntityManager, events: readonly RecordedEvent[], known: string[]): Promise<PipelineLead[]> {
    // A leaving re-derives the leaver's leads as a hire does: they become unowned (and a re-hire's leads nobody reassigned, theirs again).
    const hired = events
      .filter(
        (e) =>
          e.type === 'AgentHired' ||
          e.type === 'AgentLeft' ||
          e.type === 'AgentRehired' ||
          e.type === 'AgentTransferred' ||
          e.type === 'AgentPlanChanged' ||
          e.type === 'AgentRoleChanged',
      )
      .map((e) => (e.data as { agentId: string }).agentId);
    const planIds = [...new Set(events.filter((e) => e.type === 'CompensationPlanPublished').map((e) => (e.data as { planId: string }).planId))];
    if (hired.length === 0 && planIds.length === 0) return [];
    const onPlans = planIds.length ? await em.find(StaffMember, { select: { agentId: true }, where: { planId: In(planIds) } }) : [];
    const affected = [...new Set([...hired, ...onPlans.map((m) => m.agentId)])];
    // Arrays bound as one parameter each: a plan may have many people on it.
    return em
      .getRepository(PipelineLead)
      .createQueryBuilder('l')
      .where('(l.ownerId = ANY(:affected) OR l.lastCallerId = ANY(:affected) OR l.formerOwnerId = ANY(:affected))', { affected })
      .andWhere('l.leadId <> ALL(:known)', { known })
      .getMany();
  }

  fold(event: RecordedEvent): void {
    if (this.staff.fold(event) || !isLeadEvent(event)) return;
    const domainEvent = { type: event.type, data: event.data } as LeadEvent;
    const leadId = domainEvent.data.leadId;
    // An event of a lead never registered here still shows the lead rather than vanishing.
    const row = this.leads.get(leadId) ?? { facts: newLeadFacts(leadId) };
    row.facts = evolveFacts(row.facts, domainEvent, event.recordedAt, event.metadata.occurredAt as string | undefined);
    row.position = event.position;
    this.leads.set(leadId, row);
    if (domainEvent.type === 'LeadAssigned') {
      this.owners.push(
        Object.assign(new PipelineOwner(), {
          leadId,
          seq: row.facts.ownerCount,
          agentId: domainEvent.data.agentId,
          previousOwnerId: domainEvent.data.previousOwnerId,
          via: domainEvent.data.via,
          at: event.recordedAt,
          position: event.position,
        }),
      );
    }
  }

  async save(em: EntityManager): Promise<void> {
    await this.staff.save(em);
    const agentOf = (id: string) => this.staff.member(id);
    const versionsOf = (planId: string) => this.staff.plans(planId);
    const writes: PipelineLead[] = [];
    for (const row of this.leads.values()) {
      const derived = derive(row.facts, agentOf, versionsOf);
      if (row.position === undefined && sameDerived(derived, row.stored)) continue;
      writes.push(toRecord(row, derived));
    }
    const columns = em
      .getRepository(PipelineLead)
      .metadata.columns.filter((c) => !c.isPrimary)
      .map((c) => c.databaseName);
    await insertRows(em, PipelineLead, writes, { update: columns, on: ['lead_id'] });
    await insertRows(em, PipelineOwner, this.owners);
  }
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

function fromStored(r: PipelineLead): LeadRow {
  const lastContactAt = iso(r.lastContactAt);
  return {
    facts: {
      leadId: r.leadId,
      providedBy: r.providedBy,
      registeredAt: iso(r.registeredAt),
      ownerId: r.ownerId ?? r.formerOwnerId,
      ownerCount: r.ownerCount,
      grade: r.grade,
      calls: r.calls,
      lastCall:
        r.lastCallId && lastContactAt
          ? {
              callId: r.lastCallId,
              agentId: r.lastCallerId!,
              startedAt: lastContactAt,
              outcome: r.lastCallOutcome as NonNullable<LeadFacts['lastCall']>['outcome'],
            }
          : null,
      visitsPending: r.visitsPending,
      visitsCompleted: r.visitsCompleted,
      dealsOpen: r.dealsOpen,
      dealsCancelled: r.dealsCancelled,
      assignedAt: iso(r.assignedAt),
      pendingVisits: r.pendingVisits,
      visitAt: iso(r.visitAt),
      deal: r.dealId !== null && r.dealAt !== null ? { dealId: r.dealId, closedAt: iso(r.dealAt)! } : null,
      followUpsSinceGraded: r.followUpsSinceGraded,
    },
    stored: {
      stage: r.stage,
      ownerId: r.ownerId,
      formerOwnerId: r.formerOwnerId,
      teamId: r.teamId,
      planId: r.planId,
      planVersion: r.planVersion,
      timezone: r.timezone,
      lastContactDate: r.lastContactDate,
      nextFollowUpDue: r.nextFollowUpDue,
      duties: r.duties,
      firstDueOn: r.firstDueOn,
    },
    storedPosition: r.updatedPosition,
  };
}

function toRecord(row: LeadRow, d: Derived): PipelineLead {
  const f = row.facts;
  return Object.assign(new PipelineLead(), {
    leadId: f.leadId,
    stage: d.stage,
    grade: f.grade,
    ownerId: d.ownerId,
    formerOwnerId: d.formerOwnerId,
    teamId: d.teamId,
    providedBy: f.providedBy,
    registeredAt: f.registeredAt === null ? null : new Date(f.registeredAt),
    lastContactAt: f.lastCall ? new Date(f.lastCall.startedAt) : null,
    lastContactDate: d.lastContactDate,
    nextFollowUpDue: d.nextFollowUpDue,
    lastCallId: f.lastCall?.callId ?? null,
    lastCallOutcome: f.lastCall?.outcome ?? null,
    lastCallerId: f.lastCall?.agentId ?? null,
    planId: d.planId,
    planVersion: d.planVersion,
    timezone: d.timezone,
    calls: f.calls,
    visitsPending: f.visitsPending,
    visitsCompleted: f.visitsCompleted,
    dealsOpen: f.dealsOpen,
    dealsCancelled: f.dealsCancelled,
    ownerCount: f.ownerCount,
    assignedAt: f.assignedAt === null ? null : new Date(f.assignedAt),
    pendingVisits: f.pendingVisits,
    visitAt: f.visitAt === null ? null : new Date(f.visitAt),
    dealId: f.deal?.dealId ?? null,
    dealAt: f.deal ? new Date(f.deal.closedAt) : null,
    followUpsSinceGraded: f.followUpsSinceGraded,
    duties: d.duties,
    firstDueOn: d.firstDueOn,
    // A re-derivation keeps the position: it names the last event of the lead itself.
    updatedPosition: row.position ?? row.storedPosition!,
  });
}

function sameDerived(a: Derived, b: Derived | undefined): boolean {
  return !!b && (Object.keys(a) as (keyof Derived)[]).every((k) => (k === 'duties' ? sameDuties(a.duties, b.duties) : a[k] === b[k]));
}

// Field by field: jsonb keeps no key order.
function sameDuties(a: readonly Duty[], b: readonly Duty[]): boolean {
  return (
    a.length === b.length &&
    a.every((d, i) => d.kind === b[i].kind && d.dueAt === b[i].dueAt && d.dueOn === b[i].dueOn && d.askWhyNotBought === b[i].askWhyNotBought)
  );
}
