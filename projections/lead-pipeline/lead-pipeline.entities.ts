import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Grade, LeadAssigned } from '@app/domain';
import { BIGINT } from '@app/projections';
import type { Duty, LeadFacts, Stage } from './lead-pipeline.rules';

/** One row per lead: what its own events fold into, and what is derived from them and from its people's plans. */
@Entity('leads')
export class PipelineLead {
  /** Byte-wise order (COLLATE "C"), so that keyset pages are the same on every server. */
  @PrimaryColumn('text', { name: 'lead_id', collation: 'C' }) leadId: string;
  @Column('text') stage: Stage;
  @Column('text', { nullable: true }) grade: Grade | null;
  /** The owner, or null in the pool and once the owner has left. */
  @Column('text', { name: 'owner_id', nullable: true }) ownerId: string | null;
  /** The owner who left, while the lead has not been reassigned since. */
  @Column('text', { name: 'former_owner_id', nullable: true }) formerOwnerId: string | null;
  @Column('text', { name: 'team_id', nullable: true }) teamId: string | null;
  @Column('text', { name: 'provided_by', nullable: true }) providedBy: string | null;
  @Column('timestamptz', { name: 'registered_at', nullable: true }) registeredAt: Date | null;
  /** The start of the call with the latest start. */
  @Column('timestamptz', { name: 'last_contact_at', nullable: true }) lastContactAt: Date | null;
  @Column('date', { name: 'last_contact_date', nullable: true }) lastContactDate: string | null;
  @Column('date', { name: 'next_follow_up_due', nullable: true }) nextFollowUpDue: string | null;
  @Column('text', { name: 'last_call_id', nullable: true }) lastCallId: string | null;
  @Column('text', { name: 'last_call_outcome', nullable: true }) lastCallOutcome: string | null;
  @Column('text', { name: 'last_caller_id', nullable: true }) lastCallerId: string | null;
  @Column('text', { name: 'plan_id', nullable: true }) planId: string | null;
  @Column('int', { name: 'plan_version', nullable: true }) planVersion: number | null;
  @Column('text') timezone: string;
  @Column('int') calls: number;
  @Column('int', { name: 'visits_pending' }) visitsPending: number;
  @Column('int', { name: 'visits_completed' }) visitsCompleted: number;
  @Column('int', { name: 'deals_open' }) dealsOpen: number;
  @Column('int', { name: 'deals_cancelled' }) dealsCancelled: number;
  @Column('int', { name: 'owner_count' }) ownerCount: number;
  // The follow-up duties (migration 1764806400011): their causes, and the duties not yet done.
  @Column('timestamptz', { name: 'assigned_at', nullable: true }) assignedAt: Date | null;
  @Column('jsonb', { name: 'pending_visits' }) pendingVisits: LeadFacts['pendingVisits'];
  @Column('timestamptz', { name: 'visit_at', nullable: true }) visitAt: Date | null;
  @Column('text', { name: 'deal_id', nullable: true }) dealId: string | null;
  @Column('timestamptz', { name: 'deal_at', nullable: true }) dealAt: Date | null;
  @Column('int', { name: 'follow_ups_since_graded' }) followUpsSinceGraded: number;
  @Column('jsonb') duties: Duty[];
  @Column('date', { name: 'first_due_on', nullable: true }) firstDueOn: string | null;
  /** Position of the last event of the lead's own stream. */
  @Column('bigint', { name: 'updated_position', transformer: BIGINT }) updatedPosition: bigint;
}

/** The history of a lead's owners: one row per assignment, numbered from 1. */
@Entity('owners')
export class PipelineOwner {
  @PrimaryColumn('text', { name: 'lead_id' }) leadId: string;
  @PrimaryColumn('int') seq: number;
  @Column('text', { name: 'agent_id' }) agentId: string;
  @Column('text', { name: 'previous_owner_id', nullable: true }) previousOwnerId: string | null;
  @Column('text') via: LeadAssigned['data']['via'];
  @Column('timestamptz') at: Date;
  @Column('bigint', { transformer: BIGINT }) position: bigint;
}
