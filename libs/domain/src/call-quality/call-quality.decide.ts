import type { AgentState } from '../agent/agent';
import { parsePeriod } from '../appraisal/appraisal.period';
import { conflict, forbidden, invalid, ruleBroken } from '../errors';
import type { Actor, Role } from '../roles';
import { addDays, localDate } from '../time';
import { drawCalls, populationDigest, SEED_PATTERN } from './call-quality.draw';
import type { CallQualityScored, CallSampleDrawn } from './call-quality.events';
import { type CallQualityState, drawsOfCall } from './call-quality.state';

/** At most this many calls per agent and period: a reviewer listens to each. */
export const MAX_SAMPLE_SIZE = 100;

export interface DrawCallSample {
  type: 'DrawCallSample';
  data: { agentId: string; period: string; sampleSize: number };
}
export interface ScoreDrawnCall {
  type: 'ScoreDrawnCall';
  data: { agentId: string; period: string; callId: string; score: number; comment: string | null };
}
export type CallQualityCommand = DrawCallSample | ScoreDrawnCall;

/** The appraisal team draws (payroll or hr, 「绩效考核小组随机抽查电话录音」); reviewers (qa) score what was drawn. */
export const CALL_QUALITY_ROLES = {
  DrawCallSample: ['payroll', 'hr'],
  ScoreDrawnCall: ['qa'],
} as const satisfies Record<CallQualityCommand['type'], readonly Role[]>;

export interface CallQualityContext {
  now: Date;
  actor: Actor;
}

/** What the handler read for a draw; `seed` comes from the server's random source, never from the caller. */
export interface DrawContext extends CallQualityContext {
  agent: AgentState;
  /** The time zone of the plan in force for the period's last month. */
  timeZone: string;
  /** The ids of the agent's calls whose business day is in the period, as known at `upToPosition`. */
  population: readonly string[];
  upToPosition: string;
  seed: string;
}

function requireRole(actor: Actor, allowed: readonly Role[]): void {
  if (!actor.roles.some((r) => (allowed as readonly string[]).includes(r))) {
    throw forbidden('AUTH.ROLE_NOT_ALLOWED', `this needs one of the roles: ${allowed.join(', ')}`, { allowed });
  }
}

function requireNotOwn(actor: Actor, agentId: string): void {
  if (actor.sub === agentId) throw forbidden('CALL_QUALITY.OWN_CALLS', 'you may not draw or score your own calls');
}

/**
 * One draw per agent and period, once the period has ended in the plan's time zone (every call of
 * it can then be drawn); the calls are chosen by `drawCalls` under the server's seed.
 */
export function decideDrawCallSample(command: DrawCallSample, state: CallQualityState, ctx: DrawContext): [CallSampleDrawn] {
  const { agentId, sampleSize } = command.data;
  requireRole(ctx.actor, CALL_QUALITY_ROLES.DrawCallSample);
  requireNotOwn(ctx.actor, agentId);
  const period = parsePeriod(command.data.period);
  const agent = ctx.agent;
  if (!agent.hired || agent.agentId !== agentId) throw ruleBroken('AGENT.UNKNOWN', `agentId ${agentId} is not a hired agent`, { field: 'agentId', agentId });
  if (agent.role !== 'agent') throw ruleBroken('AGENT.WRONG_ROLE', `${agentId} is a ${agent.role}; calls are sampled of agents`, { field: 'agentId' });
  if (!Number.isInteger(sampleSize) || sampleSize < 1 || sampleSize > MAX_SAMPLE_SIZE) {
    throw invalid('CALL_QUALITY.INVALID_SAMPLE_SIZE', `sampleSize must be an integer 1–${MAX_SAMPLE_SIZE}, not ${JSON.stringify(sampleSize)}`, {
      field: 'sampleSize',
    });
  }
  const today = localDate(ctx.now, ctx.timeZone);
  if (today <= period.to) {
    throw ruleBroken('CALL_QUALITY.PERIOD_NOT_ENDED', `period ${period.period} ends on ${period.to}; its calls can be drawn from ${addDays(period.to, 1)}`, {
      periodEnds: period.to,
    });
  }
  const earlier = state.draws.get(period.period);
  if (earlier) {
    throw conflict(
      'CALL_QUALITY.ALREADY_DRAWN',
      `the calls of ${agentId} for ${period.period} were drawn at position ${earlier.drawnAtPosition} by ${earlier.drawnBy}; a period is drawn once`,
      { drawnAtPosition: earlier.drawnAtPosition, drawnAt: earlier.drawnAt },
    );
  }
  if (!SEED_PATTERN.test(ctx.seed)) throw new Error('DrawCallSample needs a seed of 64 hex digits');
  return [
    {
      type: 'CallSampleDrawn',
      data: {
        agentId,
        teamId: agent.teamId,
        period: period.period,
        periodKind: period.kind,
        from: period.from,
        to: period.to,
        timeZone: ctx.timeZone,
        sampleSize,
        seed: ctx.seed,
        drawnAtPosition: ctx.upToPosition,
        population: new Set(ctx.population).size,
        populationDigest: populationDigest(ctx.population),
        callIds: drawCalls(ctx.seed, ctx.population, sampleSize),
        drawnBy: ctx.actor.sub,
        drawnAt: ctx.now.toISOString(),
      },
    },
  ];
}

/** A reviewer scores a call of the period's draw, 0–100; a call the draw did not choose is not scored. */
export function decideScoreDrawnCall(command: ScoreDrawnCall, state: CallQualityState, ctx: CallQualityContext): [CallQualityScored] {
  const { agentId, period, callId, score, comment } = command.data;
  requireRole(ctx.actor, CALL_QUALITY_ROLES.ScoreDrawnCall);
  requireNotOwn(ctx.actor, agentId);
  if (!Number.isInteger(score) || score < 0 || score > 100) {
    throw invalid('CALL_QUALITY.INVALID_SCORE', `score must be an integer 0–100, not ${JSON.stringify(score)}`, { field: 'score' });
  }
  const draw = state.draws.get(period);
  if (!draw) {
    throw ruleBroken('CALL_QUALITY.NOT_DRAWN', `no calls of ${agentId} have been drawn for ${period}: only drawn calls are scored`, { period });
  }
  if (!draw.callIds.includes(callId)) {
    throw ruleBroken(
      'CALL_QUALITY.CALL_NOT_DRAWN',
      `call ${callId} was not drawn for ${agentId} in ${period}: only the calls the random draw chose are scored (「随机抽查」)`,
      { callId, period, drawnCallIds: [...draw.callIds] },
    );
  }
  return [
    { type: 'CallQualityScored', data: { agentId, period, callId, score, comment: comment ?? null, scoredBy: ctx.actor.sub, scoredAt: ctx.now.toISOString() } },
  ];
}

/** A reviewer who is not also a supervisor, manager or director: they reclassify only calls a draw chose. */
export const reviewsOnly = (actor: Actor): boolean =>
  actor.roles.includes('qa') && !actor.roles.some((r) => r === 'supervisor' || r === 'manager' || r === 'director');

/** ReclassifyCall by a reviewer: the call must be in one of its agent's draws (the agent's call-quality stream is `state`). */
export function requireDrawnForReview(actor: Actor, state: CallQualityState, callId: string): void {
  if (!reviewsOnly(actor) || drawsOfCall(state, callId).length > 0) return;
  throw ruleBroken(
    'CALL_QUALITY.CALL_NOT_DRAWN',
    `call ${callId} was not drawn for quality review: a reviewer reclassifies only the calls a draw chose (「随机抽查」)`,
    {
      callId,
    },
  );
}
