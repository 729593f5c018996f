// The wire between the add-in and the server, for tests: a body limit answered like the
// server's 413, and calls that hang (before the server saw them, or after it answered).
import type { SyncApi } from '../api.ts';
import { jsonBytes } from '../chunks.ts';

type Method = keyof SyncApi;

export class PayloadTooLargeResponse extends Error {
  readonly data = { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 };
  constructor(bytes: number, limit: number) {
    super(`request body of ${bytes} bytes is over the server's ${limit}`);
  }
}

export class TestNetwork implements SyncApi {
  private readonly hangs: { method: Method; afterServer: boolean }[] = [];
  readonly calls: { method: Method; bytes: number }[] = [];

  constructor(
    private readonly server: SyncApi,
    /** LODESTONE_MAX_BODY_BYTES as the add-in meets it. */
    public bodyLimit = Number.POSITIVE_INFINITY,
  ) {}

  /** The next call of `method` never answers; with afterServer the server did the work. */
  hangNext(method: Method, options: { afterServer: boolean }): void {
    this.hangs.push({ method, afterServer: options.afterServer });
  }

  private async call<I, O>(method: Method, input: I, run: (i: I) => Promise<O>): Promise<O> {
    const bytes = jsonBytes(input);
    this.calls.push({ method, bytes });
    if (method === 'push' && bytes > this.bodyLimit)
      throw new PayloadTooLargeResponse(bytes, this.bodyLimit);
    const i = this.hangs.findIndex((h) => h.method === method);
    if (i >= 0) {
      const [hang] = this.hangs.splice(i, 1);
      if (hang!.afterServer) await run(input);
      return new Promise<O>(() => {});
    }
    return run(input);
  }

  describe: SyncApi['describe'] = (i) => this.call('describe', i, this.server.describe);
  pull: SyncApi['pull'] = (i) => this.call('pull', i, this.server.pull);
  changes: SyncApi['changes'] = (i) => this.call('changes', i, this.server.changes);
  push: SyncApi['push'] = (i) => this.call('push', i, this.server.push);
}
