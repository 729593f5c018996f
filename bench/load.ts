// Drives one endpoint with autocannon and reduces the result to the figures the table prints.
// The load runs in a worker thread so that it does not share the servers' event loop.
import autocannon from 'autocannon';

export interface Target {
  label: string;
  url: string;
  headers?: Record<string, string>;
  /** A write: POST with this JSON body (a tRPC mutation's input). */
  body?: string;
}

export interface Figures {
  label: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  /** Connection errors, timeouts and non-2xx answers together. */
  failed: number;
}

export interface LoadOptions {
  connections: number;
  duration: number;
  warmup: number;
}

function fire(target: Target, connections: number, duration: number) {
  return autocannon({
    url: target.url,
    headers: target.body
      ? { ...target.headers, 'content-type': 'application/json' }
      : target.headers,
    ...(target.body ? { method: 'POST' as const, body: target.body } : {}),
    connections,
    duration,
    workers: 1,
  });
}

export async function measure(target: Target, opts: LoadOptions): Promise<Figures> {
  if (opts.warmup > 0) await fire(target, opts.connections, opts.warmup);
  const r = await fire(target, opts.connections, opts.duration);
  return {
    label: target.label,
    reqPerSec: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    failed: r.errors + r.timeouts + r.non2xx,
  };
}

export function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The median of each figure over several rounds (rounds are noisy on a shared machine). */
export function medianOf(rounds: Figures[]): Figures {
  return {
    label: rounds[0]!.label,
    reqPerSec: median(rounds.map((f) => f.reqPerSec)),
    p50: median(rounds.map((f) => f.p50)),
    p99: median(rounds.map((f) => f.p99)),
    failed: rounds.reduce((n, f) => n + f.failed, 0),
  };
}

/**
 * A Markdown table, so the output can be pasted into bench/README.md as it is. `ratios[i]` is
 * row i's req/s over the plain line's, taken within each round and then the median.
 */
export function table(rows: Figures[], ratios: number[]): string {
  const lines = [
    '| endpoint | req/s | p50 ms | p99 ms | failed | ratio to plain |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  rows.forEach((f, i) => {
    const cells = [f.label, Math.round(f.reqPerSec), f.p50, f.p99, f.failed, ratios[i]!.toFixed(2)];
    lines.push(`| ${cells.join(' | ')} |`);
  });
  return lines.join('\n');
}
