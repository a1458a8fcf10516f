import type { Projection } from '@app/projections';
import { commissionLedgerProjection } from './commission-ledger/commission-ledger.projection';
import { dailyDisciplineProjection } from './daily-discipline/daily-discipline.projection';
import { dailyQuotaProjection } from './daily-quota/daily-quota.projection';
import { leadPipelineProjection } from './lead-pipeline/lead-pipeline.projection';
import { specialistWeeklyProjection } from './specialist-weekly/specialist-weekly.projection';

/** Every read model the runner keeps; a projection joins by being listed here. */
export const allProjections: readonly Projection[] = [
  leadPipelineProjection,
  dailyQuotaProjection,
  specialistWeeklyProjection,
  commissionLedgerProjection,
  dailyDisciplineProjection,
] as Projection[];

// What the service reads from each read model: its projection (for read-your-writes and the live build), its queries
// and the rows they answer (classes that are also the answers' OpenAPI schemas).
export { commissionLedgerProjection };
export { type LedgerEventRecord, loadLedgerEvents, loadPayHistory } from './commission-ledger/commission-ledger.queries';
export { PayStatement, PayStatementLine } from './commission-ledger/commission-ledger.rows';
export { dailyQuotaProjection };
export { dailyQuota, leaderboard, monthlyQuota } from './daily-quota/daily-quota.queries';
export { DailyQuotaRow, MonthlyQuotaRow, RankedByDeals, RankedByEffectiveCalls } from './daily-quota/daily-quota.rows';
export { morningBriefing } from './daily-quota/morning-briefing';
export { BriefingAgent, BriefingTeam } from './daily-quota/morning-briefing.rows';
export { leadPipelineProjection };
export { followUps, pipelineCounts, pipelineRows } from './lead-pipeline/lead-pipeline.queries';
export { FollowUpItem, PipelineCounts, PipelineItem } from './lead-pipeline/lead-pipeline.rows';
export { STAGES, type Stage } from './lead-pipeline/lead-pipeline.rules';
export { specialistWeeklyProjection };
export { registrationsOf, specialistWeeks } from './specialist-weekly/specialist-weekly.queries';
export { SpecialistWeek } from './specialist-weekly/specialist-weekly.rows';
export { dailyDisciplineProjection };
export { disciplineDuties } from './daily-discipline/daily-discipline.queries';
export { DisciplineAgent, DisciplineDuty } from './daily-discipline/daily-discipline.rows';
