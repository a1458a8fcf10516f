export * from './projection';
export * from './page';
export * from './read-model-db';
export * from './projection-runner';
export * from './registry';
export * from './shared-tables';
