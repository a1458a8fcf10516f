export * from './projection';
export * from './bulk-insert';
export * from './page';
export * from './read-model-db';
export * from './registry.entities';
export * from './projection-runner';
export * from './registry';
export * from './staff-and-plans';
export { sleep } from './batches';
