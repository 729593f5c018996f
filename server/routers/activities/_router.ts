import { protectedProcedure, router } from '../../trpc/init.ts';
import {
  activityCompleteInput,
  activityListInput,
  activityLogInput,
} from '../../../core/schemas/activities.ts';
import * as activities from '../../services/activities.ts';

export const activitiesRouter = router({
  log: protectedProcedure('activities.log')
    .input(activityLogInput)
    .mutation(({ ctx, input }) => activities.logActivity(ctx, input)),
  list: protectedProcedure('activities.read')
    .input(activityListInput)
    .query(({ ctx, input }) => activities.listActivities(ctx, input)),
  complete: protectedProcedure('activities.complete')
    .input(activityCompleteInput)
    .mutation(({ ctx, input }) => activities.completeActivity(ctx, input)),
});
