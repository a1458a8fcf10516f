export {
  type AppConfig,
  DEV_JWT_SECRET,
  type EdgeConfig,
  MIN_JWT_SECRET_BYTES,
  DEV_PAYROLL_SIGNING_KEY,
  DEV_PSEUDONYM_KEY,
  loadConfig,
  type PayrollSigningKey,
  payrollSigningKeyFrom,
  type ReadModelConfig,
  type StoreConfig,
} from './config';
export { EventStoreModule, openEventStore } from './event-store.module';
export { openReadModels, ProjectionsModule } from './projections.module';
