// The Excel link (EXCEL-SYNC.md). 'sync.use' only opens the door: every dataset checks its own
// permissions and scopes (opportunities.read to pull opportunities, opportunities.update, .move
// and .close to push them, partners.* for customers), as the board and the API do.
import { protectedProcedure, router } from '../../trpc/init.ts';
import {
  syncChangesInput,
  syncDescribeInput,
  syncPullInput,
  syncPushInput,
} from '../../../core/schemas/sync.ts';
import { describeDataset } from '../../services/sync/describe.ts';
import { changedRows, pullRows } from '../../services/sync/pull.ts';
import { pushChanges } from '../../services/sync/push.ts';

export const syncRouter = router({
  describe: protectedProcedure('sync.use')
    .input(syncDescribeInput)
    .query(({ ctx, input }) =>
      describeDataset(ctx, input, { maxBodyBytes: ctx.config.maxBodyBytes }),
    ),
  pull: protectedProcedure('sync.use')
    .input(syncPullInput)
    .query(({ ctx, input }) => pullRows(ctx, input)),
  changes: protectedProcedure('sync.use')
    .input(syncChangesInput)
    .query(({ ctx, input }) => changedRows(ctx, input)),
  push: protectedProcedure('sync.use')
    .input(syncPushInput)
    .mutation(({ ctx, input }) => pushChanges(ctx, input)),
});
