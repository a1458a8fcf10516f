import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import {
  type Actor,
  decideArchivedRead,
  evolveArchiveAccess,
  forbidden,
  initialArchiveAccessState,
  type OpenedAppraisal,
  type Role,
  streams,
} from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { Clock, EventReader } from '@app/application';
import { commandContext } from '../http/command-http';
import { Appraisals } from './appraisal-commands';

/** Who may read an appraisal: the appraised agent or specialist, a supervisor of their team, a manager, a director or hr. */
export const APPRAISAL_READERS = ['agent', 'specialist', 'supervisor', 'manager', 'director', 'hr'] as const satisfies readonly Role[];
const READ_EVERY_APPRAISAL: readonly string[] = ['manager', 'director', 'hr'];

export function requireAppraisalReader(actor: Actor, appraisal: OpenedAppraisal): void {
  if (actor.sub === appraisal.agentId || actor.roles.some((r) => READ_EVERY_APPRAISAL.includes(r))) return;
  if (actor.roles.includes('supervisor')) {
    if (actor.team === appraisal.teamId) return;
    throw forbidden('AUTH.OTHER_TEAM', `appraisal ${appraisal.appraisalId} is of team ${appraisal.teamId}, not yours`, { teamId: appraisal.teamId });
  }
  throw forbidden('AUTH.NOT_SELF', 'you may read only your own appraisals');
}

/**
 * Opens an appraisal for reading. Once it is archived, anyone but the appraised agent needs their
 * own access request approved by the assistant and not expired (`accessRequestId`), and every
 * read, the agent's own included, is recorded on the appraisal's stream before it is answered.
 */
@Injectable()
export class AppraisalReads {
  constructor(
    private readonly appraisals: Appraisals,
    private readonly reader: EventReader,
    private readonly clock: Clock,
  ) {}

  async open(
    appraisalId: string,
    actor: Actor,
    req: Request,
    accessRequestId?: string,
  ): Promise<{ events: RecordedEvent[]; appraisal: OpenedAppraisal; now: Date }> {
    const now = this.clock.now();
    const loaded = await this.appraisals.load(appraisalId);
    requireAppraisalReader(actor, loaded.appraisal);
    if (loaded.appraisal.archived) {
      const access = accessRequestId ? await this.reader.fold(streams.archiveAccess(accessRequestId), initialArchiveAccessState, evolveArchiveAccess) : null;
      const data = { appraisalId, accessRequestId: accessRequestId ?? null };
      // A read is not a command sent again: each is decided and recorded, whatever Idempotency-Key it carries.
      const ctx = { ...commandContext(req, actor, 'ReadArchivedAppraisal', data, { ownId: `${appraisalId}:${randomUUID()}` }), now };
      await this.appraisals.run(appraisalId, (state) => [decideArchivedRead(state, actor, access, now)], ctx);
    }
    return { ...loaded, now };
  }
}
