import { z } from 'zod';
import { id, idempotencyKey, instant, listInput, optionalText, text, version } from './common.ts';
import type { Stamped } from './common.ts';

export const ACTIVITY_TYPES = ['call', 'visit', 'email', 'meeting', 'note', 'task'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

/**
 * `occurredAt` and `done` have no zod defaults on purpose: they are resolved by the server
 * (now; done unless a task) after the idempotency fingerprint is taken, so a retry that leaves
 * them out matches its first attempt.
 */
export const activityLogInput = z
  .strictObject({
    type: z.enum(ACTIVITY_TYPES),
    subject: text(200),
    body: optionalText(10000),
    occurredAt: instant.optional(),
    dueAt: instant.optional(),
    done: z.boolean().optional(),
    /** When to follow up with the partner next. */
    followupAt: instant.optional(),
    /** The opportunity's partner when absent; may be absent for an activity on a lead only. */
    partnerId: id.optional(),
    /** Must be linked to the partner. */
    contactId: id.optional(),
    opportunityId: id.optional(),
    leadId: id.optional(),
    idempotencyKey: idempotencyKey.optional(),
  })
  .refine((a) => a.partnerId ?? a.opportunityId ?? a.leadId, {
    message: 'needs a partnerId, an opportunityId or a leadId',
    path: ['partnerId'],
  });

/** Newest first unless told otherwise. */
export const activityListInput = listInput.extend({
  direction: z.enum(['asc', 'desc']).default('desc'),
  partnerId: id.optional(),
  contactId: id.optional(),
  opportunityId: id.optional(),
  leadId: id.optional(),
  ownerId: id.optional(),
  type: z.enum(ACTIVITY_TYPES).optional(),
  done: z.boolean().optional(),
  /** occurredAt on or after this instant. */
  from: instant.optional(),
  /** occurredAt before this instant. */
  to: instant.optional(),
  /** Only activities due on or before this instant. */
  dueBefore: instant.optional(),
});

export const activityCompleteInput = z.strictObject({
  id,
  version,
  /** Appended to the body; also becomes the partner's latest progress. */
  outcome: optionalText(5000),
});

export interface Activity extends Stamped {
  type: ActivityType;
  subject: string;
  body: string | null;
  occurredAt: string;
  dueAt: string | null;
  done: boolean;
  doneAt: string | null;
  followupAt: string | null;
  partnerId: number | null;
  contactId: number | null;
  opportunityId: number | null;
  leadId: number | null;
  ownerId: number;
}
