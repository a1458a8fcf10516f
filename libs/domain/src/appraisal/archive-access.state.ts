import type { ArchiveAccessEvent } from './archive-access.events';

export type ArchiveAccessState = { requested: false } | ArchiveAccessRequest;

export interface ArchiveAccessRequest {
  requested: true;
  requestId: string;
  appraisalId: string;
  reason: string;
  requestedBy: string;
  requestedAt: string;
  grant: { grantedBy: string; grantedAt: string; validUntil: string } | null;
}

export const initialArchiveAccessState: ArchiveAccessState = { requested: false };

export function evolveArchiveAccess(state: ArchiveAccessState, event: ArchiveAccessEvent): ArchiveAccessState {
  switch (event.type) {
    case 'ArchiveAccessRequested':
      return { requested: true, ...event.data, grant: null };
    case 'ArchiveAccessGranted': {
      if (!state.requested) return state;
      const { grantedBy, grantedAt, validUntil } = event.data;
      return { ...state, grant: { grantedBy, grantedAt, validUntil } };
    }
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
