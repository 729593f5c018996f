// leads.import: a CSV or XLSX list of leads (a trade-show list, a bought list) in one call. The
// file is parsed first, streaming; a file that cannot be read imports nothing. Each row is then
// checked as leads.create checks a lead, compared with earlier rows and existing records (撞单),
// and the good ones are written in one transaction, routed like manual leads.
import { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import type {
  ImportField,
  importInput,
  ImportIssue,
  ImportResult,
  ImportRowReport,
} from '../../core/schemas/lead-intake.ts';
import { MAX_IMPORT_ROWS } from '../../core/schemas/lead-intake.ts';
import { leadCreateInput } from '../../core/schemas/leads.ts';
import { visibility, type Visibility } from '../auth/scope.ts';
import { actorOf } from '../trpc/context.ts';
import { fieldIssues, forbidden, invalidField } from '../trpc/errors.ts';
import { collisionKeys, findDuplicates } from './duplicates.ts';
import { insertLeadRow } from './lead-capture.ts';
import type { LeadValues } from './leads.ts';
import { assertTeam } from './lead-assignment.ts';
import { teamsOf } from './partners.ts';
import type { ScopedCtx } from './scoped-ctx.ts';
import { writeTx, type Trx } from './tx.ts';

/** Headers understood without a mapping, compared trimmed and lower-cased. */
const DEFAULT_HEADERS: Record<string, ImportField> = Object.fromEntries(
  Object.entries({
    name: ['name', 'full name', 'contact', 'contact name', '姓名', '联系人', '名字'],
    company: [
      'company',
      'company name',
      'organization',
      'organisation',
      '公司',
      '公司名称',
      '单位',
      '企业',
    ],
    jobTitle: ['title', 'job title', 'position', '职位', '职务'],
    email: ['email', 'e-mail', 'mail', '邮箱', '电子邮件', '电子邮箱', '邮件'],
    phone: ['phone', 'mobile', 'tel', 'telephone', '手机', '手机号', '电话', '联系电话'],
    region: ['region', 'area', 'province', '地区', '区域', '省份'],
    industry: ['industry', 'sector', '行业'],
    channel: ['channel', 'source', '渠道', '来源'],
    campaign: ['campaign', '活动', '促销活动', '市场活动'],
    notes: ['notes', 'note', 'remarks', 'comment', '备注', '说明'],
    tags: ['tags', 'tag', '标签'],
  }).flatMap(([field, headers]) => headers.map((h) => [h, field as ImportField])),
);

interface ParsedRow {
  row: number;
  cells: string[];
}

/** Cell values of exceljs as text: rich text, hyperlinks and formula results included. */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: unknown; result?: unknown };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if (o.text !== undefined) return cellText(o.text);
    if (o.result !== undefined) return cellText(o.result);
    return '';
  }
  return String(v);
}

const tooLong = () =>
  invalidField('file', 'max_rows', `has more than ${MAX_IMPORT_ROWS} rows; split it into parts`);

async function readCsv(file: Buffer): Promise<ParsedRow[]> {
  const out: ParsedRow[] = [];
  const parser = Readable.from([file]).pipe(
    parseCsv({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true }),
  );
  for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    out.push({ row: rec.info.lines, cells: rec.record });
    if (out.length > MAX_IMPORT_ROWS + 1) throw tooLong();
  }
  return out;
}

/** The first worksheet, row by row, without loading the workbook whole. */
async function readXlsx(file: Buffer): Promise<ParsedRow[]> {
  const out: ParsedRow[] = [];
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([file]), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
  });
  for await (const sheet of reader) {
    for await (const r of sheet) {
      const values = (r.values as unknown[]).slice(1); // 1-based and sparse
      const cells = Array.from({ length: values.length }, (_, i) => cellText(values[i]).trim());
      if (cells.some(Boolean)) out.push({ row: r.number, cells });
      if (out.length > MAX_IMPORT_ROWS + 1) throw tooLong();
    }
    break;
  }
  return out;
}

/** The file's rows, or BAD_REQUEST on `file` saying why it cannot be read at all. */
async function readRows(format: 'csv' | 'xlsx', file: Buffer): Promise<ParsedRow[]> {
  try {
    return format === 'csv' ? await readCsv(file) : await readXlsx(file);
  } catch (err) {
    if ((err as { code?: string }).code === 'BAD_REQUEST') throw err;
    const why = (err as Error).message.split('\n')[0]!.slice(0, 200);
    throw invalidField('file', 'unreadable', `cannot be read as ${format.toUpperCase()}: ${why}`);
  }
}

/** Column index → field, from the header row; a file without a name column is refused. */
function columnsOf(header: string[], mapping: Record<string, ImportField> = {}) {
  const lookup: Record<string, ImportField> = { ...DEFAULT_HEADERS };
  for (const [h, f] of Object.entries(mapping)) lookup[h.trim().toLowerCase()] = f;
  const columns = header.map((h) => lookup[h.trim().toLowerCase()] ?? null);
  if (!columns.includes('name'))
    throw invalidField(
      'file',
      'missing_header',
      'has no name column (name, 姓名, or give a mapping)',
    );
  return columns;
}

