/**
 * Fixed-window counter per identity, counted per procedure call (a batch of 20 calls costs 20),
 * so batching cannot be used to slip past the limit. In memory: each server in a scaled-out
 * deployment enforces its own share, which is what a per-node limit behind a balancer means.
 */
export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one call; false when the identity is over its limit for the current minute. */
  take(identity: string): boolean {
    if (this.perMinute === 0) return true; // 0 disables the limit
    const t = this.now();
    let w = this.windows.get(identity);
    if (!w || t - w.start >= 60_000) {
      w = { start: t, count: 0 };
      this.windows.set(identity, w);
      if (this.windows.size > 10_000) this.sweep(t);
    }
    w.count += 1;
    return w.count <= this.perMinute;
  }

  private sweep(t: number): void {
    for (const [k, w] of this.windows) if (t - w.start >= 60_000) this.windows.delete(k);
  }
}
