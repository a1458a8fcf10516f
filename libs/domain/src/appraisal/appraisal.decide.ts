import { type AgentState, teamOnDate } from '../agent/agent';
import { addWorkingDays, type WorkCalendar } from '../calendar/working-days';
import { conflict, forbidden, invalid, notFound, ruleBroken } from '../errors';
import { MAX_CLOCK_SKEW_MS } from '../lead/lead.decide';
import type { CompensationPlan } from '../plan/plan';
import type { Actor, Role } from '../roles';
import { addDays, localDate } from '../time';
import {
  APPEAL_DECISIONS,
  type AppealClaim,
  type AppealCorrection,
  type AppealDecision,
  type AppraisalEvent,
  type AppraisalFeedbackGiven,
  type AppealFiled,
  type AppealResolved,
  type AppraisalArchived,
  type AppraisalFinalized,
  type AppraisalOpened,
  type AppraisalRevised,
  type AppraisalScored,
} from './appraisal.events';
import { parsePeriod } from './appraisal.period';
import { assertWorkResults, qualityFigureFor, scoreAppraisal, specialistRules, weighsQuality, type WorkResults } from './appraisal.scoring';
import type { AppraisalState, OpenedAppraisal } from './appraisal.state';

/** Feedback is due within 3 calendar days of finalization (DOMAIN.md). */
export const FEEDBACK_DUE_DAYS = 3;
/** An appeal may be filed up to the 7th working day after feedback. */
export const APPEAL_WINDOW_WORKING_DAYS = 7;

export interface OpenAppraisal {
  type: 'OpenAppraisal';
  data: { appraisalId: string; agentId: string; period: string };
}
export interface ScoreAppraisal {
  type: 'ScoreAppraisal';
  data: { ability: number; attitude: number; comment: string | null };
}
export interface FinalizeAppraisal {
  type: 'FinalizeAppraisal';
  data: Record<string, never>;
}
export interface GiveFeedback {
  type: 'GiveFeedback';
  data: { givenAt: string; improvementPlan: string | null };
}
export interface FileAppeal {
  type: 'FileAppeal';
  data: { appealId: string; claims: AppealClaim[] };
}
export interface ResolveAppeal {
  type: 'ResolveAppeal';
  data: { appealId: string; decision: AppealDecision; reason: string; corrections?: AppealCorrection[] };
}
/** Re-score after an appeal's corrections ran; the new figures come in the context. */
export interface ReviseAppraisal {
  type: 'ReviseAppraisal';
  data: { appealId: string };
}
export interface ArchiveAppraisal {
  type: 'ArchiveAppraisal';
  data: Record<string, never>;
}

export type AppraisalCommand =
  OpenAppraisal | ScoreAppraisal | FinalizeAppraisal | GiveFeedback | FileAppeal | ResolveAppeal | ReviseAppraisal | ArchiveAppraisal;

/**
 * The roles that may send each command, for the route guards. The decide functions check them
 * again, with what only the stream knows: a supervisor acts only for their own team, and nobody
 * acts on their own appraisal except to appeal it.
 */
export const APPRAISAL_ROLES = {
  OpenAppraisal: ['supervisor', 'manager', 'director', 'hr'],
  ScoreAppraisal: ['supervisor', 'manager', 'director'],
  FinalizeAppraisal: ['supervisor', 'manager', 'director', 'hr'],
  GiveFeedback: ['supervisor', 'manager', 'director', 'hr'],
  // The appraised person, agent or specialist (specialists are appraised too).
  FileAppeal: ['agent', 'specialist'],
  ResolveAppeal: ['supervisor', 'manager', 'director', 'hr'],
  ReviseAppraisal: ['supervisor', 'manager', 'director', 'hr'],
  ArchiveAppraisal: ['hr', 'manager', 'director'],
} as const satisfies Record<AppraisalCommand['type'], readonly Role[]>;