type Defaults = z.infer<typeof importInput>['defaults'];

/** One row as leads.create input, validated by the same schema. */
function validate(
  cells: string[],
  columns: (ImportField | null)[],
  defaults: Defaults,
): { ok: true; fields: LeadValues } | { ok: false; errors: ImportIssue[] } {
  const raw: Record<string, unknown> = {};
  columns.forEach((field, i) => {
    const v = (cells[i] ?? '').trim();
    if (!field || v === '') return;
    raw[field] =
      field === 'tags'
        ? v
            .split(/[,;，；、]/)
            .map((t) => t.trim())
            .filter(Boolean)
        : v;
  });
  raw.channel ??= defaults.channel ?? undefined;
  raw.campaign ??= defaults.campaign ?? undefined;
  const parsed = leadCreateInput.safeParse(raw);
  if (parsed.success) return { ok: true, fields: parsed.data };
  return { ok: false, errors: fieldIssues(parsed.error) ?? [] };
}

/** Email and phone say "the same person"; a shared company or mail domain does not. */
const PERSON_KEYS = ['email', 'phone'] as const;

async function checkRow(
  trx: Trx,
  vis: Visibility,
  row: number,
  fields: LeadValues,
  seen: Map<string, number>,
): Promise<ImportRowReport | null> {
  const keys = collisionKeys(fields);
  const personKeys = PERSON_KEYS.filter((k) => keys[k]).map((k) => `${k}:${keys[k]}`);
  const earlier = personKeys.map((k) => seen.get(k)).find((r) => r !== undefined) ?? null;
  const found = await findDuplicates(trx, vis, {
    ...keys,
    domain: null,
    company: null,
  });
  const existing = found.matches.map((m) => ({
    kind: m.kind,
    id: m.id,
    name: m.name,
    matched: m.matched,
  }));
  for (const k of personKeys) if (!seen.has(k)) seen.set(k, row);
  if (earlier === null && !existing.length && !found.hidden.count) return null;
  const matched = [
    ...new Set([
      ...existing.flatMap((e) => e.matched),
      ...found.hidden.owners.flatMap((o) => o.matched),
    ]),
  ];
  if (earlier !== null)
    for (const k of PERSON_KEYS) if (keys[k] && !matched.includes(k)) matched.push(k);
  return {
    row,
    status: 'skipped_duplicate',
    sameAsRow: earlier,
    existing,
    hiddenCount: found.hidden.count,
    matched,
  };
}

class DryRunDone extends Error {
  constructor(readonly report: ImportRowReport[]) {
    super('dry run');
  }
}

export async function importLeads(
  ctx: ScopedCtx,
  input: z.infer<typeof importInput>,
): Promise<ImportResult> {
  const vis = await visibility(ctx);
  const actor = actorOf(ctx);
  const [header, ...rows] = await readRows(input.format, Buffer.from(input.file, 'base64'));
  if (!header) throw invalidField('file', 'empty', 'has no rows');
  const columns = columnsOf(header.cells, input.mapping);
  const teamId = input.defaults.teamId ?? null;
  const write = async (trx: Trx) => {
    if (teamId !== null) {
      await assertTeam(trx, teamId, 'defaults.teamId');
      if (!vis.mayUseTeam(teamId, await teamsOf(trx, vis.me)))
        throw forbidden('defaults.teamId: you may not put leads in this team');
    }
    // First every check, against the records as they were before this file; then the writes.
    const seen = new Map<string, number>();
    const report: (ImportRowReport | LeadValues)[] = [];
    for (const { row, cells } of rows) {
      const checked = validate(cells, columns, input.defaults);
      if (!checked.ok) report.push({ row, status: 'rejected', errors: checked.errors });
      else report.push((await checkRow(trx, vis, row, checked.fields, seen)) ?? checked.fields);
    }
    // Rows still holding their fields passed every check: write them, in file order.
    for (const [i, entry] of report.entries()) {
      if ('status' in entry) continue;
      const lead = await insertLeadRow(trx, actor, entry, 'import', teamId, vis.me);
      const row = rows[i]!.row;
      report[i] = { row, status: 'created', ...lead, id: input.dryRun ? null : lead.id };
    }
    // A dry run takes the same path and rolls it all back, routing turns included.
    const done = report as ImportRowReport[];
    if (input.dryRun) throw new DryRunDone(done);
    return done;
  };
  let report: ImportRowReport[];
  try {
    report = await writeTx(ctx.db, write);
  } catch (err) {
    if (!(err instanceof DryRunDone)) throw err;
    report = err.report;
  }
  const count = (s: ImportRowReport['status']) => report.filter((r) => r.status === s).length;
  return {
    dryRun: input.dryRun,
    rows: rows.length,
    created: count('created'),
    skippedDuplicate: count('skipped_duplicate'),
    rejected: count('rejected'),
    report,
  };
}
