/**
 * Access to an archived appraisal by anyone but the appraised agent (「经总助批准方可查阅」), on the
 * stream `archive-access-<requestId>`: requested with a reason, approved by the assistant for a
 * limited time.
 */
export interface ArchiveAccessRequested {
  type: 'ArchiveAccessRequested';
  data: { requestId: string; appraisalId: string; reason: string; requestedBy: string; requestedAt: string };
}

export interface ArchiveAccessGranted {
  type: 'ArchiveAccessGranted';
  data: {
    requestId: string;
    appraisalId: string;
    requestedBy: string;
    grantedBy: string;
    grantedAt: string;
    /** The access ends at this instant (exclusive). */
    validUntil: string;
  };
}

export type ArchiveAccessEvent = ArchiveAccessRequested | ArchiveAccessGranted;
