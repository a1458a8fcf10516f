export { payHistoryFromStore, REPLAY_PAGE, replayFromStore } from './replay-from-store';
export { type ManifestFinding, type MonthVerification, verifyMonth, type VerifyingKey } from './verify-month';