/** What every appraisal command needs: the clock and who sends it. */
export interface AppraisalContext {
  now: Date;
  actor: Actor;
  /** The appraisal the command is for, to name it when it does not exist. */
  appraisalId?: string;
}
export interface OpenAppraisalContext extends AppraisalContext {
  /** The agent named by `agentId`, read from their stream: their team and plan go into the appraisal. */
  agent: AgentState;
}
export interface FinalizeAppraisalContext extends AppraisalContext {
  /** The plan version that prices the period (its `appraisal` weights and bands, its time zone). */
  plan: CompensationPlan;
  workResults: WorkResults;
}
export interface GiveFeedbackContext extends AppraisalContext {
  calendar: WorkCalendar;
}
export interface ReviseAppraisalContext extends AppraisalContext {
  /** Figures read after the appeal's corrections were applied by the read models. */
  workResults: WorkResults;
}
/** For `decideAppraisal`: whatever the command at hand needs, as in the per-command contexts. */
export type AppraisalCommandContext = AppraisalContext &
  Partial<Omit<OpenAppraisalContext & FinalizeAppraisalContext & GiveFeedbackContext, keyof AppraisalContext>>;

export function decideOpenAppraisal(command: OpenAppraisal, state: AppraisalState, ctx: OpenAppraisalContext): [AppraisalOpened] {
  const { appraisalId, agentId } = command.data;
  const period = parsePeriod(command.data.period);
  const agent = ctx.agent;
  if (!agent.hired || agent.agentId !== agentId) {
    throw ruleBroken('AGENT.UNKNOWN', `agentId ${agentId} is not a hired agent`, { field: 'agentId', agentId });
  }
  // Appraisal rights follow the date: the period belongs to the team the agent was in on its last day.
  const teamId = teamOnDate(agent, period.to) ?? agent.teamId;
  requireRole(ctx.actor, APPRAISAL_ROLES.OpenAppraisal, teamId);
  requireNotOwn(ctx.actor, agentId, 'APPRAISAL.OWN_CASE');
  if (state.opened) throw conflict('APPRAISAL.ALREADY_OPENED', `appraisal ${appraisalId} is already open`, { appraisalId });
  if (period.to < agent.hiredOn) {
    throw ruleBroken('APPRAISAL.BEFORE_HIRE', `${agentId} was hired on ${agent.hiredOn}, after period ${period.period} ended (${period.to})`, {
      field: 'period',
      hiredOn: agent.hiredOn,
    });
  }
  return [
    {
      type: 'AppraisalOpened',
      data: {
        appraisalId,
        agentId,
        teamId,
        period: period.period,
        periodKind: period.kind,
        from: period.from,
        to: period.to,
        planId: agent.planId,
        openedBy: ctx.actor.sub,
        // Specialists are appraised too, on their own figures; an agent's event stays as it was.
        ...(agent.role === 'specialist' && { role: 'specialist' as const }),
      },
    },
  ];
}

/** Ability and attitude, integers 0–100; scored again as often as needed until finalized. */
export function decideScoreAppraisal(command: ScoreAppraisal, state: AppraisalState, ctx: AppraisalContext): [AppraisalScored] {
  const appraisal = requireOpenedAppraisal(state, ctx.appraisalId);
  requireRole(ctx.actor, APPRAISAL_ROLES.ScoreAppraisal, appraisal.teamId);
  requireNotOwn(ctx.actor, appraisal.agentId, 'APPRAISAL.OWN_CASE');
  if (appraisal.finalized) throw alreadyFinalized(appraisal);
  const { ability, attitude, comment } = command.data;
  for (const [field, value] of [
    ['ability', ability],
    ['attitude', attitude],
  ] as const) {
    if (!Number.isInteger(value) || value < 0 || value > 100) {
      throw invalid('APPRAISAL.INVALID_SCORE', `${field} must be an integer 0–100, not ${JSON.stringify(value)}`, { field });
    }
  }
  return [{ type: 'AppraisalScored', data: { appraisalId: appraisal.appraisalId, ability, attitude, comment: comment ?? null, scoredBy: ctx.actor.sub } }];
}

