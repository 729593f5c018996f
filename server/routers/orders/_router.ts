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
    .query(async ({ ctx, input }) =>
      reads.orderAsSeenBy(ctx.identity, await reads.getOrder(ctx, input.id)),
    ),
  create: protectedProcedure('orders.write')
    .input(orderCreateInput)
    .mutation(async ({ ctx, input }) =>
      reads.orderAsSeenBy(ctx.identity, await orders.createOrder(ctx, input)),
    ),
  createFromQuote: protectedProcedure('orders.write')
    .input(orderFromQuoteInput)
    .mutation(async ({ ctx, input }) =>
      reads.orderAsSeenBy(ctx.identity, await orders.createOrderFromQuote(ctx, input)),
    ),
  update: protectedProcedure('orders.write')
    .input(orderUpdateInput)
    .mutation(async ({ ctx, input }) =>
      reads.orderAsSeenBy(ctx.identity, await orders.updateOrder(ctx, input)),
    ),
  submit: protectedProcedure('orders.write')
    .input(orderStepInput)
    .mutation(async ({ ctx, input }) =>
      reads.orderAsSeenBy(ctx.identity, await workflow.submitOrder(ctx, input)),
    ),
  approve: protectedProcedure('orders.approve')
    .input(orderStepInput)
    .mutation(async ({ ctx, input }) =>
      reads.orderAsSeenBy(ctx.identity, await workflow.approveOrder(ctx, input)),
    ),
  reject: protectedProcedure('orders.approve')
    .input(orderRejectInput)
    .mutation(async ({ ctx, input }) =>
      reads.orderAsSeenBy(ctx.identity, await workflow.rejectOrder(ctx, input)),
    ),
  cancel: protectedProcedure('orders.write')
    .input(orderCancelInput)
    .mutation(async ({ ctx, input }) =>
      reads.orderAsSeenBy(ctx.identity, await changes.cancelOrder(ctx, input)),
    ),
  amend: protectedProcedure('orders.write')
    .input(orderAmendInput)
    .mutation(async ({ ctx, input }) =>
      reads.orderAsSeenBy(ctx.identity, await changes.amendOrder(ctx, input)),
    ),
  discountLimits: router({
    get: protectedProcedure('orders.read')
      .input(z.strictObject({}))
      .query(({ ctx }) => limits.listDiscountLimits(ctx.db)),
    set: protectedProcedure('orders.configure')
      .input(discountLimitSetInput)
      .mutation(({ ctx, input }) => limits.setDiscountLimit(ctx, input)),
  }),
});
