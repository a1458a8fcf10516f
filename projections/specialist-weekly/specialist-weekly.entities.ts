import { Column, Entity, PrimaryColumn } from 'typeorm';
import { BIGINT } from '@app/projections';

/** Registered numbers per (provider, ISO week); a week at zero has no row. */
@Entity('weeks')
export class ProviderWeek {
  @PrimaryColumn('text', { name: 'provider_id' }) providerId: string;
  @PrimaryColumn('text') week: string;
  @Column('int') registered: number;
}

/** Each counted number: its instant, and the zone, local date and week it was counted in, so that it can move when the provider's calendar changes. */
@Entity('registrations')
export class CountedRegistration {
  @PrimaryColumn('text', { name: 'lead_id' }) leadId: string;
  @Column('text', { name: 'provided_by' }) providedBy: string;
  @Column('timestamptz', { name: 'registered_at' }) registeredAt: Date;
  @Column('text', { name: 'time_zone' }) timeZone: string;
  @Column('date', { name: 'local_date' }) localDate: string;
  @Column('text') week: string;
  @Column('bigint', { transformer: BIGINT }) position: bigint;
}
