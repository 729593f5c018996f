// The command-line options every benchmark shares: database, load shape, rounds, and one size
// option of its own (demo scale, opportunity count).
import { parseArgs } from 'node:util';
import type { BenchDbKind } from './database.ts';
import type { LoadOptions } from './load.ts';

function whole(name: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number ≥ ${min}`);
  return n;
}

export function benchOptions(sizeOption: string, sizeDefault: string) {
  const { values: args } = parseArgs({
    options: {
      db: { type: 'string', default: 'sqlite' },
      [sizeOption]: { type: 'string', default: sizeDefault },
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      connections: { type: 'string', default: '10' },
      rounds: { type: 'string', default: '1' },
    },
  });
  const get = (name: string) => String(args[name]);
  if (args.db !== 'sqlite' && args.db !== 'postgres') throw new Error('--db: sqlite or postgres');
  const kind: BenchDbKind = args.db;
  const load: LoadOptions = {
    connections: whole('connections', get('connections'), 1),
    duration: whole('duration', get('duration'), 1),
    warmup: whole('warmup', get('warmup'), 0),
  };
  return {
    kind,
    size: whole(sizeOption, get(sizeOption), 1),
    rounds: whole('rounds', get('rounds'), 1),
    load,
  };
}
