import { type AppealResolved, type AppraisalRevised, appraisalStage, localDate, type OpenedAppraisal } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';

const dataOf = <D extends object>(events: RecordedEvent[], type: string): (D & { eventId: string })[] =>
  events.filter((e) => e.type === type).map((e) => ({ eventId: e.eventId, ...(e.data as D) }));

/**
 * GET /api/appraisals/:id: the lifecycle stage, the scores, the figures and score as finalized and
 * as revised since, the deadlines on the day of `now` in the plan's time zone (feedback not given
 * by its due date, or given late, shows as overdue with that date), and the appeals.
 */
export function appraisalView(appraisal: OpenedAppraisal, events: RecordedEvent[], now: Date) {
  const { finalized, feedback, result } = appraisal;
  const today = finalized ? localDate(now, finalized.timeZone) : null;
  const resolutions = new Map(dataOf<AppealResolved['data']>(events, 'AppealResolved').map((r) => [r.appealId, r]));
  return {
    appraisalId: appraisal.appraisalId,
    agentId: appraisal.agentId,
    teamId: appraisal.teamId,
    /** Agents are scored on calls; specialists on their numbers registered and their own deals. */
    role: appraisal.role ?? 'agent',
    period: appraisal.period,
    periodKind: appraisal.periodKind,
    from: appraisal.from,
    to: appraisal.to,
    planId: appraisal.planId,
    state: appraisalStage(appraisal),
    scores: appraisal.scores,
    /** As of now: the finalized figures, or the latest revision's. */
    figures: result?.figures ?? null,
    items: result?.items ?? null,
    score: result?.score ?? null,
    band: result?.band ?? null,
    finalized: finalized && {
      finalizedAt: finalized.finalizedAt,
      finalizedBy: finalized.finalizedBy,
      planVersion: finalized.planVersion,
      timeZone: finalized.timeZone,
      rules: finalized.rules,
      ...finalized.result,
    },
    revisions: dataOf<AppraisalRevised['data']>(events, 'AppraisalRevised'),
    feedback,
    deadlines: {
      feedbackDueOn: finalized?.feedbackDueOn ?? null,
      feedbackOverdue: finalized !== null && today !== null && (feedback ? feedback.late : today > finalized.feedbackDueOn),
      appealDeadline: feedback?.appealDeadline ?? null,
      appealWindowOpen: feedback !== null && today !== null && today <= feedback.appealDeadline && !appraisal.archived,
    },
    appeals: [...appraisal.appeals.values()].map((appeal) => {
      const resolution = resolutions.get(appeal.appealId);
      return { ...appeal, reason: resolution?.reason ?? null, corrections: resolution?.corrections ?? [], resolutionEventId: resolution?.eventId ?? null };
    }),
    archived: appraisal.archived,
  };
}
