import { z } from 'zod';
import { protectedProcedure, router } from '../../trpc/init.ts';
import { id } from '../../../core/schemas/common.ts';
import {
  discountLimitSetInput,
  orderAmendInput,
  orderCancelInput,
  orderCreateInput,
  orderFromQuoteInput,
  orderListInput,
  orderRejectInput,
  orderStepInput,
  orderUpdateInput,
} from '../../../core/schemas/orders.ts';
import * as orders from '../../services/orders.ts';
import * as changes from '../../services/orders-amend.ts';
import * as reads from '../../services/orders-read.ts';
import * as workflow from '../../services/orders-workflow.ts';
import * as limits from '../../services/orders-limits.ts';

export const ordersRouter = router({
  list: protectedProcedure('orders.read')
    .input(orderListInput)
    .query(({ ctx, input }) => reads.listOrders(ctx, input)),
  get: protectedProcedure('orders.read')
    .input(z.strictObject({ id }))
    .query(({ ctx, input }) => reads.getOrder(ctx, input.id)),
  create: protectedProcedure('orders.write')
    .input(orderCreateInput)
    .mutation(({ ctx, input }) => orders.createOrder(ctx, input)),
  createFromQuote: protectedProcedure('orders.write')
    .input(orderFromQuoteInput)
    .mutation(({ ctx, input }) => orders.createOrderFromQuote(ctx, input)),
  update: protectedProcedure('orders.write')
    .input(orderUpdateInput)
    .mutation(({ ctx, input }) => orders.updateOrder(ctx, input)),
  submit: protectedProcedure('orders.write')
    .input(orderStepInput)
    .mutation(({ ctx, input }) => workflow.submitOrder(ctx, input)),
  approve: protectedProcedure('orders.approve')
    .input(orderStepInput)
    .mutation(({ ctx, input }) => workflow.approveOrder(ctx, input)),
  reject: protectedProcedure('orders.approve')
    .input(orderRejectInput)
    .mutation(({ ctx, input }) => workflow.rejectOrder(ctx, input)),
  cancel: protectedProcedure('orders.write')
    .input(orderCancelInput)
    .mutation(({ ctx, input }) => changes.cancelOrder(ctx, input)),
  amend: protectedProcedure('orders.write')
    .input(orderAmendInput)
    .mutation(({ ctx, input }) => changes.amendOrder(ctx, input)),
  discountLimits: router({
    get: protectedProcedure('orders.read')
      .input(z.strictObject({}))
      .query(({ ctx }) => limits.listDiscountLimits(ctx.db)),
    set: protectedProcedure('orders.configure')
      .input(discountLimitSetInput)
      .mutation(({ ctx, input }) => limits.setDiscountLimit(ctx, input)),
  }),
});
