// The leads procedures that bring leads in and route them (spread into leadsRouter).
import { z } from 'zod';
import { protectedProcedure, publicProcedure, router } from '../../trpc/init.ts';
import {
  assignInput,
  captureInput,
  escalateInput,
  formCreateInput,
  formUpdateInput,
  importInput,
  ruleCreateInput,
  ruleRemoveInput,
  ruleUpdateInput,
  teamSettingsGetInput,
  teamSettingsSetInput,
} from '../../../core/schemas/lead-intake.ts';
import * as assignment from '../../services/lead-assignment.ts';
import * as capture from '../../services/lead-capture.ts';
import { importLeads } from '../../services/lead-import.ts';

export const intakeProcedures = {
  /** Assignment rules: ordered; the first active match routes a new lead to its team. */
  rules: router({
    list: protectedProcedure('leads.configure')
      .input(z.strictObject({}).optional())
      .query(({ ctx }) => assignment.listRules(ctx)),
    create: protectedProcedure('leads.configure')
      .input(ruleCreateInput)
      .mutation(({ ctx, input }) => assignment.createRule(ctx, input)),
    update: protectedProcedure('leads.configure')
      .input(ruleUpdateInput)
      .mutation(({ ctx, input }) => assignment.updateRule(ctx, input)),
    remove: protectedProcedure('leads.configure')
      .input(ruleRemoveInput)
      .mutation(({ ctx, input }) => assignment.removeRule(ctx, input)),
  }),
  /** Escalation time and each member's lead capacity. */
  teamSettings: router({
    get: protectedProcedure('leads.configure')
      .input(teamSettingsGetInput)
      .query(({ ctx, input }) => assignment.getTeamSettings(ctx, input.teamId)),
    set: protectedProcedure('leads.configure')
      .input(teamSettingsSetInput)
      .mutation(({ ctx, input }) => assignment.setTeamSettings(ctx, input)),
  }),
  assign: protectedProcedure('leads.assign')
    .input(assignInput)
    .mutation(({ ctx, input }) => assignment.assignLeads(ctx, input)),
  escalate: protectedProcedure('leads.escalate')
    .input(escalateInput)
    .mutation(({ ctx, input }) => assignment.escalateByHand(ctx, input)),
  /** Website forms post here without a login; the answer is always just { ok: true }. */
  capture: publicProcedure
    .input(captureInput)
    .mutation(({ ctx, input }) => capture.captureLead(ctx, input)),
  /** Capture forms: each has a public key for the web page, a channel, campaign and team. */
  forms: router({
    list: protectedProcedure('leads.configure')
      .input(z.strictObject({}).optional())
      .query(({ ctx }) => capture.listForms(ctx)),
    create: protectedProcedure('leads.configure')
      .input(formCreateInput)
      .mutation(({ ctx, input }) => capture.createForm(ctx, input)),
    update: protectedProcedure('leads.configure')
      .input(formUpdateInput)
      .mutation(({ ctx, input }) => capture.updateForm(ctx, input)),
  }),
  /** A CSV or XLSX file, base64 in the body: a per-row report; a bad file imports nothing. */
  import: protectedProcedure('leads.import')
    .input(importInput)
    .mutation(({ ctx, input }) => importLeads(ctx, input)),
};
