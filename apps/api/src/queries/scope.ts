import { Injectable } from '@nestjs/common';
import { type Actor, evolveAgent, forbidden, initialAgentState, streams, teamsOf } from '@app/domain';
import { EventReader } from '@app/application';

export interface Scope {
  agentId?: string;
  teamId?: string;
}

const SEES_EVERYONE = ['manager', 'director', 'hr', 'payroll'];

/**
 * Whose rows a caller may read: an agent their own, a supervisor their team's, managers and
 * directors everyone. Asking for more than that is a 403, never a silently narrowed answer.
 */
export function scopeFor(actor: Actor, requested: Scope): Scope {
  if (actor.roles.some((r) => SEES_EVERYONE.includes(r))) return requested;
  if (actor.roles.includes('supervisor')) {
    if (!actor.team) throw forbidden('AUTH.NO_TEAM', 'a supervisor token needs a `team` claim');
    if (requested.teamId && requested.teamId !== actor.team) throw forbidden('AUTH.OTHER_TEAM', `team ${requested.teamId} is not yours`);
    return { agentId: requested.agentId, teamId: actor.team };
  }
  if (requested.agentId && requested.agentId !== actor.sub) throw forbidden('AUTH.NOT_SELF', 'you may read only your own rows');
  if (requested.teamId) throw forbidden('AUTH.OTHER_TEAM', 'you may read only your own rows');
  return { agentId: actor.sub };
}

/**
 * `scopeFor`, and a supervisor who names an agent must name one of their team: the read models
 * filter by team too, so another team's agent would otherwise come back as an empty 200.
 */
@Injectable()
export class Scopes {
  constructor(private readonly reader: EventReader) {}

  async of(actor: Actor, requested: Scope): Promise<Scope> {
    const scope = scopeFor(actor, requested);
    const narrowedToTeam = !actor.roles.some((r) => SEES_EVERYONE.includes(r)) && scope.teamId !== undefined;
    if (narrowedToTeam && requested.agentId !== undefined && requested.agentId !== actor.sub) {
      const agent = await this.reader.fold(streams.agent(requested.agentId), initialAgentState, evolveAgent);
      // Someone who moved is also their former team's for the days they spent there: the rows are filtered by the date's team.
      if (!teamsOf(agent).some((t) => t.teamId === scope.teamId)) throw forbidden('AUTH.OTHER_TEAM', `${requested.agentId} is not in your team`);
    }
    return scope;
  }
}
