import type { Projection } from '@app/projections';
import { commissionLedgerProjection } from './commission-ledger/commission-ledger.projection';
import { dailyQuotaProjection } from './daily-quota/daily-quota.projection';
import { leadPipelineProjection } from './lead-pipeline/lead-pipeline.projection';
import { specialistWeeklyProjection } from './specialist-weekly/specialist-weekly.projection';

/** Every read model the runner keeps; a projection joins by being listed here. */
export const allProjections: readonly Projection[] = [
  leadPipelineProjection,
  dailyQuotaProjection,
  specialistWeeklyProjection,
  commissionLedgerProjection,
] as Projection[];
