import { z } from 'zod';
import { protectedProcedure, router } from '../../trpc/init.ts';
import { id } from '../../../core/schemas/common.ts';
import {
  userCreateInput,
  userListInput,
  userSetPasswordInput,
  userUpdateInput,
} from '../../../core/schemas/users.ts';
import * as users from '../../services/users.ts';

export const usersRouter = router({
  list: protectedProcedure('users.read')
    .input(userListInput)
    .query(({ ctx, input }) => users.listUsers(ctx, input)),
  get: protectedProcedure('users.read')
    .input(z.strictObject({ id }))
    .query(({ ctx, input }) => users.getUser(ctx, input.id)),
  create: protectedProcedure('users.manage')
    .input(userCreateInput)
    .mutation(({ ctx, input }) => users.createUser(ctx, input)),
  update: protectedProcedure('users.manage')
    .input(userUpdateInput)
    .mutation(({ ctx, input }) => users.updateUser(ctx, input)),
  setPassword: protectedProcedure('users.manage')
    .input(userSetPasswordInput)
    .mutation(({ ctx, input }) => users.setPassword(ctx, input)),
});
