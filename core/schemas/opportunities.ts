import { z } from 'zod';
import {
  currencyCode,
  day,
  id,
  idempotencyKey,
  listInput,
  optionalText,
  text,
  version,
} from './common.ts';
import type { Stamped } from './common.ts';
import { OUTCOMES, type OpportunityStatus } from '../funnel/stage-engine.ts';

export const OPPORTUNITY_STATUSES = ['open', ...OUTCOMES] as const;
export const DECISION_ROLES = ['decision_maker', 'influencer', 'evaluator', 'user'] as const;
export const ATTITUDES = ['supporter', 'neutral', 'opponent'] as const;
export const OPPORTUNITY_SORTS = [
  'name',
  'expectedCloseDate',
  'createdAt',
  'updatedAt',
  'stageEnteredAt',
] as const;

/** Money in minor units of the opportunity's currency (fen for CNY): never a float. */
export const minorUnits = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const tag = z.string().trim().min(1).max(40);
const percent = z.number().int().min(0).max(100);

/** The fields a client writes on an opportunity (the stage engine's requirable ones among them). */
const opportunityFields = {
  name: text(200),
  partnerId: id,
  expectedRevenue: minorUnits.nullable().optional(),
  currency: currencyCode.default('CNY'),
  expectedCloseDate: day.nullable().optional(),
  /** Kept only where the stage does not set it (its "change probability automatically" is off). */
  probability: percent.optional(),
  ownerId: id.optional(),
  teamId: id.nullable().optional(),
  /** Must be a contact linked to the partner. */
  primaryContactId: id.nullable().optional(),
  channel: optionalText(50),
  campaign: optionalText(100),
  description: optionalText(5000),
  tags: z.array(tag).max(30).default([]),
};

export const opportunityCreateInput = z.strictObject({
  ...opportunityFields,
  /** The default pipeline when absent. */
  pipelineId: id.optional(),
  /** The pipeline's first stage when absent; the stage's entry requirements apply either way. */
  stageId: id.optional(),
  /** The lead it came from (set by leads.convert). */
  leadId: id.nullable().optional(),
  idempotencyKey: idempotencyKey.optional(),
});
export type OpportunityCreate = Omit<z.infer<typeof opportunityCreateInput>, 'idempotencyKey'>;

/** Stage and status are not fields: they change through moveStage, close and reopen only. */
export const opportunityUpdateInput = z.strictObject({
  id,
  version,
  patch: z
    .strictObject({
      name: opportunityFields.name.optional(),
      partnerId: id.optional(),
      expectedRevenue: opportunityFields.expectedRevenue,
      currency: currencyCode.optional(),
      expectedCloseDate: opportunityFields.expectedCloseDate,
      probability: percent.optional(),
      ownerId: id.optional(),
      teamId: opportunityFields.teamId,
      primaryContactId: opportunityFields.primaryContactId,
      channel: opportunityFields.channel,
      campaign: opportunityFields.campaign,
      description: opportunityFields.description,
      tags: z.array(tag).max(30).optional(),
    })
    .refine((p) => Object.keys(p).length > 0, 'patch must change at least one field'),
});

/** The requirable fields the board's small form can fill in the same call as the move. */
export const moveFields = z.strictObject({
  expectedRevenue: minorUnits.nullable().optional(),
  expectedCloseDate: day.nullable().optional(),
  primaryContactId: id.nullable().optional(),
  description: optionalText(5000),
  channel: optionalText(50),
  campaign: optionalText(100),
});

export const opportunityMoveInput = z.strictObject({
  id,
  version,
  stageId: id,
  fields: moveFields.optional(),
});

export const opportunityTaskSetInput = z.strictObject({
  id,
  version,
  /** A stage task of the opportunity's pipeline. */
  taskId: id,
  done: z.boolean(),
});

export const opportunityCloseInput = z.strictObject({
  id,
  version,
  outcome: z.enum(OUTCOMES),
  /** A close reason of the same outcome. */
  reasonId: id,
  note: optionalText(2000),
  /** Won only; the expected revenue when absent. */
  wonAmount: minorUnits.optional(),
});

export const opportunityRefInput = z.strictObject({ id, version });

export const opportunityListInput = listInput.extend({
  pipelineId: id.optional(),
  stageId: id.optional(),
  status: z.enum(OPPORTUNITY_STATUSES).optional(),
  ownerId: id.optional(),
  /** The team and every team below it. */
  teamId: id.optional(),
  partnerId: id.optional(),
  closeFrom: day.optional(),
  closeTo: day.optional(),
  amountMin: minorUnits.optional(),
  amountMax: minorUnits.optional(),
  currency: currencyCode.optional(),
  tag: tag.optional(),
  search: z.string().trim().max(100).optional(),
  sort: z.enum(OPPORTUNITY_SORTS).default('expectedCloseDate'),
});

