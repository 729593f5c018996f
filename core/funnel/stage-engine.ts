// The stage engine (段阶): pure rules about moving an opportunity through a pipeline. The server
// enforces them on every move (board, Excel push, scripts); the components run the same
// functions first, to show what is missing before the call. No I/O, no clock.

/** Opportunity fields a stage can require before it may be entered (API names). */
export const REQUIRABLE_FIELDS = [
  'expectedRevenue',
  'expectedCloseDate',
  'primaryContactId',
  'description',
  'channel',
  'campaign',
] as const;
export type RequirableField = (typeof REQUIRABLE_FIELDS)[number];

export const FIELD_LABELS: Record<RequirableField, { 'zh-CN': string; en: string }> = {
  expectedRevenue: { 'zh-CN': '预期收入', en: 'expected revenue' },
  expectedCloseDate: { 'zh-CN': '预计成交日期', en: 'expected closing date' },
  primaryContactId: { 'zh-CN': '主要联系人', en: 'primary contact' },
  description: { 'zh-CN': '描述', en: 'description' },
  channel: { 'zh-CN': '渠道', en: 'channel' },
  campaign: { 'zh-CN': '促销活动', en: 'campaign' },
};

export const OUTCOMES = ['won', 'lost', 'invalid'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export type OpportunityStatus = 'open' | Outcome;

export interface StageTaskDef {
  id: number;
  name: string;
  nameEn: string | null;
  /** Must be done before the opportunity leaves the stage forwards. */
  strict: boolean;
  /** When every milestone task of the stage is done, the opportunity advances by itself. */
  milestone: boolean;
}

export interface StageDef {
  id: number;
  sequence: number;
  name: string;
  nameEn: string | null;
  /** Percent, 0..100. */
  probability: number;
  /** When on, entering the stage sets the opportunity's probability to the stage's. */
  autoProbability: boolean;
  requiredFields: RequirableField[];
  tasks: StageTaskDef[];
}

export interface PipelineDef {
  id: number;
  stages: StageDef[];
}

export interface OpportunityState {
  status: OpportunityStatus;
  stageId: number;
  probability: number;
  fields: Partial<Record<RequirableField, unknown>>;
  doneTaskIds: readonly number[];
}

export type MoveVerdict =
  | { ok: true; probability: number; direction: 'forward' | 'back' | 'same' }
  | { ok: false; reason: 'closed'; status: Outcome }
  | { ok: false; reason: 'unknown_stage'; stageId: number }
  | { ok: false; reason: 'missing_fields'; stage: StageDef; fields: RequirableField[] }
  | { ok: false; reason: 'strict_tasks'; stage: StageDef; tasks: StageTaskDef[] };

/** Stages in pipeline order (by sequence, then id), whatever order they were given in. */
export function orderedStages(pipeline: PipelineDef): StageDef[] {
  return [...pipeline.stages].sort((a, b) => a.sequence - b.sequence || a.id - b.id);
}

function isFilled(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (typeof value === 'number') return Number.isFinite(value);
  return true;
}

/** Required fields of `stage` that `fields` leaves empty, in the stage's order. */
export function missingFields(
  stage: StageDef,
  fields: OpportunityState['fields'],
): RequirableField[] {
  return stage.requiredFields.filter((f) => !isFilled(fields[f]));
}

/** Strict tasks of `stage` not yet done. */
export function openStrictTasks(stage: StageDef, doneTaskIds: readonly number[]): StageTaskDef[] {
  return stage.tasks.filter((t) => t.strict && !doneTaskIds.includes(t.id));
}

/**
 * May the opportunity move to `toStageId`, with `fields` as they will be after the move?
 * Forwards, every stage entered on the way must have its required fields, and every stage left
 * behind (the current one and any skipped) must have its strict tasks done. Backwards no task
 * is asked for (a deal that slips is recorded, not refused), but the target stage's required
 * fields are. Closed opportunities do not move.
 */
export function checkMove(
  pipeline: PipelineDef,
  opp: OpportunityState,
  toStageId: number,
): MoveVerdict {
  if (opp.status !== 'open') return { ok: false, reason: 'closed', status: opp.status };
  const stages = orderedStages(pipeline);
  const from = stages.findIndex((s) => s.id === opp.stageId);
  const to = stages.findIndex((s) => s.id === toStageId);
  if (to < 0) return { ok: false, reason: 'unknown_stage', stageId: toStageId };
  const target = stages[to]!;
  const probability = target.autoProbability ? target.probability : opp.probability;
  if (from < 0 || to <= from) {
    // Backwards (or from outside the pipeline) no tasks are asked for, but an opportunity never
    // sits in a stage whose required fields it lacks, so the target's requirements still apply.
    const missing = missingFields(target, opp.fields);
    if (missing.length)
      return { ok: false, reason: 'missing_fields', stage: target, fields: missing };
    return { ok: true, probability, direction: to === from ? 'same' : 'back' };
  }
  for (let i = from; i < to; i++) {
    const left = stages[i]!;
    const tasks = openStrictTasks(left, opp.doneTaskIds);
    if (tasks.length) return { ok: false, reason: 'strict_tasks', stage: left, tasks };
  }
  for (let i = from + 1; i <= to; i++) {
    const entered = stages[i]!;
    const missing = missingFields(entered, opp.fields);
    if (missing.length)
      return { ok: false, reason: 'missing_fields', stage: entered, fields: missing };
  }
  return { ok: true, probability, direction: 'forward' };
}

/**
 * Kingdee's 里程碑任务自动推进: when the current stage has milestone tasks and all of them are
 * done, the opportunity advances to the next stage, if the engine allows that move. Returns the
 * stage to advance to, or null.
 */
export function milestoneAdvance(pipeline: PipelineDef, opp: OpportunityState): number | null {
  if (opp.status !== 'open') return null;
  const stages = orderedStages(pipeline);
  const i = stages.findIndex((s) => s.id === opp.stageId);
  const current = stages[i];
  const next = stages[i + 1];
  if (!current || !next) return null;
  const milestones = current.tasks.filter((t) => t.milestone);
  if (milestones.length === 0 || milestones.some((t) => !opp.doneTaskIds.includes(t.id)))
    return null;
  return checkMove(pipeline, opp, next.id).ok ? next.id : null;
}

/**
 * Checks an edit of an opportunity's fields against its current stage: clearing a field the
 * stage requires is refused, so the invariant holds after edits as well as after moves.
 */
export function checkFields(pipeline: PipelineDef, opp: OpportunityState): MoveVerdict {
  if (opp.status !== 'open') return { ok: true, probability: opp.probability, direction: 'same' };
  const stage = pipeline.stages.find((s) => s.id === opp.stageId);
  if (!stage) return { ok: false, reason: 'unknown_stage', stageId: opp.stageId };
  const missing = missingFields(stage, opp.fields);
  if (missing.length) return { ok: false, reason: 'missing_fields', stage, fields: missing };
  return { ok: true, probability: opp.probability, direction: 'same' };
}

/** The probability an opportunity should carry in `stage` (the flag decides). */
export function probabilityIn(stage: StageDef, current: number): number {
  return stage.autoProbability ? stage.probability : current;
}

/** In English both names: the team reads the Chinese one on the board, scripts the English. */
function stageName(stage: StageDef, locale: 'zh-CN' | 'en'): string {
  return locale === 'en' && stage.nameEn && stage.nameEn !== stage.name
    ? `${stage.name} (${stage.nameEn})`
    : stage.name;
}

function joinNames(names: string[], locale: 'zh-CN' | 'en'): string {
  if (locale === 'zh-CN') return names.join('、');
  return names.length <= 1
    ? names.join('')
    : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** A sentence naming what blocks the move, e.g. "expectedRevenue and expectedCloseDate are required for stage 初验 (Qualification)". */
export function explain(verdict: MoveVerdict, locale: 'zh-CN' | 'en' = 'en'): string {
  if (verdict.ok) return '';
  switch (verdict.reason) {
    case 'closed':
      return locale === 'en'
        ? `the opportunity is closed (${verdict.status}); reopen it first`
        : `商机已关闭（${verdict.status}），请先重新打开`;
    case 'unknown_stage':
      return locale === 'en' ? 'the stage is not in this pipeline' : '该段阶不属于此销售方法';
    case 'missing_fields': {
      const names = verdict.fields.map((f) => (locale === 'en' ? f : FIELD_LABELS[f]['zh-CN']));
      const stage = stageName(verdict.stage, locale);
      return locale === 'en'
        ? `${joinNames(names, locale)} ${names.length > 1 ? 'are' : 'is'} required for stage ${stage}`
        : `进入段阶「${stage}」需要填写：${joinNames(names, locale)}`;
    }
    case 'strict_tasks': {
      const names = verdict.tasks.map((t) => (locale === 'en' && t.nameEn ? t.nameEn : t.name));
      const stage = stageName(verdict.stage, locale);
      return locale === 'en'
        ? `finish ${joinNames(
            names.map((n) => `"${n}"`),
            locale,
          )} before leaving stage ${stage}`
        : `离开段阶「${stage}」前需完成：${joinNames(names, locale)}`;
    }
  }
}
