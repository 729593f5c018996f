// Chunk planning by estimated JSON size. Excel on the web caps a request or response at about
// 5 MB (and may answer an oversized read with nothing at all); the server caps bodies at
// LODESTONE_MAX_BODY_BYTES. Plan under the budget, halve on a payload error, and keep the
// budget that worked for the next operation.

/** Under Excel's ~5 MB, with room for the request's own envelope. */
export const EXCEL_BUDGET_BYTES = 3_500_000;
const MIN_BUDGET = 1_000;

const encoder = new TextEncoder();

/** UTF-8 bytes of a value's JSON: what travels. */
export function jsonBytes(value: unknown): number {
  return encoder.encode(JSON.stringify(value)).length;
}

/** Excel's RequestPayloadSizeLimitExceeded, or the server's 413 (PAYLOAD_TOO_LARGE). */
export function isPayloadError(err: unknown): boolean {
  const e = err as { code?: unknown; data?: { code?: unknown; httpStatus?: unknown } } | null;
  return (
    e?.code === 'RequestPayloadSizeLimitExceeded' ||
    e?.data?.code === 'PAYLOAD_TOO_LARGE' ||
    e?.data?.httpStatus === 413
  );
}

export class ChunkSizer {
  constructor(
    /** Bytes one request may carry; lowered by refusals, persisted between operations. */
    public budget: number,
    /** Items one request may carry (the server's maxPushChanges). */
    readonly maxItems = Number.POSITIVE_INFINITY,
  ) {}

  /** Consecutive items per chunk while the running size stays within the budget. */
  plan<T>(items: readonly T[], bytes: (item: T) => number): T[][] {
    const chunks: T[][] = [];
    let chunk: T[] = [];
    let size = 0;
    for (const item of items) {
      const b = bytes(item);
      if (chunk.length && (size + b > this.budget || chunk.length >= this.maxItems)) {
        chunks.push(chunk);
        chunk = [];
        size = 0;
      }
      chunk.push(item);
      size += b;
    }
    if (chunk.length) chunks.push(chunk);
    return chunks;
  }

  /** A payload of `bytes` was refused: the budget drops to half of it. */
  refused(bytes: number): void {
    this.budget = Math.max(MIN_BUDGET, Math.floor(Math.min(this.budget, bytes) / 2));
  }
}

/** The two halves of a refused chunk. */
export function halves<T>(chunk: readonly T[]): [T[], T[]] {
  const mid = Math.ceil(chunk.length / 2);
  return [chunk.slice(0, mid), chunk.slice(mid)];
}

/**
 * Sends items in planned chunks; a chunk refused for its size is split in two and retried, and
 * the sizer keeps the lower budget. A single item too large for any request is an error.
 */
export async function sendInChunks<T>(
  items: readonly T[],
  sizer: ChunkSizer,
  bytes: (item: T) => number,
  send: (chunk: T[]) => Promise<void>,
): Promise<void> {
  const queue = sizer.plan(items, bytes);
  while (queue.length) {
    const chunk = queue.shift()!;
    try {
      await send(chunk);
    } catch (err) {
      if (!isPayloadError(err) || chunk.length === 1) throw err;
      sizer.refused(chunk.reduce((n, item) => n + bytes(item), 0));
      queue.unshift(...halves(chunk));
    }
  }
}
