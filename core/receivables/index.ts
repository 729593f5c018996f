export * from './dates.ts';
export * from './errors.ts';
export * from './plan.ts';
export * from './resplit.ts';
export * from './status.ts';
export * from './allocation.ts';
export * from './reversal.ts';
