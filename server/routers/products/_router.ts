import { z } from 'zod';
import { protectedProcedure, router } from '../../trpc/init.ts';
import { id } from '../../../core/schemas/common.ts';
import {
  productArchiveInput,
  productCreateInput,
  productListInput,
  productUpdateInput,
} from '../../../core/schemas/products.ts';
import * as products from '../../services/products.ts';

export const productsRouter = router({
  list: protectedProcedure('products.read')
    .input(productListInput)
    .query(({ ctx, input }) => products.listProducts(ctx, input)),
  get: protectedProcedure('products.read')
    .input(z.strictObject({ id }))
    .query(({ ctx, input }) => products.getProduct(ctx, input.id)),
  create: protectedProcedure('products.manage')
    .input(productCreateInput)
    .mutation(({ ctx, input }) => products.createProduct(ctx, input)),
  update: protectedProcedure('products.manage')
    .input(productUpdateInput)
    .mutation(({ ctx, input }) => products.updateProduct(ctx, input)),
  archive: protectedProcedure('products.manage')
    .input(productArchiveInput)
    .mutation(({ ctx, input }) => products.archiveProduct(ctx, input)),
});
