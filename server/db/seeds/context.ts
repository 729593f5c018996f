import type { Actor } from '../../services/audit.ts';

/** What every numbered seed file receives. */
export interface SeedContext {
  /** How many copies of the demo customers, suppliers, contacts and activities to make. */
  scale: number;
  /** The clock the demo history is laid out against ("the last 90 days"). */
  now: Date;
  /** Stamped on seeded rows and their audit entries: the system, not a user. */
  actor: Actor;
  /** The demo password's hash, made once (scrypt is slow on purpose) and only when needed. */
  passwordHash(): Promise<string>;
}

/** Rows inserted, per table. */
export type SeedCounts = Record<string, number>;
