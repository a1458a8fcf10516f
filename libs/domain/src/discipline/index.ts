export * from './discipline.events';
export * from './discipline.rules';
export * from './discipline.decide';
