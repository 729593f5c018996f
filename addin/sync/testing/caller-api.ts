// The sync API straight into the server's router (a tRPC caller): the engine's tests run the
// real server code on a real database without HTTP.
import type { Caller } from '../../../test/support/org.ts';
import type { SyncApi } from '../api.ts';

export function callerApi(c: Caller): SyncApi {
  return {
    describe: (i) => c.sync.describe(i),
    pull: (i) => c.sync.pull(i),
    changes: (i) => c.sync.changes(i),
    push: (i) => c.sync.push(i),
  };
}
