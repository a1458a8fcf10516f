import type { ReservationKind } from '../streams';

/** This identifier now belongs to that lead. */
export interface IdentifierReserved {
  type: 'IdentifierReserved';
  data: { kind: ReservationKind; leadId: string };
}
/** A claim taken back because the command that made it was refused: the identifier is free again. */
export interface IdentifierReleased {
  type: 'IdentifierReleased';
  data: { kind: ReservationKind; leadId: string; reason: string };
}
export type ReservationEvent = IdentifierReserved | IdentifierReleased;

// For kind `appeal` the holder in `leadId` is the appraisal the appeal belongs to: resolving an
// appeal finds its appraisal from this claim.
