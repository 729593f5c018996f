// Every round trip to Excel or to the server gets a deadline: context.sync() can hang forever
// on the web, and a hung operation must fail so it can be resumed, not freeze the task pane.

export class SyncTimeoutError extends Error {
  constructor(
    readonly what: string,
    readonly ms: number,
  ) {
    super(`${what} did not answer within ${Math.round(ms / 1000)} s`);
    this.name = 'SyncTimeoutError';
  }
}

export interface Timeouts {
  /** One Excel round trip. */
  workbookMs: number;
  /** One server call. */
  serverMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { workbookMs: 30_000, serverMs: 120_000 };

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SyncTimeoutError(what, ms)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
