// What the quote editor reads from the server: the quote (one version in full), or the
// opportunity a new quote starts from, with the partner's contacts, the price lists and the order
// made from the quote. Every read takes the Task's AbortSignal.
import type { PriceList, ResolvedPrices } from '../../core/schemas/price-lists.ts';
import type { Order } from '../../core/schemas/orders.ts';
import type { QuoteDetail } from '../../core/schemas/quotes.ts';
import type { LodestoneClient } from '../context/contexts.ts';

export interface EditorData {
  /** null while a new quote is not saved yet. */
  quote: QuoteDetail | null;
  opportunityId: number;
  /** The opportunity's name: a new quote's title. */
  opportunityName: string;
  partnerId: number;
  contacts: { id: number; name: string }[];
  priceLists: PriceList[];
  /** The live (not cancelled) order made from the quote, if any. */
  order: Order | null;
  /** A new quote's start: the customer's price list on `quoteDate` (null when it cannot be resolved). */
  start?: { quoteDate: string; prices: ResolvedPrices | null };
}

/** quotes.compare's answer as the client receives it. */
export type Comparison = Awaited<ReturnType<LodestoneClient['quotes']['compare']['query']>>;

type Signal = { signal: AbortSignal };

async function related(client: LodestoneClient, partnerId: number, { signal }: Signal) {
  const [contacts, lists] = await Promise.all([
    client.contacts.list.query({ partnerId, limit: 200 }, { signal }),
    client.priceLists.list.query({}, { signal }),
  ]);
  return {
    contacts: contacts.items.map((c) => ({ id: c.id, name: c.name })),
    priceLists: lists.items,
  };
}

/** The order made from the quote; null when none (or the caller may not read orders). */
export async function orderOf(
  client: LodestoneClient,
  quote: QuoteDetail,
  signal?: AbortSignal,
): Promise<Order | null> {
  if (quote.acceptedVersionNo === null) return null;
  try {
    const page = await client.orders.list.query({ quoteId: quote.id, limit: 20 }, { signal });
    return page.items.find((o) => o.status !== 'cancelled') ?? null;
  } catch {
    return null;
  }
}

export async function loadQuote(
  client: LodestoneClient,
  id: number,
  versionNo: number | undefined,
  signal: AbortSignal,
): Promise<EditorData> {
  const quote = await client.quotes.get.query(
    versionNo === undefined ? { id } : { id, versionNo },
    { signal },
  );
  const [more, order] = await Promise.all([
    related(client, quote.partnerId, { signal }),
    orderOf(client, quote, signal),
  ]);
  return {
    quote,
    opportunityId: quote.opportunityId,
    opportunityName: quote.title,
    partnerId: quote.partnerId,
    ...more,
    order,
  };
}

export async function loadOpportunity(
  client: LodestoneClient,
  opportunityId: number,
  quoteDate: string,
  signal: AbortSignal,
): Promise<EditorData> {
  const opportunity = await client.opportunities.get.query({ id: opportunityId }, { signal });
  const partnerId = opportunity.partnerId;
  const [more, prices] = await Promise.all([
    related(client, partnerId, { signal }),
    // The customer's list decides currency and tax mode before the first product is added.
    resolvePrices(
      client,
      { priceListId: null, partnerId, date: quoteDate, lines: [] },
      signal,
    ).catch(() => null),
  ]);
  return {
    quote: null,
    opportunityId,
    opportunityName: opportunity.name,
    partnerId,
    ...more,
    order: null,
    start: { quoteDate, prices },
  };
}

/** The prices the partner gets for these products on `date` from the list (null: their customer group's). */
export function resolvePrices(
  client: LodestoneClient,
  request: {
    priceListId: number | null;
    partnerId: number;
    date: string;
    lines: { productId: number; quantity: number }[];
    /** Answer per product (`results`) instead of refusing the call for one unpriceable product. */
    partial?: boolean;
  },
  signal?: AbortSignal,
): Promise<ResolvedPrices> {
  return client.priceLists.resolve.query(request, { signal });
}
