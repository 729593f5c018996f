import { z } from 'zod';
import { protectedProcedure, router } from '../../trpc/init.ts';
import { id } from '../../../core/schemas/common.ts';
import {
  addressAddInput,
  addressRemoveInput,
  addressUpdateInput,
  archiveInput,
  partnerCreateInput,
  partnerListInput,
  partnerUpdateInput,
} from '../../../core/schemas/partners.ts';
import * as partners from '../../services/partners.ts';

export const partnersRouter = router({
  list: protectedProcedure('partners.read')
    .input(partnerListInput)
    .query(({ ctx, input }) => partners.listPartners(ctx, input)),
  get: protectedProcedure('partners.read')
    .input(z.strictObject({ id }))
    .query(({ ctx, input }) => partners.getPartner(ctx, input.id)),
  create: protectedProcedure('partners.create')
    .input(partnerCreateInput)
    .mutation(({ ctx, input }) => partners.createPartner(ctx, input)),
  update: protectedProcedure('partners.update')
    .input(partnerUpdateInput)
    .mutation(({ ctx, input }) => partners.updatePartner(ctx, input)),
  archive: protectedProcedure('partners.archive')
    .input(archiveInput)
    .mutation(({ ctx, input }) => partners.archivePartner(ctx, input)),
  addresses: router({
    add: protectedProcedure('partners.update')
      .input(addressAddInput)
      .mutation(({ ctx, input }) => partners.addAddress(ctx, input)),
    update: protectedProcedure('partners.update')
      .input(addressUpdateInput)
      .mutation(({ ctx, input }) => partners.updateAddress(ctx, input)),
    remove: protectedProcedure('partners.update')
      .input(addressRemoveInput)
      .mutation(({ ctx, input }) => partners.removeAddress(ctx, input)),
  }),
});
