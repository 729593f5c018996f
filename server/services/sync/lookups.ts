// Enumerations a sheet shows as labels (stages, statuses, owners, teams, currencies, close
// reasons) and resolves back on the server, because a paste bypasses Excel's list validation.
// Loaded once per call; every list here is small (users and teams of one company).
import type { Knex } from 'knex';
import type { SyncEnumValue } from '../../../core/schemas/sync.ts';
import { toBool, toInt } from '../../db/rows.ts';

export type Locale = 'zh-CN' | 'en';
export type Labels = Record<Locale, string>;

export interface EnumOption {
  value: string;
  label: Labels;
  parent?: string;
  /** Offered in the sheet's list (inactive users and currencies still label old rows). */
  offered: boolean;
}

const normal = (s: string) => s.normalize('NFKC').trim().toLowerCase();

/** One enumeration: label ↔ value in both locales, options grouped by their parent. */
export class EnumDomain {
  private readonly byValue = new Map<string, EnumOption>();
  /** parent ('' for none) → normalized label → value, or null when two options share it. */
  private readonly byLabel = new Map<string, Map<string, string | null>>();

  constructor(readonly options: readonly EnumOption[]) {
    for (const o of options) {
      this.byValue.set(o.value, o);
      const group = this.byLabel.get(o.parent ?? '') ?? new Map<string, string | null>();
      this.byLabel.set(o.parent ?? '', group);
      for (const label of new Set([o.label['zh-CN'], o.label.en].map(normal))) {
        const seen = group.get(label);
        group.set(label, seen === undefined || seen === o.value ? o.value : null);
      }
    }
  }

  label(value: string, locale: Locale): string {
    return this.byValue.get(value)?.label[locale] ?? value;
  }

  has(value: string): boolean {
    return this.byValue.has(value);
  }

  /** The value of a label (either locale, any case), within `parent` when options have one. */
  resolve(label: string, parent?: string): string | undefined {
    return this.byLabel.get(parent ?? '')?.get(normal(label)) ?? undefined;
  }

  list(locale: Locale): SyncEnumValue[] {
    return this.options
      .filter((o) => o.offered)
      .map((o) => ({
        value: o.value,
        label: o.label[locale],
        ...(o.parent ? { parent: o.parent } : {}),
      }));
  }
}

export interface Lookups {
  users: EnumDomain;
  teams: EnumDomain;
  currencies: EnumDomain;
  pipelines: EnumDomain;
  stages: EnumDomain;
  statuses: EnumDomain;
  closeReasons: EnumDomain;
  partnerKinds: EnumDomain;
  receiptMethods: EnumDomain;
  installmentStatuses: EnumDomain;
}
export type EnumKey = keyof Lookups;

const both = (s: string): Labels => ({ 'zh-CN': s, en: s });
const named = (zh: string, en: unknown): Labels => ({
  'zh-CN': zh,
  en: en ? String(en) : zh,
});

export const STATUS_LABELS: Record<string, Labels> = {
  open: { 'zh-CN': '进行中', en: 'Open' },
  won: { 'zh-CN': '赢单', en: 'Won' },
  lost: { 'zh-CN': '输单', en: 'Lost' },
  invalid: { 'zh-CN': '无效', en: 'Invalid' },
};

const KIND_LABELS: Record<string, Labels> = {
  customer: { 'zh-CN': '客户', en: 'Customer' },
  supplier: { 'zh-CN': '供应商', en: 'Supplier' },
  both: { 'zh-CN': '客户及供应商', en: 'Customer and supplier' },
};

const RECEIPT_METHOD_LABELS: Record<string, Labels> = {
  bank_transfer: { 'zh-CN': '银行转账', en: 'Bank transfer' },
  cash: { 'zh-CN': '现金', en: 'Cash' },
  cheque: { 'zh-CN': '支票', en: 'Cheque' },
  card: { 'zh-CN': '刷卡', en: 'Card' },
  other: { 'zh-CN': '其他', en: 'Other' },
};