/**
 * Freezes the figures (passed in from the read models) and prices them with the plan's
 * `appraisal` weights and bands (`scoreAppraisal`). Only after the period has ended, in the
 * plan's time zone, and once ability and attitude are scored.
 */
export function decideFinalizeAppraisal(_command: FinalizeAppraisal, state: AppraisalState, ctx: FinalizeAppraisalContext): [AppraisalFinalized] {
  const appraisal = requireOpenedAppraisal(state, ctx.appraisalId);
  requireRole(ctx.actor, APPRAISAL_ROLES.FinalizeAppraisal, appraisal.teamId);
  requireNotOwn(ctx.actor, appraisal.agentId, 'APPRAISAL.OWN_CASE');
  if (appraisal.finalized) throw alreadyFinalized(appraisal);
  if (!appraisal.scores) {
    throw ruleBroken('APPRAISAL.NOT_SCORED', `appraisal ${appraisal.appraisalId} has no ability and attitude scores yet`);
  }
  const { plan, workResults } = ctx;
  if (plan.planId !== appraisal.planId) {
    throw ruleBroken('APPRAISAL.WRONG_PLAN', `appraisal ${appraisal.appraisalId} is priced by plan ${appraisal.planId}, not ${plan.planId}`);
  }
  const today = localDate(ctx.now, plan.timezone);
  if (today <= appraisal.to) {
    throw ruleBroken('APPRAISAL.PERIOD_NOT_ENDED', `period ${appraisal.period} ends on ${appraisal.to}; it can be finalized from ${addDays(appraisal.to, 1)}`, {
      periodEnds: appraisal.to,
    });
  }
  assertWorkResults(workResults);
  const planRules = { weights: { ...plan.appraisal.weights }, bands: { ...plan.appraisal.bands } };
  const rules = appraisal.role === 'specialist' ? specialistRules(planRules) : planRules;
  const { ability, attitude } = appraisal.scores;
  const figures = copyFigures(workResults, weighsQuality(rules) ? qualityFigureFor(workResults, appraisal.period) : undefined);
  const { items, score, band } = scoreAppraisal({ figures, mostDealsInPeriod: workResults.mostDealsInPeriod, ability, attitude }, rules);
  return [
    {
      type: 'AppraisalFinalized',
      data: {
        appraisalId: appraisal.appraisalId,
        finalizedAt: ctx.now.toISOString(),
        finalizedBy: ctx.actor.sub,
        planId: plan.planId,
        planVersion: plan.version,
        timeZone: plan.timezone,
        rules,
        figures,
        mostDealsInPeriod: workResults.mostDealsInPeriod,
        upToPosition: workResults.upToPosition,
        ability,
        attitude,
        items,
        score,
        band,
        feedbackDueOn: addDays(today, FEEDBACK_DUE_DAYS),
      },
    },
  ];
}

/**
 * Feedback given at `givenAt` (it may be recorded after the meeting, never ahead of the clock).
 * Late feedback is recorded as late, not refused. It opens the appeal window: up to and including
 * the 7th working day after the local date of `givenAt`, by the calendar.
 */
