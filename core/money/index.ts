export * from './money.ts';
export * from './format.ts';
export * from './pricing.ts';