/** An installment's status on the day pulled (overdue is derived from the due date). */
const INSTALLMENT_STATUS_LABELS: Record<string, Labels> = {
  open: { 'zh-CN': '未收', en: 'Open' },
  partly_paid: { 'zh-CN': '部分已收', en: 'Partly paid' },
  paid: { 'zh-CN': '已收', en: 'Paid' },
  overdue: { 'zh-CN': '逾期', en: 'Overdue' },
};

const statics = (table: Record<string, Labels>) =>
  new EnumDomain(Object.entries(table).map(([value, label]) => ({ value, label, offered: true })));

type Row = Record<string, unknown>;

/** Users are labelled by name; people who share a name get their email added. */
function userOptions(rows: Row[]): EnumOption[] {
  const count = new Map<string, number>();
  for (const u of rows) count.set(String(u.name), (count.get(String(u.name)) ?? 0) + 1);
  return rows.map((u) => {
    const name = String(u.name);
    return {
      value: String(u.id),
      label: both((count.get(name) ?? 0) > 1 ? `${name} <${String(u.email)}>` : name),
      offered: toBool(u.active) && u.deleted_at === null,
    };
  });
}

export async function loadLookups(db: Knex | Knex.Transaction): Promise<Lookups> {
  // One after another: inside a transaction they share one connection.
  const users: Row[] = await db('users')
    .orderBy('id')
    .select('id', 'name', 'email', 'active', 'deleted_at');
  const teams: Row[] = await db('teams')
    .whereNull('deleted_at')
    .orderBy('id')
    .select('id', 'name', 'name_en');
  const currencies: Row[] = await db('currencies').orderBy('code').select('code', 'active');
  const pipelines: Row[] = await db('pipelines')
    .whereNull('deleted_at')
    .orderBy(['sequence', 'id'])
    .select('id', 'name', 'name_en', 'active');
  const stages: Row[] = await db('pipeline_stages')
    .whereNull('deleted_at')
    .orderBy(['pipeline_id', 'sequence', 'id'])
    .select('id', 'pipeline_id', 'name', 'name_en');
  const reasons: Row[] = await db('close_reasons')
    .whereNull('deleted_at')
    .orderBy(['outcome', 'sequence', 'id'])
    .select('id', 'outcome', 'name', 'name_en', 'active');
  return {
    users: new EnumDomain(userOptions(users)),
    teams: new EnumDomain(
      teams.map((t) => ({
        value: String(t.id),
        label: named(String(t.name), t.name_en),
        offered: true,
      })),
    ),
    currencies: new EnumDomain(
      currencies.map((c) => ({
        value: String(c.code),
        label: both(String(c.code)),
        offered: toBool(c.active),
      })),
    ),
    pipelines: new EnumDomain(
      pipelines.map((p) => ({
        value: String(p.id),
        label: named(String(p.name), p.name_en),
        offered: toBool(p.active),
      })),
    ),
    stages: new EnumDomain(
      stages.map((s) => ({
        value: String(s.id),
        label: named(String(s.name), s.name_en),
        parent: String(toInt(s.pipeline_id)),
        offered: true,
      })),
    ),
    statuses: statics(STATUS_LABELS),
    closeReasons: new EnumDomain(
      reasons.map((r) => ({
        value: String(r.id),
        label: named(String(r.name), r.name_en),
        parent: String(r.outcome),
        offered: toBool(r.active),
      })),
    ),
    partnerKinds: statics(KIND_LABELS),
    receiptMethods: statics(RECEIPT_METHOD_LABELS),
    installmentStatuses: statics(INSTALLMENT_STATUS_LABELS),
  };
}

/** The language of labels: the one asked for, else the user's own (zh-CN unless it is en). */
export function localeOf(userLocale: string, asked?: Locale): Locale {
  return asked ?? (userLocale === 'en' ? 'en' : 'zh-CN');
}
