import { z } from 'zod';
import { protectedProcedure, router } from '../../trpc/init.ts';
import { id } from '../../../core/schemas/common.ts';
import {
  teamArchiveInput,
  teamCreateInput,
  teamMemberInput,
  teamUpdateInput,
} from '../../../core/schemas/users.ts';
import * as teams from '../../services/teams.ts';

export const teamsRouter = router({
  list: protectedProcedure('teams.read').query(({ ctx }) => teams.listTeams(ctx)),
  get: protectedProcedure('teams.read')
    .input(z.strictObject({ id }))
    .query(({ ctx, input }) => teams.getTeam(ctx, input.id)),
  create: protectedProcedure('teams.manage')
    .input(teamCreateInput)
    .mutation(({ ctx, input }) => teams.createTeam(ctx, input)),
  update: protectedProcedure('teams.manage')
    .input(teamUpdateInput)
    .mutation(({ ctx, input }) => teams.updateTeam(ctx, input)),
  archive: protectedProcedure('teams.manage')
    .input(teamArchiveInput)
    .mutation(({ ctx, input }) => teams.archiveTeam(ctx, input)),
  addMember: protectedProcedure('teams.manage')
    .input(teamMemberInput)
    .mutation(({ ctx, input }) => teams.addMember(ctx, input)),
  removeMember: protectedProcedure('teams.manage')
    .input(teamMemberInput)
    .mutation(({ ctx, input }) => teams.removeMember(ctx, input)),
});
