import type { Projection } from '@app/projections';
import { leadPipelineProjection } from './lead-pipeline/lead-pipeline.projection';

/** Every read model the runner keeps; a projection joins by being listed here. */
export const allProjections: readonly Projection[] = [leadPipelineProjection as Projection];
