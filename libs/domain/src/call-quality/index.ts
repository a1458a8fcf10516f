export * from './call-quality.events';
export * from './call-quality.errors';
export * from './call-quality.draw';
export * from './call-quality.state';
export * from './call-quality.decide';
