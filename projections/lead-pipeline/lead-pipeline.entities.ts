import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Grade, LeadAssigned } from '@app/domain';
import { BIGINT } from '@app/projections';
import type { Stage } from './lead-pipeline.rules';

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
