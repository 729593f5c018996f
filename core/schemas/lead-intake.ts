// How leads come in and reach a person: assignment rules, team capacity and escalation settings,
// manual and bulk assignment, escalation, website capture forms, and file import.
import { z } from 'zod';
import { id, optionalText, text, version } from './common.ts';
import type { Stamped } from './common.ts';

// ---- assignment rules -------------------------------------------------------------------------

/** A null (or absent) criterion matches anything; the first active rule that matches wins. */
const ruleFields = {
  sequence: z.number().int().min(0).max(1_000_000),
  name: text(100),
  region: optionalText(100),
  industry: optionalText(100),
  channel: optionalText(50),
  campaign: optionalText(100),
  teamId: id,
  active: z.boolean().default(true),
};

export const ruleCreateInput = z.strictObject(ruleFields);
export const ruleUpdateInput = z.strictObject({
  id,
  version,
  patch: z
    .strictObject({
      ...ruleFields,
      sequence: ruleFields.sequence.optional(),
      name: ruleFields.name.optional(),
      teamId: id.optional(),
      active: z.boolean().optional(),
    })
    .refine((p) => Object.keys(p).length > 0, 'patch must change at least one field'),
});
export const ruleRemoveInput = z.strictObject({ id, version });

export interface AssignmentRule extends Stamped {
  sequence: number;
  name: string;
  region: string | null;
  industry: string | null;
  channel: string | null;
  campaign: string | null;
  teamId: number;
  active: boolean;
}

// ---- team settings (escalation and capacity) --------------------------------------------------

export const teamSettingsGetInput = z.strictObject({ teamId: id });
export const teamSettingsSetInput = z
  .strictObject({
    teamId: id,
    /** The team's version: the settings are part of the team record. */
    version,
    /** Untouched leads move to the parent team after this many hours; null = never. */
    escalateAfterHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 365)
      .nullable()
      .optional(),
    /** Open leads (new or working) each member may hold; null = no limit. */
    capacities: z
      .array(
        z.strictObject({
          userId: id,
          leadCapacity: z.number().int().min(0).max(100_000).nullable(),
        }),
      )
      .max(500)
      .optional(),
  })
  .refine(
    (s) => s.escalateAfterHours !== undefined || s.capacities !== undefined,
    'change escalateAfterHours or capacities',
  );

export interface TeamLeadSettings {
  teamId: number;
  version: number;
  parentId: number | null;
  escalateAfterHours: number | null;
  members: {
    userId: number;
    name: string;
    role: string;
    active: boolean;
    leadCapacity: number | null;
    openLeads: number;
  }[];
}

// ---- assignment and escalation ----------------------------------------------------------------

/**
 * Bulk or single: give the leads to `ownerId`, or put them in `teamId`'s queue (owner cleared),
 * or route them again by rules and round-robin (`auto`, within `teamId` when given).
 */
export const assignInput = z
  .strictObject({
    ids: z.array(z.strictObject({ id, version })).min(1).max(500),
    ownerId: id.optional(),
    teamId: id.optional(),
    auto: z.literal(true).optional(),
  })
  .refine((a) => a.ownerId !== undefined || a.teamId !== undefined || a.auto, {
    message: 'give ownerId, teamId or auto: true',
  })
  .refine((a) => !(a.auto && a.ownerId !== undefined), {
    message: 'auto picks the owner itself; leave ownerId out',
  });

/** One lead's answer in a bulk call: done with its new stamps, or why not. */
export type AssignResult =
  | { id: number; ok: true; version: number; ownerId: number | null; teamId: number | null }
  | { id: number; ok: false; code: string; message: string };

export const escalateInput = z.strictObject({ id, version, reason: optionalText(500) });

export interface EscalateResult {
  id: number;
  version: number;
  teamId: number;
  escalationLevel: number;
}

// ---- capture forms ----------------------------------------------------------------------------

/** `https://www.example.com` (scheme, host and port; no path): what browsers send as Origin. */
export const origin = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/,
    'must be an origin such as https://www.example.com',
  );

