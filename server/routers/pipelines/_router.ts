import { z } from 'zod';
import { protectedProcedure, router } from '../../trpc/init.ts';
import { id } from '../../../core/schemas/common.ts';
import {
  closeReasonListInput,
  closeReasonUpsertInput,
  pipelineCreateInput,
  pipelineListInput,
  pipelineUpdateInput,
} from '../../../core/schemas/pipelines.ts';
import * as pipelines from '../../services/pipelines.ts';

export const pipelinesRouter = router({
  list: protectedProcedure('pipelines.read')
    .input(pipelineListInput)
    .query(({ ctx, input }) => pipelines.listPipelines(ctx, input)),
  get: protectedProcedure('pipelines.read')
    .input(z.strictObject({ id }))
    .query(({ ctx, input }) => pipelines.getPipeline(ctx, input.id)),
  create: protectedProcedure('pipelines.manage')
    .input(pipelineCreateInput)
    .mutation(({ ctx, input }) => pipelines.createPipeline(ctx, input)),
  update: protectedProcedure('pipelines.manage')
    .input(pipelineUpdateInput)
    .mutation(({ ctx, input }) => pipelines.updatePipeline(ctx, input)),
  closeReasons: router({
    list: protectedProcedure('pipelines.read')
      .input(closeReasonListInput)
      .query(({ ctx, input }) => pipelines.listCloseReasons(ctx, input)),
    upsert: protectedProcedure('pipelines.manage')
      .input(closeReasonUpsertInput)
      .mutation(({ ctx, input }) => pipelines.upsertCloseReason(ctx, input)),
  }),
});
