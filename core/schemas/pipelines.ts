import { z } from 'zod';
import { id, optionalText, text, version } from './common.ts';
import type { Stamped } from './common.ts';
import {
  OUTCOMES,
  REQUIRABLE_FIELDS,
  type Outcome,
  type RequirableField,
} from '../funnel/stage-engine.ts';

export const stageTaskInput = z.strictObject({
  /** An existing task of this stage to keep (and change); absent for a new one. */
  id: id.optional(),
  name: text(200),
  nameEn: optionalText(200),
  strict: z.boolean().default(false),
  milestone: z.boolean().default(false),
});

export const stageInput = z.strictObject({
  /** An existing stage of this pipeline to keep (and change); absent for a new one. */
  id: id.optional(),
  name: text(100),
  nameEn: optionalText(100),
  probability: z.number().int().min(0).max(100),
  autoProbability: z.boolean().default(true),
  requiredFields: z
    .array(z.enum(REQUIRABLE_FIELDS))
    .max(REQUIRABLE_FIELDS.length)
    .refine((f) => new Set(f).size === f.length, 'lists a field twice')
    .default([]),
  staleAfterDays: z.number().int().min(1).max(3650).nullable().optional(),
  tasks: z.array(stageTaskInput).max(50).default([]),
});

const stages = z
  .array(stageInput)
  .min(1)
  .max(30)
  .refine((s) => {
    const ids = s.flatMap((x) => (x.id ? [x.id] : []));
    return new Set(ids).size === ids.length;
  }, 'lists a stage twice');

export const pipelineCreateInput = z.strictObject({
  name: text(100),
  nameEn: optionalText(100),
  description: optionalText(2000),
  isDefault: z.boolean().default(false),
  active: z.boolean().default(true),
  sequence: z.number().int().min(0).max(10000).default(0),
  /** In pipeline order. */
  stages,
});

/**
 * `stages`, when given, is the whole pipeline in its new order: stages with an id are kept and
 * changed, stages without one are added, and stages left out are removed (refused while open
 * opportunities sit in them). Tasks inside a stage work the same way.
 */
export const pipelineUpdateInput = z.strictObject({
  id,
  version,
  patch: z
    .strictObject({
      name: text(100).optional(),
      nameEn: optionalText(100),
      description: optionalText(2000),
      isDefault: z.boolean().optional(),
      active: z.boolean().optional(),
      sequence: z.number().int().min(0).max(10000).optional(),
      stages: stages.optional(),
    })
    .refine((p) => Object.keys(p).length > 0, 'patch must change at least one field'),
});

export const pipelineListInput = z.strictObject({
  includeInactive: z.boolean().default(false),
});

export const closeReasonListInput = z.strictObject({
  outcome: z.enum(OUTCOMES).optional(),
  includeInactive: z.boolean().default(false),
});

/** Without id: adds a reason. With id and version: changes it (deactivate rather than delete). */
export const closeReasonUpsertInput = z.strictObject({
  id: id.optional(),
  version: version.optional(),
  outcome: z.enum(OUTCOMES),
  name: text(100),
  nameEn: optionalText(100),
  active: z.boolean().default(true),
  sequence: z.number().int().min(0).max(10000).default(0),
});

export interface StageTask extends Stamped {
  stageId: number;
  sequence: number;
  name: string;
  nameEn: string | null;
  strict: boolean;
  milestone: boolean;
}

export interface PipelineStage extends Stamped {
  pipelineId: number;
  sequence: number;
  name: string;
  nameEn: string | null;
  probability: number;
  autoProbability: boolean;
  requiredFields: RequirableField[];
  staleAfterDays: number | null;
  tasks: StageTask[];
}

export interface CloseReason extends Stamped {
  outcome: Outcome;
  name: string;
  nameEn: string | null;
  active: boolean;
  sequence: number;
}

export interface Pipeline extends Stamped {
  name: string;
  nameEn: string | null;
  description: string | null;
  isDefault: boolean;
  active: boolean;
  sequence: number;
  /** In pipeline order. */
  stages: PipelineStage[];
}
