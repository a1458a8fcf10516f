import { conflict, forbidden, invalid, notFound, ruleBroken } from '../errors';
import type { Actor } from '../roles';
import type { AppraisalState } from './appraisal.state';
import type { ArchiveAccessGranted, ArchiveAccessRequested } from './archive-access.events';
import type { ArchiveAccessState } from './archive-access.state';

/** How long an approval lasts when the assistant does not say. */
export const DEFAULT_ARCHIVE_ACCESS_HOURS = 24;
/** The longest an approval may last. */
export const MAX_ARCHIVE_ACCESS_HOURS = 30 * 24;

export interface RequestArchiveAccess {
  type: 'RequestArchiveAccess';
  data: { requestId: string; appraisalId: string; reason: string };
}
export interface ApproveArchiveAccess {
  type: 'ApproveArchiveAccess';
  /** `validForHours` defaults to `DEFAULT_ARCHIVE_ACCESS_HOURS`. */
  data: { requestId: string; validForHours?: number };
}

export interface RequestArchiveAccessContext {
  now: Date;
  actor: Actor;
  /** The appraisal asked for, read from its stream. */
  appraisal: AppraisalState;
}
export interface ApproveArchiveAccessContext {
  now: Date;
  actor: Actor;
}

/** Anyone may ask to read an archived appraisal, with a reason; the appraised agent needs no request. */
export function decideRequestArchiveAccess(
  command: RequestArchiveAccess,
  state: ArchiveAccessState,
  ctx: RequestArchiveAccessContext,
): [ArchiveAccessRequested] {
  const { requestId, appraisalId, reason } = command.data;
  if (state.requested) throw conflict('ARCHIVE.REQUEST_EXISTS', `archive access request ${requestId} already exists`, { requestId });
  if (typeof reason !== 'string' || reason.trim() === '') {
    throw invalid('ARCHIVE.REASON_REQUIRED', 'an archive access request needs a reason', { field: 'reason' });
  }
  const appraisal = ctx.appraisal;
  if (!appraisal.opened || appraisal.appraisalId !== appraisalId) {
    throw notFound('APPRAISAL.NOT_FOUND', `appraisal ${appraisalId} does not exist`, { appraisalId });
  }
  if (!appraisal.archived) {
    throw ruleBroken('ARCHIVE.NOT_ARCHIVED', `appraisal ${appraisalId} is not archived; access requests are for archived appraisals`, { appraisalId });
  }
  return [{ type: 'ArchiveAccessRequested', data: { requestId, appraisalId, reason, requestedBy: ctx.actor.sub, requestedAt: ctx.now.toISOString() } }];
}

/** Only the assistant (总助) approves, never their own request, for a limited time. */
export function decideApproveArchiveAccess(command: ApproveArchiveAccess, state: ArchiveAccessState, ctx: ApproveArchiveAccessContext): [ArchiveAccessGranted] {
  const { requestId } = command.data;
  if (!state.requested) throw notFound('ARCHIVE.UNKNOWN_REQUEST', `archive access request ${requestId} does not exist`, { requestId });
  if (!ctx.actor.roles.includes('assistant')) {
    throw forbidden('AUTH.ROLE_NOT_ALLOWED', 'only the assistant (总助) approves access to archived appraisals', { allowed: ['assistant'] });
  }
  if (ctx.actor.sub === state.requestedBy) throw forbidden('ARCHIVE.OWN_REQUEST', 'nobody approves their own archive access request');
  if (state.grant) {
    throw conflict('ARCHIVE.ALREADY_GRANTED', `archive access request ${requestId} was approved until ${state.grant.validUntil}`, {
      validUntil: state.grant.validUntil,
    });
  }
  const hours = command.data.validForHours ?? DEFAULT_ARCHIVE_ACCESS_HOURS;
  if (typeof hours !== 'number' || !Number.isFinite(hours) || hours <= 0 || hours > MAX_ARCHIVE_ACCESS_HOURS) {
    throw invalid('ARCHIVE.INVALID_VALIDITY', `validForHours must be more than 0 and at most ${MAX_ARCHIVE_ACCESS_HOURS}, not ${JSON.stringify(hours)}`, {
      field: 'validForHours',
    });
  }
  const validUntil = new Date(ctx.now.getTime() + Math.round(hours * 3_600_000)).toISOString();
  return [
    {
      type: 'ArchiveAccessGranted',
      data: {
        requestId,
        appraisalId: state.appraisalId,
        requestedBy: state.requestedBy,
        grantedBy: ctx.actor.sub,
        grantedAt: ctx.now.toISOString(),
        validUntil,
      },
    },
  ];
}
