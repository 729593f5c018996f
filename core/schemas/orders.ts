import { z } from 'zod';
import { day, id, idempotencyKey, listInput, optionalText, text, version } from './common.ts';
import type { Stamped } from './common.ts';
import { ROLES, type Role } from '../permissions.ts';
import { documentPricing, type DocumentLine, type DocumentTotalsView } from './quotes.ts';

// Orders / contracts (合同订单) with approval. The workflow, who may approve and the amendment
// path are described in server/README.md (Quotes and orders).

export const ORDER_STATUSES = ['draft', 'submitted', 'approved', 'rejected', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Every recorded workflow step (order_events.action). */
export const ORDER_ACTIONS = [
  'created',
  'submitted',
  'approved',
  'rejected',
  'withdrawn',
  'reopened',
  'cancelled',
  'amended',
  'superseded',
] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];

const addressChoice = {
  /** A live address of the partner; the default invoice address when absent. */
  invoiceAddressId: id.nullable().optional(),
  /** A live address of the partner; the default delivery address when absent. */
  deliveryAddressId: id.nullable().optional(),
};

export const orderCreateInput = z.strictObject({
  partnerId: id,
  title: text(200),
  /** An opportunity of the partner: approving the order closes it as won. */
  opportunityId: id.nullable().optional(),
  contactId: id.nullable().optional(),
  /** The caller when absent (within the caller's scope, as for partners). */
  ownerId: id.optional(),
  teamId: id.nullable().optional(),
  ...documentPricing,
  lines: documentPricing.lines.min(1),
  /** Today when absent. */
  orderDate: day.optional(),
  terms: optionalText(10_000),
  ...addressChoice,
  idempotencyKey: idempotencyKey.optional(),
});

export const orderFromQuoteInput = z.strictObject({
  quoteId: id,
  /** Must be the accepted version when given (a guard against ordering the wrong one). */
  versionNo: z.number().int().positive().optional(),
  orderDate: day.optional(),
  idempotencyKey: idempotencyKey.optional(),
});

/** Edits a draft, submitted or rejected order; a submitted or rejected one goes back to draft. */
export const orderUpdateInput = z.strictObject({
  id,
  version,
  patch: z
    .strictObject({
      title: text(200).optional(),
      contactId: id.nullable().optional(),
      priceListId: documentPricing.priceListId,
      priceMode: documentPricing.priceMode,
      currency: documentPricing.currency,
      discount: documentPricing.discount,
      lines: documentPricing.lines.min(1).optional(),
      orderDate: day.optional(),
      terms: optionalText(10_000),
      ...addressChoice,
    })
    .refine((p) => Object.keys(p).length > 0, 'patch must change at least one field'),
});

export const orderStepInput = z.strictObject({ id, version, comment: optionalText(2000) });
export const orderRejectInput = z.strictObject({ id, version, comment: text(2000) });
export const orderCancelInput = z.strictObject({ id, version, reason: text(2000) });
export const orderAmendInput = z.strictObject({ id, version });

export const orderListInput = listInput.extend({
  status: z.enum(ORDER_STATUSES).optional(),
  partnerId: id.optional(),
  opportunityId: id.optional(),
  quoteId: id.optional(),
  ownerId: id.optional(),
  needsApproval: z.boolean().optional(),
  /** Submitted orders the caller may approve (not their own). */
  awaitingMyApproval: z.boolean().optional(),
  orderDateFrom: day.optional(),
  orderDateTo: day.optional(),
  search: z.string().trim().max(100).optional(),
  sort: z.enum(['number', 'orderDate', 'createdAt', 'updatedAt']).default('createdAt'),
  direction: z.enum(['asc', 'desc']).default('desc'),
});

export const discountLimitSetInput = z.strictObject({
  role: z.enum(ROLES),
  /** The overall discount (basis points of the subtotal) the role may give without approval. */
  maxDiscountBp: z.number().int().min(0).max(10_000),
});

/** An address as it was when the order was written (a contract keeps what it was signed with). */
export interface AddressSnapshot {
  addressId: number;
  type: string;
  label: string | null;
  line1: string;
  line2: string | null;
  city: string | null;
  province: string | null;
  postcode: string | null;
  country: string;
}

export interface Order extends Stamped {
  number: string;
  title: string;
  partnerId: number;
  opportunityId: number | null;
  quoteId: number | null;
  quoteVersionId: number | null;
  amendsOrderId: number | null;
  ownerId: number;
  teamId: number | null;
  contactId: number | null;
  priceListId: number | null;
  orderDate: string;
  status: OrderStatus;
  totals: DocumentTotalsView;
  needsApproval: boolean;
  approvalReason: string | null;
  invoiceAddress: AddressSnapshot | null;
  deliveryAddress: AddressSnapshot | null;
  terms: string | null;
  submittedAt: string | null;
  decidedAt: string | null;
  decidedBy: number | null;
  decisionComment: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
}

export interface OrderEvent {
  action: OrderAction;
  fromStatus: OrderStatus | null;
  toStatus: OrderStatus;
  comment: string | null;
  at: string;
  userId: number | null;
}

export interface OrderListItem extends Order {
  partnerName: string;
  ownerName: string;
}

export interface OrderDetail extends Order {
  lines: (DocumentLine & { unitCost: number | null })[];
  events: OrderEvent[];
  /** The order that amends this one, if any. */
  amendedByOrderId: number | null;
}

export interface DiscountLimit {
  role: Role;
  maxDiscountBp: number;
  updatedAt: string;
  updatedBy: number | null;
}
