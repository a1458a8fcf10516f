import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DutyKind } from '@app/domain';
import { BIGINT } from '@app/projections';

/** Each work log and plan an agent submitted: the first per (agent, kind, day) counts. */
@Entity('submissions')
export class DisciplineSubmission {
  @PrimaryColumn('text', { name: 'agent_id', collation: 'C' }) agentId: string;
  @PrimaryColumn('text') kind: DutyKind;
  /** The working day a log is for; the plan day a plan answers. */
  @PrimaryColumn('date', { name: 'for_date' }) forDate: string;
  @Column('timestamptz', { name: 'submitted_at' }) submittedAt: Date;
  @Column('bigint', { transformer: BIGINT }) position: bigint;
}
