import { protectedProcedure, router } from '../../trpc/init.ts';
import {
  quoteAcceptInput,
  quoteCompareInput,
  quoteCreateInput,
  quoteGetInput,
  quoteListInput,
  quoteRejectInput,
  quoteReviseInput,
  quoteSendInput,
  quoteUpdateInput,
} from '../../../core/schemas/quotes.ts';
import * as quotes from '../../services/quotes.ts';
import * as reads from '../../services/quotes-read.ts';
import { compareQuote } from '../../services/quotes-compare.ts';

export const quotesRouter = router({
  list: protectedProcedure('quotes.read')
    .input(quoteListInput)
    .query(({ ctx, input }) => reads.listQuotes(ctx, input)),
  get: protectedProcedure('quotes.read')
    .input(quoteGetInput)
    .query(({ ctx, input }) => reads.getQuote(ctx, input)),
  compare: protectedProcedure('quotes.read')
    .input(quoteCompareInput)
    .query(({ ctx, input }) => compareQuote(ctx, input)),
  create: protectedProcedure('quotes.write')
    .input(quoteCreateInput)
    .mutation(({ ctx, input }) => quotes.createQuote(ctx, input)),
  update: protectedProcedure('quotes.write')
    .input(quoteUpdateInput)
    .mutation(({ ctx, input }) => quotes.updateQuote(ctx, input)),
  revise: protectedProcedure('quotes.write')
    .input(quoteReviseInput)
    .mutation(({ ctx, input }) => quotes.reviseQuote(ctx, input)),
  send: protectedProcedure('quotes.write')
    .input(quoteSendInput)
    .mutation(({ ctx, input }) => quotes.sendQuote(ctx, input)),
  // The customer's answer, recorded by whoever heard it.
  accept: protectedProcedure('quotes.decide')
    .input(quoteAcceptInput)
    .mutation(({ ctx, input }) => quotes.acceptQuote(ctx, input)),
  reject: protectedProcedure('quotes.decide')
    .input(quoteRejectInput)
    .mutation(({ ctx, input }) => quotes.rejectQuote(ctx, input)),
});
