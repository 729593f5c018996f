// What =LODESTONE.* compute, without Office: calls arriving together are held for a moment and
// sent together (the typed client's batch link makes them one HTTP request), answers are cached
// briefly (a sheet recalculating a thousand cells asks once), and a signed-out or offline add-in
// answers #N/A with a message. Functions only return values; they never write cells.
import { TRPCClientError } from '@trpc/client';
import type { LodestoneClient } from '../../core/client.ts';
import type { SyncDescribe } from '../../core/schemas/sync.ts';
import { toMajorUnits } from '../../core/money/format.ts';
import { currencyCode } from '../../core/schemas/common.ts';
import { REPORT_NAMES, reportTable, type ReportName } from '../reports/catalog.ts';
import { spilledArrayOf, type Scalar } from '../reports/table.ts';
import type { PaneLocale } from '../taskpane/i18n.ts';

/** Becomes `CustomFunctions.Error(NotAvailable, message)` in Excel: #N/A with a message. */
export class NotAvailable extends Error {
  readonly code = 'NotAvailable';
}

export interface FunctionServiceOptions {
  /** The signed-in client, or null when signed out. */
  client: () => LodestoneClient | null;
  /** How long an answer is reused. */
  ttlMs?: number;
  /** How long calls are gathered before they are sent together. */
  batchMs?: number;
  now?: () => number;
  /** The language of spilled report headings (Office's display language); en by default. */
  locale?: () => PaneLocale;
}

export const FORECAST_KINDS = ['weighted', 'total', 'won'] as const;
export const AGING_BUCKETS = [
  'current',
  'd0_30',
  'd31_60',
  'd61_90',
  'd90_plus',
  'overdue',
  'total',
] as const;

interface Entry {
  at: number;
  value: Promise<unknown>;
}

const norm = (s: string) => s.normalize('NFKC').trim().toLowerCase();

