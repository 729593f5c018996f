// Runs the numbered seed files (NN_what.ts) in order. Each is idempotent: it adds what is
// missing and nothing else, so seeding twice, or seeding a database in use, is safe.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Db } from '../knex.ts';
import { hashPassword } from '../../auth/passwords.ts';
import { DEMO_PASSWORD } from './demo-company.ts';
import type { SeedContext, SeedCounts } from './context.ts';

const SEEDS_DIR = import.meta.dirname;
export const MAX_SCALE = 100;

interface SeedModule {
  seed(db: Db, ctx: SeedContext): Promise<SeedCounts>;
}

export interface DemoSeedOptions {
  scale?: number;
  now?: Date;
}

export function assertScale(scale: number): void {
  if (!Number.isInteger(scale) || scale < 1 || scale > MAX_SCALE) {
    throw new Error(`scale must be a whole number from 1 to ${MAX_SCALE}`);
  }
}

/** Adds the demo company (times `scale`); returns the rows added per table. */
export async function seedDemo(db: Db, opts: DemoSeedOptions = {}): Promise<SeedCounts> {
  const scale = opts.scale ?? 1;
  assertScale(scale);
  let hash: Promise<string> | undefined;
  const ctx: SeedContext = {
    scale,
    now: opts.now ?? new Date(),
    actor: { userId: null, requestId: 'seed:demo' },
    passwordHash: () => (hash ??= hashPassword(DEMO_PASSWORD)),
  };
  const files = fs
    .readdirSync(SEEDS_DIR)
    .filter((f) => /^\d{2}_.+\.ts$/.test(f))
    .sort();
  const total: SeedCounts = {};
  for (const file of files) {
    const mod = (await import(pathToFileURL(path.join(SEEDS_DIR, file)).href)) as SeedModule;
    for (const [table, n] of Object.entries(await mod.seed(db, ctx))) {
      total[table] = (total[table] ?? 0) + n;
    }
  }
  return total;
}

/** A database nobody has used yet: no users. The server seeds the demo company only then. */
export async function isEmptyDatabase(db: Db): Promise<boolean> {
  const row = await db('users').first('id');
  return row === undefined;
}
