import { z } from 'zod';
import { protectedProcedure, router } from '../../trpc/init.ts';
import { id } from '../../../core/schemas/common.ts';
import {
  receiptAllocateInput,
  receiptBatchInput,
  receiptInput,
  receiptListInput,
  receiptReallocateInput,
  receiptUnallocateInput,
  receiptVoidInput,
} from '../../../core/schemas/receipts.ts';
import * as receipts from '../../services/receipts.ts';
import { getReceipt, listReceipts } from '../../services/receipts-read.ts';
import * as undo from '../../services/receipts-void.ts';

export const receiptsRouter = router({
  record: protectedProcedure('receipts.record')
    .input(receiptInput)
    .mutation(({ ctx, input }) => receipts.recordReceipt(ctx, input)),
  recordBatch: protectedProcedure('receipts.record')
    .input(receiptBatchInput)
    .mutation(({ ctx, input }) => receipts.recordReceiptBatch(ctx, input)),
  allocate: protectedProcedure('receipts.record')
    .input(receiptAllocateInput)
    .mutation(({ ctx, input }) => receipts.allocateReceipt(ctx, input)),
  unallocate: protectedProcedure('receipts.record')
    .input(receiptUnallocateInput)
    .mutation(({ ctx, input }) => undo.unallocateReceipt(ctx, input)),
  reallocate: protectedProcedure('receipts.record')
    .input(receiptReallocateInput)
    .mutation(({ ctx, input }) => undo.reallocateReceipt(ctx, input)),
  void: protectedProcedure('receipts.void')
    .input(receiptVoidInput)
    .mutation(({ ctx, input }) => undo.voidReceipt(ctx, input)),
  list: protectedProcedure('receipts.read')
    .input(receiptListInput)
    .query(({ ctx, input }) => listReceipts(ctx, input)),
  get: protectedProcedure('receipts.read')
    .input(z.strictObject({ id }))
    .query(({ ctx, input }) => getReceipt(ctx, input.id)),
});
