import { z } from 'zod';
import { protectedProcedure, router } from '../../trpc/init.ts';
import { id } from '../../../core/schemas/common.ts';
import {
  collaboratorAddInput,
  collaboratorRemoveInput,
  competitorAddInput,
  competitorRemoveInput,
  competitorUpdateInput,
  opportunityCloseInput,
  opportunityContactRemoveInput,
  opportunityContactSetInput,
  opportunityCreateInput,
  opportunityLinesSetInput,
  opportunityListInput,
  opportunityMoveInput,
  opportunityRefInput,
  opportunityStageTotalsInput,
  opportunityTaskSetInput,
  opportunityUpdateInput,
} from '../../../core/schemas/opportunities.ts';
import * as opportunities from '../../services/opportunities.ts';
import * as reads from '../../services/opportunity-reads.ts';
import * as parts from '../../services/opportunity-related.ts';

export const opportunitiesRouter = router({
  list: protectedProcedure('opportunities.read')
    .input(opportunityListInput)
    .query(({ ctx, input }) => reads.listOpportunities(ctx, input)),
  stageTotals: protectedProcedure('opportunities.read')
    .input(opportunityStageTotalsInput)
    .query(({ ctx, input }) => reads.stageTotals(ctx, input)),
  get: protectedProcedure('opportunities.read')
    .input(z.strictObject({ id }))
    .query(({ ctx, input }) => reads.getOpportunity(ctx, input.id)),
  create: protectedProcedure('opportunities.create')
    .input(opportunityCreateInput)
    .mutation(({ ctx, input }) => opportunities.createOpportunity(ctx, input)),
  update: protectedProcedure('opportunities.update')
    .input(opportunityUpdateInput)
    .mutation(({ ctx, input }) => opportunities.updateOpportunity(ctx, input)),
  moveStage: protectedProcedure('opportunities.move')
    .input(opportunityMoveInput)
    .mutation(({ ctx, input }) => opportunities.moveStage(ctx, input)),
  close: protectedProcedure('opportunities.close')
    .input(opportunityCloseInput)
    .mutation(({ ctx, input }) => opportunities.closeOpportunity(ctx, input)),
  reopen: protectedProcedure('opportunities.close')
    .input(opportunityRefInput)
    .mutation(({ ctx, input }) => opportunities.reopenOpportunity(ctx, input)),
  tasks: router({
    // Checking a task can advance the deal by itself; that is the milestone rule, not a move.
    set: protectedProcedure('opportunities.update')
      .input(opportunityTaskSetInput)
      .mutation(({ ctx, input }) => opportunities.setTask(ctx, input)),
  }),
  collaborators: router({
    add: protectedProcedure('opportunities.update')
      .input(collaboratorAddInput)
      .mutation(({ ctx, input }) => parts.addCollaborator(ctx, input)),
    remove: protectedProcedure('opportunities.update')
      .input(collaboratorRemoveInput)
      .mutation(({ ctx, input }) => parts.removeCollaborator(ctx, input)),
  }),
  contacts: router({
    set: protectedProcedure('opportunities.update')
      .input(opportunityContactSetInput)
      .mutation(({ ctx, input }) => parts.setContact(ctx, input)),
    remove: protectedProcedure('opportunities.update')
      .input(opportunityContactRemoveInput)
      .mutation(({ ctx, input }) => parts.removeContact(ctx, input)),
  }),
  competitors: router({
    add: protectedProcedure('opportunities.update')
      .input(competitorAddInput)
      .mutation(({ ctx, input }) => parts.addCompetitor(ctx, input)),
    update: protectedProcedure('opportunities.update')
      .input(competitorUpdateInput)
      .mutation(({ ctx, input }) => parts.updateCompetitor(ctx, input)),
    remove: protectedProcedure('opportunities.update')
      .input(competitorRemoveInput)
      .mutation(({ ctx, input }) => parts.removeCompetitor(ctx, input)),
  }),
  lines: router({
    set: protectedProcedure('opportunities.update')
      .input(opportunityLinesSetInput)
      .mutation(({ ctx, input }) => parts.setLines(ctx, input)),
  }),
});
