export * from './money';
export * from './month';
export * from './pay.engine';
export * from './call-log';
export * from './pay.facts';
export * from './pay.adjustments';
export * from './pay-month';
