import { protectedProcedure, router } from '../../trpc/init.ts';
import {
  paymentTermsArchiveInput,
  paymentTermsCreateInput,
  paymentTermsListInput,
  paymentTermsUpdateInput,
} from '../../../core/schemas/payment-terms.ts';
import * as terms from '../../services/payment-terms.ts';

// Reading the templates is part of the catalogue (finance picks one when generating a plan);
// keeping them is the admins' (products.manage).
export const paymentTermsRouter = router({
  list: protectedProcedure('products.read')
    .input(paymentTermsListInput)
    .query(({ ctx, input }) => terms.listPaymentTerms(ctx, input)),
  create: protectedProcedure('products.manage')
    .input(paymentTermsCreateInput)
    .mutation(({ ctx, input }) => terms.createPaymentTerms(ctx, input)),
  update: protectedProcedure('products.manage')
    .input(paymentTermsUpdateInput)
    .mutation(({ ctx, input }) => terms.updatePaymentTerms(ctx, input)),
  archive: protectedProcedure('products.manage')
    .input(paymentTermsArchiveInput)
    .mutation(({ ctx, input }) => terms.archivePaymentTerms(ctx, input)),
});
