import { Column, Entity, PrimaryColumn, type ValueTransformer } from 'typeorm';

/** `bigint` sums of seconds as numbers: `pg` hands bigint over as a string, and seconds stay far below 2^53. */
const SECONDS: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/** The counts per (agent, business day). */
@Entity('days')
export class QuotaDay {
  @PrimaryColumn('text', { name: 'agent_id' }) agentId: string;
  @PrimaryColumn('date') date: string;
  @Column('int') dials: number;
  @Column('int', { name: 'effective_calls' }) effectiveCalls: number;
  @Column('bigint', { name: 'talk_seconds', transformer: SECONDS }) talkSeconds: number;
}

/** The business day and effectiveness each call was counted with, so that a reclassification moves the count on that day's row. */
@Entity('calls')
export class QuotaCall {
  @PrimaryColumn('text', { name: 'call_id' }) callId: string;
  @Column('text', { name: 'agent_id' }) agentId: string;
  @Column('date') date: string;
  @Column('boolean') effective: boolean;
}

/** A closed deal's owner and local close (and cancel) dates, in the time zone it was dated in: the leaderboard's deal counts. */
@Entity('deals')
export class QuotaDeal {
  @PrimaryColumn('text', { name: 'deal_id' }) dealId: string;
  @Column('text', { name: 'owner_id', nullable: true }) ownerId: string | null;
  @Column('text', { name: 'closed_by' }) closedBy: string;
  @Column('text', { name: 'closed_by_role' }) closedByRole: string;
  @Column('text', { name: 'time_zone' }) timeZone: string;
  @Column('date', { name: 'closed_date' }) closedDate: string;
  @Column('date', { name: 'cancelled_date', nullable: true }) cancelledDate: string | null;
}

export const DAILY_QUOTA_ENTITIES = [QuotaDay, QuotaCall, QuotaDeal];