const formFields = {
  name: text(100),
  channel: optionalText(50),
  campaign: optionalText(100),
  teamId: id.nullable().optional(),
  /** The pages allowed to post this form; empty = any (e.g. a server-side form handler). */
  allowedOrigins: z.array(origin).max(20).default([]),
  active: z.boolean().default(true),
};
export const formCreateInput = z.strictObject(formFields);
export const formUpdateInput = z.strictObject({
  id,
  version,
  patch: z
    .strictObject({
      ...formFields,
      name: formFields.name.optional(),
      allowedOrigins: z.array(origin).max(20).optional(),
      active: z.boolean().optional(),
    })
    .refine((p) => Object.keys(p).length > 0, 'patch must change at least one field'),
});

export interface CaptureForm extends Stamped {
  name: string;
  /** Public: goes into the website's form as `formKey`. */
  formKey: string;
  channel: string | null;
  campaign: string | null;
  teamId: number | null;
  allowedOrigins: string[];
  active: boolean;
}

/**
 * What a website form posts. Lenient on purpose where a visitor types (blank optional fields are
 * fine), strict on unknown keys. `honeypot` is a field hidden from people; bots fill it in.
 */
export const captureInput = z.strictObject({
  formKey: z.string().trim().min(1).max(64),
  honeypot: z.string().max(200).default(''),
  name: text(100),
  company: optionalText(200),
  email: optionalText(254),
  phone: optionalText(50),
  message: optionalText(5000),
  channel: optionalText(50),
  utmSource: optionalText(100),
  utmMedium: optionalText(100),
  utmCampaign: optionalText(100),
});

// ---- import -----------------------------------------------------------------------------------

/** The lead fields a file column can fill. */
export const IMPORT_FIELDS = [
  'name',
  'company',
  'jobTitle',
  'email',
  'phone',
  'region',
  'industry',
  'channel',
  'campaign',
  'notes',
  'tags',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Most rows one call imports; split longer lists (see `importInput`). */
export const MAX_IMPORT_ROWS = 5000;

/**
 * leads.import. tRPC takes JSON only here, so the file travels base64-encoded in the body, and
 * the whole request must fit LODESTONE_MAX_BODY_BYTES (1,000,000 by default: a file of about
 * 700 KB, since base64 adds a third; larger bodies get 413). Split a bigger list into several
 * files of at most MAX_IMPORT_ROWS rows, each with the header row, and import them one by one:
 * duplicates across the parts are still caught, against the leads the earlier parts created.
 */
export const importInput = z.strictObject({
  format: z.enum(['csv', 'xlsx']),
  file: z.base64({ error: 'must be the file encoded in base64' }),
  /** File header → lead field; merged over the built-in English and Chinese headers. */
  mapping: z.record(z.string().trim().min(1).max(100), z.enum(IMPORT_FIELDS)).optional(),
  /** For rows whose own column is empty (or missing). */
  defaults: z
    .strictObject({ channel: optionalText(50), campaign: optionalText(100), teamId: id.optional() })
    .default({}),
  /** Check and report everything, write nothing. */
  dryRun: z.boolean().default(false),
});

export interface ImportIssue {
  field: string;
  rule: string;
  message: string;
}

/** What happened to one data row; `row` is its row (CSV line) number in the file. */
export type ImportRowReport =
  | {
      row: number;
      status: 'created';
      id: number | null;
      ownerId: number | null;
      teamId: number | null;
    }
  | {
      row: number;
      status: 'skipped_duplicate';
      /** The earlier row of the same file with the same email or phone. */
      sameAsRow: number | null;
      /** Existing records in the caller's reach with the same email or phone. */
      existing: {
        kind: 'lead' | 'partner' | 'contact';
        id: number;
        name: string;
        matched: string[];
      }[];
      /** Such records outside the caller's reach (only their number). */
      hiddenCount: number;
      matched: string[];
    }
  | { row: number; status: 'rejected'; errors: ImportIssue[] };

export interface ImportResult {
  dryRun: boolean;
  rows: number;
  created: number;
  skippedDuplicate: number;
  rejected: number;
  report: ImportRowReport[];
}
