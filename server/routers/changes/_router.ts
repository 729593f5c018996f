import { protectedProcedure, router } from '../../trpc/init.ts';
import { changesSubscribeInput } from '../../../core/schemas/changes.ts';
import { openChangeStream } from '../../services/changes-stream.ts';

export const changesRouter = router({
  /**
   * Live change notices in the caller's scope, over server-sent events (httpSubscriptionLink).
   * Each event's id is its place in the history of writes: on reconnect the link sends the last
   * one back and the stream resumes from there.
   */
  subscribe: protectedProcedure('changes.read')
    .input(changesSubscribeInput)
    .subscription(({ ctx, input, signal }) => openChangeStream(ctx, input, signal)),
});