export function decideGiveFeedback(command: GiveFeedback, state: AppraisalState, ctx: GiveFeedbackContext): [AppraisalFeedbackGiven] {
  const appraisal = requireOpenedAppraisal(state, ctx.appraisalId);
  requireRole(ctx.actor, APPRAISAL_ROLES.GiveFeedback, appraisal.teamId);
  requireNotOwn(ctx.actor, appraisal.agentId, 'APPRAISAL.OWN_CASE');
  const finalized = appraisal.finalized;
  if (!finalized) throw notFinalized(appraisal);
  if (appraisal.feedback) {
    throw conflict('APPRAISAL.FEEDBACK_ALREADY_GIVEN', `feedback on appraisal ${appraisal.appraisalId} was given at ${appraisal.feedback.givenAt}`, {
      givenAt: appraisal.feedback.givenAt,
    });
  }
  const { givenAt, improvementPlan } = command.data;
  requireInstant(givenAt, 'givenAt');
  if (Date.parse(givenAt) > ctx.now.getTime() + MAX_CLOCK_SKEW_MS) {
    throw ruleBroken('APPRAISAL.FEEDBACK_IN_FUTURE', 'givenAt must not be in the future', { field: 'givenAt' });
  }
  if (Date.parse(givenAt) < Date.parse(finalized.finalizedAt)) {
    throw ruleBroken('APPRAISAL.FEEDBACK_BEFORE_FINALIZATION', `givenAt must not be before the appraisal was finalized (${finalized.finalizedAt})`, {
      field: 'givenAt',
      finalizedAt: finalized.finalizedAt,
    });
  }
  const givenOn = localDate(givenAt, finalized.timeZone);
  return [
    {
      type: 'AppraisalFeedbackGiven',
      data: {
        appraisalId: appraisal.appraisalId,
        givenAt,
        improvementPlan: improvementPlan ?? null,
        givenBy: ctx.actor.sub,
        late: givenOn > finalized.feedbackDueOn,
        appealDeadline: addWorkingDays(ctx.calendar, givenOn, APPEAL_WINDOW_WORKING_DAYS),
      },
    },
  ];
}

/**
 * Only the appraised agent appeals, between feedback and the deadline (the local date of now, in
 * the plan's time zone, on or before `appealDeadline`), one open appeal at a time.
 */
export function decideFileAppeal(command: FileAppeal, state: AppraisalState, ctx: AppraisalContext): [AppealFiled] {
  const appraisal = requireOpenedAppraisal(state, ctx.appraisalId);
  requireNotArchived(appraisal);
  if (ctx.actor.sub !== appraisal.agentId) {
    throw forbidden('APPEAL.NOT_APPRAISED_AGENT', `only ${appraisal.agentId}, the appraised agent, may appeal appraisal ${appraisal.appraisalId}`);
  }
  const { appealId, claims } = command.data;
  requireClaims(claims);
  const { feedback, finalized } = appraisal;
  if (!feedback || !finalized) {
    throw ruleBroken('APPEAL.WINDOW_NOT_OPEN', `the appeal window opens when feedback on appraisal ${appraisal.appraisalId} is given`);
  }
  const today = localDate(ctx.now, finalized.timeZone);
  if (today > feedback.appealDeadline) {
    throw ruleBroken(
      'APPEAL.WINDOW_CLOSED',
      `the appeal window closed on ${feedback.appealDeadline} (${APPEAL_WINDOW_WORKING_DAYS} working days after feedback on ${localDate(feedback.givenAt, finalized.timeZone)}); today is ${today}`,
      { appealDeadline: feedback.appealDeadline },
    );
  }
  if (appraisal.appeals.has(appealId)) throw conflict('APPEAL.ALREADY_FILED', `appeal ${appealId} is already filed`, { appealId });
  if (appraisal.openAppealId) {
    throw conflict('APPEAL.ALREADY_OPEN', `appeal ${appraisal.openAppealId} is still open; one appeal at a time`, { openAppealId: appraisal.openAppealId });
  }
  const filed = claims.map(({ text, eventIds }) => ({ text, eventIds: [...eventIds] }));
  return [
    { type: 'AppealFiled', data: { appraisalId: appraisal.appraisalId, appealId, agentId: appraisal.agentId, claims: filed, filedAt: ctx.now.toISOString() } },
  ];
}

/**
 * A supervisor of the agent's team, a manager, a director or hr resolves — never the appraised
 * agent. A rejection carries no corrections; upheld and partly upheld may carry the commands
 * that correct the record (the caller runs them, then may `ReviseAppraisal`).
 */
