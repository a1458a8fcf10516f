import { forbidden, notFound, ruleBroken } from '../errors';
import type { Actor } from '../roles';
import type { ArchivedAppraisalRead } from './appraisal.events';
import type { AppraisalState } from './appraisal.state';
import type { ArchiveAccessState } from './archive-access.state';

/**
 * Whether `reader` may read an archived appraisal now, and the record of the read to append to the
 * appraisal's stream. The appraised agent reads their own without a request; anyone else needs
 * their own request, approved and not expired (access ends at `validUntil`). `access` is the
 * request the reader presents, or null. Throws APPRAISAL.NOT_ARCHIVED for an appraisal that is
 * not archived: its reads follow the ordinary rules and are not recorded.
 */
export function decideArchivedRead(appraisal: AppraisalState, reader: Actor, access: ArchiveAccessState | null, now: Date): ArchivedAppraisalRead {
  if (!appraisal.opened) throw notFound('APPRAISAL.NOT_FOUND', 'the appraisal does not exist');
  const { appraisalId } = appraisal;
  if (!appraisal.archived) throw ruleBroken('APPRAISAL.NOT_ARCHIVED', `appraisal ${appraisalId} is not archived`, { appraisalId });
  const read = (requestId: string | null): ArchivedAppraisalRead => ({
    type: 'ArchivedAppraisalRead',
    data: { appraisalId, readBy: reader.sub, requestId, readAt: now.toISOString() },
  });
  if (reader.sub === appraisal.agentId) return read(null);
  if (!access?.requested) {
    throw forbidden('ARCHIVE.ACCESS_REQUIRED', `appraisal ${appraisalId} is archived: reading it needs an access request approved by the assistant`, {
      appraisalId,
    });
  }
  if (access.requestedBy !== reader.sub) {
    throw forbidden('ARCHIVE.NOT_YOURS', `archive access request ${access.requestId} is ${access.requestedBy}'s, not yours`, { requestId: access.requestId });
  }
  if (access.appraisalId !== appraisalId) {
    throw forbidden('ARCHIVE.OTHER_APPRAISAL', `archive access request ${access.requestId} is for appraisal ${access.appraisalId}, not ${appraisalId}`, {
      requestId: access.requestId,
    });
  }
  if (!access.grant) {
    throw forbidden('ARCHIVE.ACCESS_REQUIRED', `archive access request ${access.requestId} has not been approved by the assistant yet`, {
      requestId: access.requestId,
    });
  }
  if (now.getTime() >= Date.parse(access.grant.validUntil)) {
    throw forbidden('ARCHIVE.ACCESS_EXPIRED', `archive access request ${access.requestId} was valid until ${access.grant.validUntil}`, {
      requestId: access.requestId,
      validUntil: access.grant.validUntil,
    });
  }
  return read(access.requestId);
}
