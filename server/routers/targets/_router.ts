import { protectedProcedure, router } from '../../trpc/init.ts';
import {
  targetAttainmentInput,
  targetBreakdownInput,
  targetListInput,
  targetSetInput,
} from '../../../core/schemas/targets.ts';
import { listTargets, setTarget } from '../../services/targets.ts';
import { breakdownTarget } from '../../services/targets-breakdown.ts';
import { targetAttainment } from '../../services/targets-attainment.ts';

export const targetsRouter = router({
  set: protectedProcedure('targets.set')
    .input(targetSetInput)
    .mutation(({ ctx, input }) => setTarget(ctx, input)),
  list: protectedProcedure('targets.read')
    .input(targetListInput)
    .query(({ ctx, input }) => listTargets(ctx, input)),
  breakdown: protectedProcedure('targets.set')
    .input(targetBreakdownInput)
    .mutation(({ ctx, input }) => breakdownTarget(ctx, input)),
  attainment: protectedProcedure('targets.read')
    .input(targetAttainmentInput)
    .query(({ ctx, input }) => targetAttainment(ctx, input)),
});