export function decideResolveAppeal(command: ResolveAppeal, state: AppraisalState, ctx: AppraisalContext): [AppealResolved] {
  const appraisal = requireOpenedAppraisal(state, ctx.appraisalId);
  const { appealId, decision, reason } = command.data;
  const appeal = requireAppeal(appraisal, appealId);
  requireNotOwn(ctx.actor, appraisal.agentId, 'APPEAL.OWN_CASE');
  requireRole(ctx.actor, APPRAISAL_ROLES.ResolveAppeal, appraisal.teamId);
  requireNotArchived(appraisal);
  if (appeal.status === 'resolved') {
    throw conflict('APPEAL.ALREADY_RESOLVED', `appeal ${appealId} was already resolved (${appeal.decision})`, { decision: appeal.decision });
  }
  if (!APPEAL_DECISIONS.includes(decision)) {
    throw invalid('APPEAL.INVALID_DECISION', `decision must be one of ${APPEAL_DECISIONS.join(', ')}, not ${JSON.stringify(decision)}`, { field: 'decision' });
  }
  if (typeof reason !== 'string' || reason.trim() === '') throw invalid('APPEAL.REASON_REQUIRED', 'a resolution needs a reason', { field: 'reason' });
  const corrections = command.data.corrections ?? [];
  corrections.forEach((correction, i) => {
    if (!correction || typeof correction.command !== 'string' || correction.command.trim() === '') {
      throw invalid('APPEAL.INVALID_CORRECTION', `corrections[${i}].command must name the command to run`, { field: `corrections[${i}].command` });
    }
  });
  if (decision === 'rejected' && corrections.length > 0) {
    throw ruleBroken('APPEAL.REJECTED_WITH_CORRECTIONS', 'a rejected appeal carries no corrections', { field: 'corrections' });
  }
  return [
    {
      type: 'AppealResolved',
      data: {
        appraisalId: appraisal.appraisalId,
        appealId,
        decision,
        reason,
        corrections: corrections.map((c) => ({ ...c })),
        resolvedBy: ctx.actor.sub,
        resolvedAt: ctx.now.toISOString(),
      },
    },
  ];
}

/**
 * After an upheld or partly upheld appeal's corrections ran, re-scores the appraisal from the new
 * figures with the weights and bands it was finalized with. The figures must not be older than
 * the ones they replace.
 */
export function decideReviseAppraisal(command: ReviseAppraisal, state: AppraisalState, ctx: ReviseAppraisalContext): [AppraisalRevised] {
  const appraisal = requireOpenedAppraisal(state, ctx.appraisalId);
  const appeal = requireAppeal(appraisal, command.data.appealId);
  requireNotOwn(ctx.actor, appraisal.agentId, 'APPEAL.OWN_CASE');
  requireRole(ctx.actor, APPRAISAL_ROLES.ReviseAppraisal, appraisal.teamId);
  requireNotArchived(appraisal);
  const { finalized, result, scores } = appraisal;
  if (!finalized || !result || !scores) throw notFinalized(appraisal);
  if (appeal.status !== 'resolved') {
    throw ruleBroken('APPEAL.NOT_RESOLVED', `appeal ${appeal.appealId} is not resolved yet`, { appealId: appeal.appealId });
  }
  if (appeal.decision === 'rejected') {
    throw ruleBroken('APPRAISAL.NOTHING_TO_REVISE', `appeal ${appeal.appealId} was rejected: there is nothing to revise`, { appealId: appeal.appealId });
  }
  const { workResults } = ctx;
  assertWorkResults(workResults);
  if (BigInt(workResults.upToPosition) < BigInt(result.upToPosition)) {
    throw conflict('APPRAISAL.STALE_FIGURES', `the figures are up to position ${workResults.upToPosition}, older than the current ${result.upToPosition}`, {
      upToPosition: result.upToPosition,
    });
  }
  const figures = copyFigures(workResults, weighsQuality(finalized.rules) ? qualityFigureFor(workResults, appraisal.period) : undefined);
  const { items, score, band } = scoreAppraisal(
    { figures, mostDealsInPeriod: workResults.mostDealsInPeriod, ability: scores.ability, attitude: scores.attitude },
    finalized.rules,
  );
  return [
    {
      type: 'AppraisalRevised',
      data: {
        appraisalId: appraisal.appraisalId,
        causationAppealId: appeal.appealId,
        figures,
        mostDealsInPeriod: workResults.mostDealsInPeriod,
        upToPosition: workResults.upToPosition,
        items,
        score,
        band,
        previousScore: result.score,
        previousBand: result.band,
        revisedAt: ctx.now.toISOString(),
        revisedBy: ctx.actor.sub,
      },
    },
  ];
}

