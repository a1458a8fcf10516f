import type { Projection } from '@app/projections';

/** Every read model the runner keeps; a projection joins by being listed here. */
export const allProjections: readonly Projection[] = [];
