import type { ReservationKind } from '../streams';

/** The first event of a reservation stream: this identifier belongs to that lead. */
export interface IdentifierReserved {
  type: 'IdentifierReserved';
  data: { kind: ReservationKind; leadId: string };
}