/** Archived once the appeal window has passed (the day after the deadline) or an appeal is resolved, with none open. */
export function decideArchiveAppraisal(_command: ArchiveAppraisal, state: AppraisalState, ctx: AppraisalContext): [AppraisalArchived] {
  const appraisal = requireOpenedAppraisal(state, ctx.appraisalId);
  requireRole(ctx.actor, APPRAISAL_ROLES.ArchiveAppraisal, appraisal.teamId);
  requireNotOwn(ctx.actor, appraisal.agentId, 'APPRAISAL.OWN_CASE');
  requireNotArchived(appraisal);
  const { feedback, finalized } = appraisal;
  if (!feedback || !finalized) {
    throw ruleBroken(
      'APPRAISAL.FEEDBACK_NOT_GIVEN',
      `appraisal ${appraisal.appraisalId} cannot be archived before feedback is given and the appeal window has passed`,
    );
  }
  if (appraisal.openAppealId) {
    throw ruleBroken('APPRAISAL.APPEAL_OPEN', `appeal ${appraisal.openAppealId} is still open`, { openAppealId: appraisal.openAppealId });
  }
  const today = localDate(ctx.now, finalized.timeZone);
  const resolved = [...appraisal.appeals.values()].some((a) => a.status === 'resolved');
  if (today <= feedback.appealDeadline && !resolved) {
    throw ruleBroken(
      'APPRAISAL.APPEAL_WINDOW_OPEN',
      `the appeal window is open until ${feedback.appealDeadline}; archive from ${addDays(feedback.appealDeadline, 1)} or once an appeal is resolved`,
      { appealDeadline: feedback.appealDeadline },
    );
  }
  return [{ type: 'AppraisalArchived', data: { appraisalId: appraisal.appraisalId, archivedAt: ctx.now.toISOString(), archivedBy: ctx.actor.sub } }];
}