/** The same filters as the list (without paging), for the board's column headers. */
export const opportunityStageTotalsInput = opportunityListInput
  .omit({ cursor: true, limit: true, direction: true, sort: true, stageId: true })
  .extend({ pipelineId: id });

export const collaboratorAddInput = z.strictObject({
  id,
  version,
  userId: id,
  role: optionalText(50),
});
export const collaboratorRemoveInput = z.strictObject({ id, version, userId: id });

export const opportunityContactSetInput = z.strictObject({
  id,
  version,
  contactId: id,
  decisionRole: z.enum(DECISION_ROLES),
  attitude: z.enum(ATTITUDES).default('neutral'),
  influence: z.number().int().min(1).max(5).default(3),
});
export const opportunityContactRemoveInput = z.strictObject({ id, version, contactId: id });

const competitorFields = {
  name: text(200),
  price: minorUnits.nullable().optional(),
  currency: currencyCode.nullable().optional(),
  strengths: optionalText(2000),
  weaknesses: optionalText(2000),
};
export const competitorAddInput = z.strictObject({
  id,
  version,
  competitor: z.strictObject(competitorFields),
});
export const competitorUpdateInput = z.strictObject({
  id,
  version,
  competitorId: id,
  patch: z
    .strictObject({ ...competitorFields, name: competitorFields.name.optional() })
    .refine((p) => Object.keys(p).length > 0, 'patch must change at least one field'),
});
export const competitorRemoveInput = z.strictObject({ id, version, competitorId: id });

export const opportunityLineInput = z.strictObject({
  productId: id.nullable().optional(),
  description: text(300),
  /** Thousandths of a unit: 1500 is one and a half. */
  quantityMilli: z.number().int().min(1).max(1e12),
  /** Minor units of the opportunity's currency. */
  unitPrice: minorUnits,
});
export const opportunityLinesSetInput = z.strictObject({
  id,
  version,
  lines: z.array(opportunityLineInput).max(200),
});

export interface Opportunity extends Stamped {
  name: string;
  partnerId: number;
  pipelineId: number;
  stageId: number;
  status: OpportunityStatus;
  expectedRevenue: number | null;
  currency: string;
  expectedCloseDate: string | null;
  probability: number;
  ownerId: number;
  teamId: number | null;
  leadId: number | null;
  primaryContactId: number | null;
  channel: string | null;
  campaign: string | null;
  description: string | null;
  tags: string[];
  stageEnteredAt: string;
  closeReasonId: number | null;
  closeNote: string | null;
  closedAt: string | null;
  wonAmount: number | null;
}

/** A row of `opportunities.list`: the opportunity plus the names its card shows. */
export interface OpportunityListItem extends Opportunity {
  partnerName: string;
  ownerName: string;
}

export interface OpportunityTask {
  taskId: number;
  stageId: number;
  name: string;
  nameEn: string | null;
  strict: boolean;
  milestone: boolean;
  done: boolean;
  doneAt: string | null;
  doneBy: number | null;
}

export interface OpportunityContact {
  contactId: number;
  name: string;
  decisionRole: (typeof DECISION_ROLES)[number];
  attitude: (typeof ATTITUDES)[number];
  influence: number;
}

export interface Competitor extends Stamped {
  name: string;
  price: number | null;
  currency: string | null;
  strengths: string | null;
  weaknesses: string | null;
}

export interface OpportunityLine {
  id: number;
  productId: number | null;
  description: string;
  quantityMilli: number;
  unitPrice: number;
  /** quantityMilli × unitPrice / 1000, rounded half-up to a minor unit. */
  total: number;
}

export interface StageMove {
  fromStageId: number | null;
  toStageId: number;
  status: OpportunityStatus;
  at: string;
  userId: number | null;
  requestId: string | null;
  automatic: boolean;
}

export interface OpportunityDetail extends Opportunity {
  partnerName: string;
  stage: { id: number; name: string; nameEn: string | null; probability: number };
  /** The current stage's checklist. */
  tasks: OpportunityTask[];
  collaborators: { userId: number; name: string; role: string | null }[];
  contacts: OpportunityContact[];
  competitors: Competitor[];
  lines: OpportunityLine[];
  /** Sum of the line totals, minor units. */
  linesTotal: number;
  history: StageMove[];
}

export interface StageTotal {
  stageId: number;
  currency: string;
  count: number;
  /** Sum of expected revenue, minor units. */
  amount: number;
  /** Σ revenue × probability / 100, rounded half-up once on the sum, minor units. */
  weighted: number;
  /** Σ revenue × probability exactly, as a decimal string (it may pass 2^53): clients that
   * adjust totals after a move add or take away shares and round with core/funnel/weighted. */
  weightedShares: string;
}
