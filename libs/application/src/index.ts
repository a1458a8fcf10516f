export { ApplicationModule } from './application.module';
export { Clock, ClockModule } from './clock';
export { type CommandContext, hashCommand } from './command-context';
export { type CommandPlan, CommandExecutor, type DomainEvent, type Reservation } from './command-executor';
export { EventReader } from './event-reader';
export type { WriteResult } from './write-result';