/** Every appraisal command through one door; the context must carry what the command needs (see the per-command contexts). */
export function decideAppraisal(command: AppraisalCommand, state: AppraisalState, ctx: AppraisalCommandContext): AppraisalEvent[] {
  switch (command.type) {
    case 'OpenAppraisal':
      return decideOpenAppraisal(command, state, { ...ctx, agent: need(ctx.agent, 'agent', command.type) });
    case 'ScoreAppraisal':
      return decideScoreAppraisal(command, state, ctx);
    case 'FinalizeAppraisal':
      return decideFinalizeAppraisal(command, state, {
        ...ctx,
        plan: need(ctx.plan, 'plan', command.type),
        workResults: need(ctx.workResults, 'workResults', command.type),
      });
    case 'GiveFeedback':
      return decideGiveFeedback(command, state, { ...ctx, calendar: need(ctx.calendar, 'calendar', command.type) });
    case 'FileAppeal':
      return decideFileAppeal(command, state, ctx);
    case 'ResolveAppeal':
      return decideResolveAppeal(command, state, ctx);
    case 'ReviseAppraisal':
      return decideReviseAppraisal(command, state, { ...ctx, workResults: need(ctx.workResults, 'workResults', command.type) });
    case 'ArchiveAppraisal':
      return decideArchiveAppraisal(command, state, ctx);
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

function need<T>(value: T | undefined, name: string, type: string): T {
  if (value === undefined) throw new Error(`${type} needs context.${name}`);
  return value;
}

/** The appraisal exists (APPRAISAL.NOT_FOUND otherwise). */
export function requireOpenedAppraisal(state: AppraisalState, appraisalId?: string): OpenedAppraisal {
  if (!state.opened) throw notFound('APPRAISAL.NOT_FOUND', `appraisal ${appraisalId ?? ''} does not exist`.replace('  ', ' '), { appraisalId });
  return state;
}

function requireNotArchived(appraisal: OpenedAppraisal): void {
  if (appraisal.archived) {
    throw ruleBroken('APPRAISAL.ARCHIVED', `appraisal ${appraisal.appraisalId} was archived on ${appraisal.archived.archivedAt} and no longer changes`, {
      archivedAt: appraisal.archived.archivedAt,
    });
  }
}

function requireAppeal(appraisal: OpenedAppraisal, appealId: string) {
  const appeal = appraisal.appeals.get(appealId);
  if (!appeal) throw notFound('APPEAL.UNKNOWN', `appeal ${appealId} is not an appeal of appraisal ${appraisal.appraisalId}`, { appealId });
  return appeal;
}

/** Anyone with one of the roles other than supervisor may; a supervisor only for their own team. */
function requireRole(actor: Actor, allowed: readonly Role[], teamId: string): void {
  if (actor.roles.some((r) => r !== 'supervisor' && (allowed as readonly string[]).includes(r))) return;
  if (allowed.includes('supervisor') && actor.roles.includes('supervisor')) {
    if (actor.team === teamId) return;
    throw forbidden('AUTH.OTHER_TEAM', `the appraised agent is in team ${teamId}, not yours`, { teamId });
  }
  throw forbidden('AUTH.ROLE_NOT_ALLOWED', `this needs one of the roles: ${allowed.join(', ')}`, { allowed });
}

function requireNotOwn(actor: Actor, agentId: string, code: 'APPRAISAL.OWN_CASE' | 'APPEAL.OWN_CASE'): void {
  if (actor.sub === agentId) {
    const what = code === 'APPEAL.OWN_CASE' ? 'an appeal of your own appraisal' : 'your own appraisal';
    throw forbidden(code, `you may not act on ${what}`);
  }
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function requireInstant(value: string, field: string): void {
  if (typeof value !== 'string' || !INSTANT.test(value) || Number.isNaN(Date.parse(value))) {
    throw invalid('APPRAISAL.INVALID_INSTANT', `${field} must be an ISO-8601 instant with an offset, not ${JSON.stringify(value)}`, { field });
  }
}

function requireClaims(claims: AppealClaim[]): void {
  if (!Array.isArray(claims) || claims.length === 0) {
    throw invalid('APPEAL.INVALID_CLAIMS', 'an appeal names at least one claim', { field: 'claims' });
  }
  claims.forEach((claim, i) => {
    if (!claim || typeof claim.text !== 'string' || claim.text.trim() === '') {
      throw invalid('APPEAL.INVALID_CLAIMS', `claims[${i}].text must say what is disputed`, { field: `claims[${i}].text` });
    }
    if (!Array.isArray(claim.eventIds) || !claim.eventIds.every((id) => typeof id === 'string' && id !== '')) {
      throw invalid('APPEAL.INVALID_CLAIMS', `claims[${i}].eventIds must be a list of event ids`, { field: `claims[${i}].eventIds` });
    }
  });
}

const alreadyFinalized = (appraisal: OpenedAppraisal) =>
  conflict('APPRAISAL.ALREADY_FINALIZED', `appraisal ${appraisal.appraisalId} was finalized at ${appraisal.finalized?.finalizedAt}`, {
    finalizedAt: appraisal.finalized?.finalizedAt,
  });

const notFinalized = (appraisal: OpenedAppraisal) => ruleBroken('APPRAISAL.NOT_FINALIZED', `appraisal ${appraisal.appraisalId} is not finalized yet`);

const copyFigures = ({ figures }: WorkResults, quality?: { calls: number; points: number }) => ({
  dials: figures.dials,
  effectiveCalls: figures.effectiveCalls,
  deals: figures.deals,
  ...(figures.registeredNumbers !== undefined && { registeredNumbers: figures.registeredNumbers }),
  targets: {
    dials: figures.targets.dials,
    effectiveCalls: figures.targets.effectiveCalls,
    ...(figures.targets.registeredNumbers !== undefined && { registeredNumbers: figures.targets.registeredNumbers }),
  },
  // Only where the plan weighs call quality, so that appraisals under older plans keep their shape.
  ...(quality ? { quality: { calls: quality.calls, points: quality.points } } : {}),
});
