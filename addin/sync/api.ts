// The four procedures the engine calls, as an interface: the typed client over HTTP in the
// add-in, an in-process caller in tests.
import type { z } from 'zod';
import type {
  SyncChangesPage,
  SyncDescribe,
  SyncPullPage,
  SyncPushAnswer,
  syncChangesInput,
  syncDescribeInput,
  syncPullInput,
  syncPushInput,
} from '../../core/schemas/sync.ts';
import type { LodestoneClient } from '../../core/client.ts';

export interface SyncApi {
  describe(input: z.input<typeof syncDescribeInput>): Promise<SyncDescribe>;
  pull(input: z.input<typeof syncPullInput>): Promise<SyncPullPage>;
  changes(input: z.input<typeof syncChangesInput>): Promise<SyncChangesPage>;
  push(input: z.input<typeof syncPushInput>): Promise<SyncPushAnswer>;
}

export function syncApiOf(client: LodestoneClient): SyncApi {
  return {
    describe: (input) => client.sync.describe.query(input),
    pull: (input) => client.sync.pull.query(input),
    changes: (input) => client.sync.changes.query(input),
    push: (input) => client.sync.push.mutate(input),
  };
}
