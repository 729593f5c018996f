import { z } from 'zod';

/**
 * What happened to a record. `moved` is a stage move of an opportunity; a change to a record's
 * parts (an address, a line, a collaborator) is `updated` on the record itself. `resync` is not
 * a record's change: the server could not say exactly what changed (the client was away too long,
 * or read too slowly), so whatever is on screen should be fetched again.
 */
export const CHANGE_ACTIONS = ['created', 'updated', 'deleted', 'moved', 'resync'] as const;
export type ChangeAction = (typeof CHANGE_ACTIONS)[number];

/**
 * One committed change, in the caller's scope. A hint to refetch, not the data: the record is
 * read again through its own procedure, which applies every rule. `entity` is the domain name
 * (partners, contacts, activities, leads, opportunities, quotes, orders, paymentPlans,
 * installments, receipts, ...); `version` is the record's version after the change, when the
 * record has one, so a client that already shows that version may skip the refetch.
 */
export interface ChangeNotice {
  entity: string;
  id: number;
  version?: number;
  action: ChangeAction;
  /** When the write happened (ISO-8601 UTC). */
  at: string;
}

/** One event of the stream: the notices of one write, or of several told together. */
export interface ChangeBatch {
  notices: ChangeNotice[];
}

const entityName = z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,39}$/, 'must be an entity name');

export const changesSubscribeInput = z.strictObject({
  /** Only these entities; all the caller may read when absent or empty. */
  entities: z.array(entityName).max(50).optional(),
  /**
   * Where to resume: the id of the last event received. httpSubscriptionLink sends it by itself
   * when it reconnects (tracked events); a client seldom sets it.
   */
  lastEventId: z.string().max(40).nullish(),
});
export type ChangesSubscribeInput = z.infer<typeof changesSubscribeInput>;
