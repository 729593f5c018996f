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
import { opportunityCreateInput } from './opportunities.ts';

export const LEAD_STATUSES = ['new', 'working', 'converted', 'disqualified'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];
export const LEAD_SOURCES = ['manual', 'capture', 'import', 'api'] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];
export const LEAD_SORTS = ['createdAt', 'updatedAt', 'name', 'company'] as const;
/** What made two records collide (撞单): the same address, company mail domain, phone or company. */
export const MATCH_KINDS = ['email', 'domain', 'phone', 'company'] as const;
export type MatchKind = (typeof MATCH_KINDS)[number];

const tag = z.string().trim().min(1).max(40);

/** A business card typed in, a form post or an import row: the fields a lead carries. */
export const leadFields = {
  name: text(100),
  company: optionalText(200),
  jobTitle: optionalText(100),
  email: email.nullable().optional(),
  phone: phone.nullable().optional(),
  region: optionalText(100),
  industry: optionalText(100),
  /** 渠道: website, trade_show, referral, … */
  channel: optionalText(50),
  /** 促销活动 code. */
  campaign: optionalText(100),
  tags: z.array(tag).max(30).default([]),
  notes: optionalText(5000),
};

export const leadCreateInput = z.strictObject({
  ...leadFields,
  /** Absent: assignment rules route the lead (see leads.create). */
  ownerId: id.optional(),
  teamId: id.optional(),
  /** Refuse (CONFLICT, with the collisions) instead of creating next to an existing record. */
  rejectDuplicates: z.boolean().default(false),
  idempotencyKey: idempotencyKey.optional(),
});

/** Owner and team change through leads.assign; converted and disqualified through their own calls. */
export const leadUpdateInput = z.strictObject({
  id,
  version,
  patch: z
    .strictObject({
      name: leadFields.name.optional(),
      company: leadFields.company,
      jobTitle: leadFields.jobTitle,
      email: leadFields.email,
      phone: leadFields.phone,
      region: leadFields.region,
      industry: leadFields.industry,
      channel: leadFields.channel,
      campaign: leadFields.campaign,
      tags: z.array(tag).max(30).optional(),
      notes: leadFields.notes,
      /** new ↔ working; a disqualified lead may be reopened; a converted one stays converted. */
      status: z.enum(['new', 'working']).optional(),
    })
    .refine((p) => Object.keys(p).length > 0, 'patch must change at least one field'),
});

export const leadListInput = listInput.extend({
  search: z.string().trim().max(100).optional(),
  status: z.enum(LEAD_STATUSES).optional(),
  ownerId: id.optional(),
  teamId: id.optional(),
  /** Leads nobody owns yet (a team's queue). */
  unassigned: z.boolean().optional(),
  channel: z.string().max(50).optional(),
  campaign: z.string().max(100).optional(),
  source: z.enum(LEAD_SOURCES).optional(),
  sort: z.enum(LEAD_SORTS).default('createdAt'),
});

/** Either an existing lead, or the fields of a record about to be entered. */
export const leadDuplicatesInput = z.union([
  z.strictObject({ leadId: id }),
  z
    .strictObject({
      name: z.string().trim().max(100).optional(),
      company: z.string().trim().max(200).optional(),
      email: z.string().trim().max(254).optional(),
      phone: z.string().trim().max(50).optional(),
    })
    .refine(
      (f) => Boolean(f.company || f.email || f.phone),
      'give a company, an email or a phone to check',
    ),
]);

export const leadConvertInput = z.strictObject({
  id,
  version,
  /** Create a partner from the lead, or merge into an existing one (it must be visible). */
  partner: z.discriminatedUnion('mode', [
    z.strictObject({ mode: z.literal('create') }),
    z.strictObject({ mode: z.literal('link'), partnerId: id }),
  ]),
  contact: z
    .discriminatedUnion('mode', [
      z.strictObject({ mode: z.literal('create') }),
      z.strictObject({ mode: z.literal('link'), contactId: id }),
      z.strictObject({ mode: z.literal('none') }),
    ])
    .default({ mode: 'create' }),
  /** Its fields as for opportunities.create; partner, lead, contact, owner and channel come from the lead. */
  opportunity: opportunityCreateInput
    .pick({
      name: true,
      expectedRevenue: true,
      currency: true,
      expectedCloseDate: true,
      stageId: true,
      description: true,
    })
    .extend({ pipelineId: id })
    .optional(),
});

export const leadDisqualifyInput = z.strictObject({ id, version, reason: text(200) });

export interface Lead extends Stamped {
  name: string;
  company: string | null;
  jobTitle: string | null;
  email: string | null;
  phone: string | null;
  region: string | null;
  industry: string | null;
  channel: string | null;
  campaign: string | null;
  source: LeadSource;
  status: LeadStatus;
  ownerId: number | null;
  teamId: number | null;
  assignedAt: string | null;
  lastTouchedAt: string | null;
  escalationLevel: number;
  disqualifyReason: string | null;
  partnerId: number | null;
  contactId: number | null;
  opportunityId: number | null;
  tags: string[];
  notes: string | null;
}

/** A colliding record the caller may see. */
export interface DuplicateMatch {
  kind: 'lead' | 'partner' | 'contact';
  id: number;
  name: string;
  /** A lead's company; a partner's name. */
  company: string | null;
  /** A lead's status; null for partners and contacts. */
  status: LeadStatus | null;
  ownerId: number | null;
  ownerName: string | null;
  matched: MatchKind[];
}

/**
 * Collisions with records outside the caller's scope: no record, only whose they are and what
 * matched, since 撞单 exists to warn that another rep already works this customer.
 */
export interface HiddenOwner {
  ownerId: number | null;
  ownerName: string | null;
  count: number;
  matched: MatchKind[];
}

export interface Duplicates {
  matches: DuplicateMatch[];
  hidden: { count: number; owners: HiddenOwner[] };
}

export interface LeadDetail extends Lead {
  activityCount: number;
  lastActivityAt: string | null;
  duplicates: Duplicates;
}

export interface LeadConversion {
  lead: Lead;
  partnerId: number;
  contactId: number | null;
  opportunityId: number | null;
  /** The collisions found before converting, for the caller to review. */
  duplicates: Duplicates;
}
