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

export const PARTNER_KINDS = ['customer', 'supplier', 'both'] as const;
export const ADDRESS_TYPES = ['invoice', 'delivery', 'office', 'other'] as const;
export const PARTNER_SORTS = [
  'name',
  'code',
  'createdAt',
  'updatedAt',
  'lastContactAt',
  'nextFollowupAt',
] as const;

export const addressInput = z.strictObject({
  type: z.enum(ADDRESS_TYPES),
  isDefault: z.boolean().default(false),
  label: optionalText(100),
  line1: text(200),
  line2: optionalText(200),
  city: optionalText(100),
  province: optionalText(100),
  postcode: optionalText(20),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be a 2-letter ISO 3166 country code')
    .default('CN'),
});

const tag = z.string().trim().min(1).max(40);
const website = z
  .url({ protocol: /^https?$/, error: 'must be an http or https address' })
  .max(300)
  .nullable()
  .optional();

/** Fields a client may write on a partner; system fields (last contact, …) are not among them. */
const partnerFields = {
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{1,32}$/, 'must be 1 to 32 letters, digits, dots, dashes or underscores')
    .optional(),
  name: text(200),
  kind: z.enum(PARTNER_KINDS).default('customer'),
  isCompany: z.boolean().default(true),
  industry: optionalText(100),
  region: optionalText(100),
  customerGroup: optionalText(50),
  ownerId: id.nullable().optional(),
  teamId: id.nullable().optional(),
  phones: z.array(phone).max(10).default([]),
  emails: z.array(email).max(10).default([]),
  website,
  tags: z.array(tag).max(30).default([]),
  taxId: optionalText(50),
  notes: optionalText(5000),
};

export const partnerCreateInput = z.strictObject({
  ...partnerFields,
  addresses: z.array(addressInput).max(20).default([]),
  idempotencyKey: idempotencyKey.optional(),
});

/** Update: every field optional, no defaults (absent means unchanged), unknown keys refused. */
export const partnerUpdateInput = z.strictObject({
  id,
  version,
  patch: z
    .strictObject({
      code: partnerFields.code,
      name: partnerFields.name.optional(),
      kind: z.enum(PARTNER_KINDS).optional(),
      isCompany: z.boolean().optional(),
      industry: partnerFields.industry,
      region: partnerFields.region,
      customerGroup: partnerFields.customerGroup,
      ownerId: partnerFields.ownerId,
      teamId: partnerFields.teamId,
      phones: z.array(phone).max(10).optional(),
      emails: z.array(email).max(10).optional(),
      website,
      tags: z.array(tag).max(30).optional(),
      taxId: partnerFields.taxId,
      notes: partnerFields.notes,
    })
    .refine((p) => Object.keys(p).length > 0, 'patch must change at least one field'),
});

export const partnerListInput = listInput.extend({
  search: z.string().trim().max(100).optional(),
  kind: z.enum(PARTNER_KINDS).optional(),
  ownerId: id.optional(),
  teamId: id.optional(),
  industry: z.string().max(100).optional(),
  region: z.string().max(100).optional(),
  customerGroup: z.string().max(50).optional(),
  tag: tag.optional(),
  /** Only partners whose next follow-up is due on or before this instant. */
  followupBefore: z.iso.datetime({ offset: true }).optional(),
  sort: z.enum(PARTNER_SORTS).default('name'),
});

export const addressAddInput = z.strictObject({ partnerId: id, address: addressInput });
export const addressUpdateInput = z.strictObject({
  id,
  version,
  patch: addressInput.partial(),
});
export const addressRemoveInput = z.strictObject({ id, version });
export const archiveInput = z.strictObject({ id, version });

export interface Address extends Stamped {
  partnerId: number;
  type: (typeof ADDRESS_TYPES)[number];
  isDefault: boolean;
  label: string | null;
  line1: string;
  line2: string | null;
  city: string | null;
  province: string | null;
  postcode: string | null;
  country: string;
}

export interface Partner extends Stamped {
  code: string;
  name: string;
  kind: (typeof PARTNER_KINDS)[number];
  isCompany: boolean;
  industry: string | null;
  region: string | null;
  customerGroup: string | null;
  ownerId: number | null;
  teamId: number | null;
  phones: string[];
  emails: string[];
  website: string | null;
  tags: string[];
  taxId: string | null;
  notes: string | null;
  lastContactAt: string | null;
  nextFollowupAt: string | null;
  latestProgress: string | null;
  lastOrderAt: string | null;
}