export class FunctionService {
  private readonly cache = new Map<string, Entry>();
  private pending: (() => void)[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Server requests made (one per distinct question within the time-to-live). */
  requests = 0;

  constructor(private readonly opts: FunctionServiceOptions) {}

  private get ttl() {
    return this.opts.ttlMs ?? 30_000;
  }

  private now() {
    return (this.opts.now ?? Date.now)();
  }

  /** Waits for the batch window: every call queued meanwhile starts its request together. */
  private gather(): Promise<void> {
    return new Promise((resolve) => {
      this.pending.push(resolve);
      this.timer ??= setTimeout(() => {
        const go = this.pending;
        this.pending = [];
        this.timer = null;
        for (const r of go) r();
      }, this.opts.batchMs ?? 20);
    });
  }

  /** One server question, answered from the cache within the time-to-live. */
  private async ask<T>(key: string, fetch: (client: LodestoneClient) => Promise<T>): Promise<T> {
    const client = this.opts.client();
    if (!client) throw new NotAvailable('Sign in to Lodestone in the task pane');
    const hit = this.cache.get(key);
    if (hit && this.now() - hit.at < this.ttl) return hit.value as Promise<T>;
    await this.gather();
    const again = this.cache.get(key);
    if (again && this.now() - again.at < this.ttl) return again.value as Promise<T>;
    this.requests++;
    const value = fetch(client).catch((err: unknown) => {
      this.cache.delete(key);
      throw asNotAvailable(err);
    });
    this.cache.set(key, { at: this.now(), value });
    return value;
  }

  /** Stage, owner and team labels in both languages: a formula may use either. */
  private describe(): Promise<SyncDescribe[]> {
    return this.ask('describe', (c) =>
      Promise.all(
        (['zh-CN', 'en'] as const).map((locale) =>
          c.sync.describe.query({ entity: 'opportunities', locale }),
        ),
      ),
    );
  }

  private async option(column: string, label: string) {
    for (const d of await this.describe()) {
      const found = d.columns
        .find((c) => c.id === column)
        ?.enum?.values.find((v) => norm(v.label) === norm(label));
      if (found) return found;
    }
    return undefined;
  }

  /** A user's or team's id from a name (either language) or an id. */
  private async idOf(kind: 'users' | 'teams', label: string | number): Promise<number> {
    if (typeof label === 'number') return label;
    const found = await this.option(kind === 'users' ? 'owner' : 'team', label);
    if (!found) throw new NotAvailable(`${label}: no such ${kind === 'users' ? 'person' : 'team'}`);
    return Number(found.value);
  }

  /** =LODESTONE.PIPELINE(stage, [owner], [currency]): open expected revenue in a stage (major units). */
  async pipeline(stage: string, owner?: string | number, currency = 'CNY'): Promise<number> {
    const code = currencyOf(currency);
    const option = await this.option('stage', stage);
    if (!option) throw new NotAvailable(`${stage}: no such stage`);
    const ownerId =
      owner === undefined || owner === '' ? undefined : await this.idOf('users', owner);
    const pipelineId = Number(option.parent);
    const funnel = await this.ask(`funnel:${pipelineId}:${ownerId ?? ''}:${code}`, (c) =>
      c.reports.funnel.query({ pipelineId, currency: code, ...(ownerId ? { ownerId } : {}) }),
    );
    const row = funnel.stages.find((s) => s.stageId === Number(option.value));
    return toMajorUnits(row?.amount ?? 0, funnel.currency);
  }

  /** =LODESTONE.FORECAST(month, [owner|team], [kind], [currency]). */
  async forecast(
    month: string,
    who?: string | number,
    kind: string = 'weighted',
    currency = 'CNY',
  ): Promise<number> {
    const code = currencyOf(currency);
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new NotAvailable('month must be YYYY-MM');
    if (!(FORECAST_KINDS as readonly string[]).includes(kind))
      throw new NotAvailable(`kind must be one of ${FORECAST_KINDS.join(', ')}`);
    let groupBy: 'owner' | 'team' | 'none' = 'none';
    let groupId: number | null = null;
    if (who !== undefined && who !== '') {
      groupId = await this.idOf('users', who).then(
        (id) => ((groupBy = 'owner'), id),
        () => this.idOf('teams', who).then((id) => ((groupBy = 'team'), id)),
      );
    }
    const report = await this.ask(`forecast:${month}:${groupBy}:${code}`, (c) =>
      c.reports.forecast.query({ currency: code, from: month, to: month, groupBy }),
    );
    const row = report.rows.find((r) => r.month === month && r.groupId === groupId);
    return toMajorUnits(row?.[kind as 'weighted'] ?? 0, report.currency);
  }

  /** =LODESTONE.RECEIVABLE(customer, [bucket], [currency]): what a customer owes (major units). */
  async receivable(customer: string, bucket: string = 'total', currency = 'CNY'): Promise<number> {
    const code = currencyOf(currency);
    if (!(AGING_BUCKETS as readonly string[]).includes(bucket))
      throw new NotAvailable(`bucket must be one of ${AGING_BUCKETS.join(', ')}`);
    const aging = await this.ask(`aging:customer:${code}`, (c) =>
      c.reports.receivablesAging.query({ groupBy: 'customer', currency: code }),
    );
    const row = aging.rows.find((r) => norm(r.name ?? '') === norm(customer));
    return toMajorUnits((row as Record<string, number> | undefined)?.[bucket] ?? 0, aging.currency);
  }

  /** =LODESTONE.TARGET(period, [team|rep]): attainment as a fraction (1 = 100%). */
  async target(period: string, who?: string | number): Promise<number> {
    let subject: { teamId: number } | { userId: number } | Record<string, never> = {};
    if (who !== undefined && who !== '') {
      subject = await this.idOf('users', who).then(
        (userId) => ({ userId }),
        () => this.idOf('teams', who).then((teamId) => ({ teamId })),
      );
    }
    const answer = await this.ask(`target:${period}:${JSON.stringify(subject)}`, (c) =>
      c.targets.attainment.query({ period, ...subject }),
    );
    const bp = answer.rows[0]?.amountBp;
    if (bp === null || bp === undefined) throw new NotAvailable(`no target for ${period}`);
    return bp / 10_000;
  }

  /** =LODESTONE.REPORT(name, [period], [currency]): the report as a spilled array. */
  async report(name: string, period?: string, currency?: string): Promise<Scalar[][]> {
    if (!(REPORT_NAMES as readonly string[]).includes(name))
      throw new NotAvailable(`report must be one of ${REPORT_NAMES.join(', ')}`);
    const params = { ...(period ? { period } : {}), ...(currency ? { currency } : {}) };
    const locale = this.opts.locale?.() ?? 'en';
    const table = await this.ask(`report:${name}:${locale}:${JSON.stringify(params)}`, (c) =>
      reportTable(c, name as ReportName, locale, params),
    );
    return spilledArrayOf(table);
  }
}

/** A currency argument as the server expects it (ISO 4217, upper case). */
function currencyOf(text: string): string {
  const code = text.trim().toUpperCase();
  if (!currencyCode.safeParse(code).success)
    throw new NotAvailable('currency must be a code such as CNY');
  return code;
}

/** A server refusal keeps its message; a network failure says the server is out of reach. */
function asNotAvailable(err: unknown): NotAvailable {
  if (err instanceof NotAvailable) return err;
  if (err instanceof TRPCClientError) {
    const code = (err.data as { code?: string } | undefined)?.code;
    if (code === 'UNAUTHORIZED') return new NotAvailable('Sign in to Lodestone in the task pane');
    if (!code) return new NotAvailable(`Lodestone is unreachable: ${err.message}`);
    return new NotAvailable(err.message);
  }
  return new NotAvailable(err instanceof Error ? err.message : String(err));
}
