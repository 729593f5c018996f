import { z } from 'zod';
import {
  email,
  id,
  idempotencyKey,
  listInput,
  optionalText,
  phone,
  text,
  version,
} from './common.ts';
import type { Stamped } from './common.ts';

/** A contact's part in a partner's buying decision (Kingdee EAS-CRM's decision roles). */
export const CONTACT_ROLES = [
  'decision_maker',
  'influencer',
  'user',
  'finance',
  'technical',
  'other',
] as const;
export const CONTACT_SORTS = ['name', 'createdAt', 'updatedAt'] as const;

const contactFields = {
  name: text(100),
  email: email.nullable().optional(),
  phones: z.array(phone).max(10).default([]),
  wechat: optionalText(100),
  jobTitle: optionalText(100),
  notes: optionalText(5000),
  /** Defaults to the caller. */
  ownerId: id.optional(),
};

/** What a link says about the contact at one partner. */
const linkFields = {
  title: optionalText(100),
  role: z.enum(CONTACT_ROLES).default('other'),
  /** The partner's primary contact; setting it takes the flag from the previous one. */
  isPrimary: z.boolean().default(false),
};

export const contactCreateInput = z.strictObject({
  ...contactFields,
  partners: z
    .array(z.strictObject({ partnerId: id, ...linkFields }))
    .max(20)
    .default([]),
  idempotencyKey: idempotencyKey.optional(),
});

/** Update: every field optional, no defaults (absent means unchanged), unknown keys refused. */
export const contactUpdateInput = z.strictObject({
  id,
  version,
  patch: z
    .strictObject({
      name: contactFields.name.optional(),
      email: contactFields.email,
      phones: z.array(phone).max(10).optional(),
      wechat: contactFields.wechat,
      jobTitle: contactFields.jobTitle,
      notes: contactFields.notes,
      ownerId: contactFields.ownerId,
    })
    .refine((p) => Object.keys(p).length > 0, 'patch must change at least one field'),
});

export const contactListInput = listInput.extend({
  /** Name, email, or phone digits. */
  search: z.string().trim().max(100).optional(),
  /** Only contacts linked to this partner. */
  partnerId: id.optional(),
  ownerId: id.optional(),
  sort: z.enum(CONTACT_SORTS).default('name'),
});

export const contactLinkInput = z.strictObject({ contactId: id, partnerId: id, ...linkFields });

/** `id` and `version` are the link's (`linkId`, `linkVersion` in `contacts.get`). */
export const contactUpdateLinkInput = z.strictObject({
  id,
  version,
  patch: z
    .strictObject({
      title: linkFields.title,
      role: z.enum(CONTACT_ROLES).optional(),
      isPrimary: z.boolean().optional(),
    })
    .refine((p) => Object.keys(p).length > 0, 'patch must change at least one field'),
});

export const contactUnlinkInput = z.strictObject({ id, version });

export type ContactRole = (typeof CONTACT_ROLES)[number];

export interface Contact extends Stamped {
  name: string;
  email: string | null;
  phones: string[];
  wechat: string | null;
  jobTitle: string | null;
  notes: string | null;
  ownerId: number | null;
}

/** A contact's link to one partner. */
export interface ContactLink {
  linkId: number;
  linkVersion: number;
  contactId: number;
  partnerId: number;
  partnerName: string;
  partnerCode: string;
  title: string | null;
  role: ContactRole;
  isPrimary: boolean;
}

export interface ContactDetail extends Contact {
  /** Links to the partners the caller can see; others are left out. */
  partners: ContactLink[];
}
