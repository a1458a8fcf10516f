import { Column, Entity, PrimaryColumn } from 'typeorm';
import { BIGINT } from '@app/projections';

/**
 * A pay event as the ledger files it: the event itself (data and metadata, as recorded) and `at`,
 * the business instant that puts it in a month — null for the events every month reads (plans,
 * hires, the pay months' own events) and for a cancellation of a deal never closed.
 */
@Entity('events')
export class CommissionLedgerEvent {
  @PrimaryColumn('bigint', { transformer: BIGINT }) position: bigint;
  @Column('text', { name: 'event_id', unique: true }) eventId: string;
  @Column('text') type: string;
  /** The call or deal the event is about: what a cancellation finds its deal's close by. */
  @Column('text', { nullable: true }) key: string | null;
  @Column('timestamptz', { nullable: true }) at: Date | null;
  /** The event's data and metadata as recorded: JSON objects of every pay event's shape. */
  @Column('jsonb') data: object;
  @Column('jsonb') metadata: object;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}
