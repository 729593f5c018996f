import { z } from 'zod';
import { id } from './common.ts';

/** The entities whose history can be read; each is the table its audit rows name. */
export const AUDIT_ENTITIES = [
  'partners',
  'partner_addresses',
  'partner_contacts',
  'contacts',
  'activities',
  'users',
  'teams',
  // The catalogue: products, price lists and their prices (tiers), payment terms.
  'products',
  'price_lists',
  'price_list_items',
  'payment_terms',
] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];

/** One record's history, newest first. */
export const auditListInput = z.strictObject({
  entity: z.enum(AUDIT_ENTITIES),
  entityId: id,
  cursor: z.string().max(500).nullish(),
  limit: z.number().int().min(1).max(500).default(50),
});

export interface AuditEntry {
  id: number;
  at: string;
  userId: number | null;
  /** Null for changes made by the system (jobs, seeds). */
  userName: string | null;
  requestId: string | null;
  action: string;
  /** Null for actions without a field (a password change, say). */
  field: string | null;
  oldValue: string | null;
  newValue: string | null;
}
