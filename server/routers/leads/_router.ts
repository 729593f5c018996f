import { z } from 'zod';
import { protectedProcedure, router } from '../../trpc/init.ts';
import { id } from '../../../core/schemas/common.ts';
import {
  leadConvertInput,
  leadCreateInput,
  leadDisqualifyInput,
  leadDuplicatesInput,
  leadListInput,
  leadUpdateInput,
} from '../../../core/schemas/leads.ts';
import * as leads from '../../services/leads.ts';
import { intakeProcedures } from './intake.ts';

export const leadsRouter = router({
  // The lead itself: entry, list, card, edits, collisions (撞单), conversion, disqualification.
  create: protectedProcedure('leads.create')
    .input(leadCreateInput)
    .mutation(({ ctx, input }) => leads.createLead(ctx, input)),
  list: protectedProcedure('leads.read')
    .input(leadListInput)
    .query(({ ctx, input }) => leads.listLeads(ctx, input)),
  get: protectedProcedure('leads.read')
    .input(z.strictObject({ id }))
    .query(({ ctx, input }) => leads.getLead(ctx, input.id)),
  update: protectedProcedure('leads.update')
    .input(leadUpdateInput)
    .mutation(({ ctx, input }) => leads.updateLead(ctx, input)),
  duplicates: protectedProcedure('leads.read')
    .input(leadDuplicatesInput)
    .query(({ ctx, input }) => leads.leadDuplicates(ctx, input)),
  convert: protectedProcedure('leads.convert')
    .input(leadConvertInput)
    .mutation(({ ctx, input }) => leads.convertLead(ctx, input)),
  disqualify: protectedProcedure('leads.disqualify')
    .input(leadDisqualifyInput)
    .mutation(({ ctx, input }) => leads.disqualifyLead(ctx, input)),

  // Intake and routing: assignment, escalation, capture, import (see intake.ts).
  ...intakeProcedures,
});
