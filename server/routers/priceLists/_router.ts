import { protectedProcedure, router } from '../../trpc/init.ts';
import {
  priceListArchiveInput,
  priceListCreateInput,
  priceListGetInput,
  priceListItemsSetInput,
  priceListListInput,
  priceListUpdateInput,
  priceResolveInput,
} from '../../../core/schemas/price-lists.ts';
import * as reads from '../../services/price-lists.ts';
import * as writes from '../../services/price-list-writes.ts';

export const priceListsRouter = router({
  list: protectedProcedure('products.read')
    .input(priceListListInput)
    .query(({ ctx, input }) => reads.listPriceLists(ctx, input)),
  get: protectedProcedure('products.read')
    .input(priceListGetInput)
    .query(({ ctx, input }) => reads.loadPriceListDetail(ctx.db, input.id)),
  create: protectedProcedure('products.manage')
    .input(priceListCreateInput)
    .mutation(({ ctx, input }) => writes.createPriceList(ctx, input)),
  update: protectedProcedure('products.manage')
    .input(priceListUpdateInput)
    .mutation(({ ctx, input }) => writes.updatePriceList(ctx, input)),
  archive: protectedProcedure('products.manage')
    .input(priceListArchiveInput)
    .mutation(({ ctx, input }) => writes.archivePriceList(ctx, input)),
  items: router({
    set: protectedProcedure('products.manage')
      .input(priceListItemsSetInput)
      .mutation(({ ctx, input }) => writes.setPriceListItems(ctx, input)),
  }),
  /** The prices lines would get, for the quote and order editors (see resolvePrices). */
  resolve: protectedProcedure('products.read')
    .input(priceResolveInput)
    .query(({ ctx, input }) => reads.resolveForEditor(ctx, input)),
});
