import { publicProcedure, router, selfProcedure } from '../../trpc/init.ts';
import { actorOf } from '../../trpc/context.ts';
import {
  changePasswordInput,
  loginInput,
  profileInput,
  tokenCreateInput,
  tokenRevokeInput,
} from '../../../core/schemas/auth.ts';
import * as auth from '../../services/auth.ts';

export const authRouter = router({
  login: publicProcedure
    .input(loginInput)
    .mutation(({ ctx, input }) => auth.login(ctx.db, ctx.config.sessionHours, input)),
  logout: selfProcedure.mutation(({ ctx }) => auth.logout(ctx.db, ctx.identity)),
  me: selfProcedure.query(({ ctx }) => auth.me(ctx.db, ctx.identity)),
  updateProfile: selfProcedure
    .input(profileInput)
    .mutation(({ ctx, input }) => auth.updateProfile(ctx.db, actorOf(ctx), ctx.identity, input)),
  changePassword: selfProcedure
    .input(changePasswordInput)
    .mutation(({ ctx, input }) => auth.changePassword(ctx.db, actorOf(ctx), ctx.identity, input)),
  tokens: router({
    create: selfProcedure
      .input(tokenCreateInput)
      .mutation(({ ctx, input }) => auth.createToken(ctx.db, ctx.identity, input)),
    list: selfProcedure.query(({ ctx }) => auth.listTokens(ctx.db, ctx.identity)),
    revoke: selfProcedure
      .input(tokenRevokeInput)
      .mutation(({ ctx, input }) => auth.revokeToken(ctx.db, ctx.identity, input.id)),
  }),
});
