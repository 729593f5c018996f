// The task pane: sign in, pull and push datasets through the sync engine with a progress bar
// and cancel, resolve conflicts (keep mine / take server / skip, showing the server's value, who
// and when), and pull reports as tables with charts. The workbook and the report sink are
// properties, so the browser tests put the in-memory workbook behind the same interface.
import { LitElement, css, html, nothing } from 'lit';
import { createLodestoneClient, type LodestoneClient } from '../../core/client.ts';
import type { SyncFilterField } from '../../core/schemas/sync.ts';
import { REPORT_NAMES, reportTable, type ReportName } from '../reports/catalog.ts';
import { syncApiOf } from '../sync/api.ts';
import {
  describeConflicts,
  resolveConflict,
  type ConflictView,
  type Resolution,
} from '../sync/conflicts.ts';
import type { EngineOptions, Progress } from '../sync/dataset.ts';
import { pullDataset } from '../sync/pull.ts';
import { pushDataset } from '../sync/push.ts';
import type { WorkbookHost } from '../sync/workbook.ts';
import { wordsOf, type PaneLocale, type Words } from './i18n.ts';
import type { ReportSink } from './report-sink.ts';
import { addinTokenStore, type TokenStore } from './token-store.ts';

export const DATASETS = ['opportunities', 'installments', 'receipts', 'customers'] as const;
export type DatasetName = (typeof DATASETS)[number];

export class LodeExcelPane extends LitElement {
  static override properties = {
    host: { attribute: false },
    reportSink: { attribute: false },
    serverUrl: { attribute: 'server-url' },
    locale: {},
    tokenStore: { attribute: false },
    signedInAs: { state: true },
    entity: { state: true },
    filterFields: { state: true },
    progress: { state: true },
    busy: { state: true },
    message: { state: true },
    conflicts: { state: true },
    reportMessage: { state: true },
  };

  declare host: WorkbookHost;
  declare reportSink: ReportSink;
  declare serverUrl: string;
  declare locale: PaneLocale;
  declare tokenStore: TokenStore;
  declare signedInAs: string | null;
  declare entity: DatasetName;
  /** The dataset's filters as sync.describe offers them (pipeline, stage, owner, team, closing period). */
  declare filterFields: SyncFilterField[];
  declare progress: Progress | null;
  declare busy: boolean;
  declare message: string;
  declare conflicts: ConflictView[];
  declare reportMessage: string;
  /** The year and currency reports are pulled for: this year and CNY until the user changes them. */
  readonly reportParams = { period: String(new Date().getFullYear()), currency: 'CNY' };

  private token: string | null = null;
  private controller: AbortController | null = null;
  private filters: Record<string, string> = {};

  static override styles = css`
    :host {
      display: block;
      font:
        13px/1.4 'Segoe UI',
        'Microsoft YaHei',
        sans-serif;
      padding: 8px;
    }
    form,
    fieldset {
      display: grid;
      gap: 6px;
      border: 0;
      padding: 0;
      margin: 0 0 8px;
    }
    progress {
      width: 100%;
    }
    .conflict {
      border-top: 1px solid #ddd;
      padding: 4px 0;
    }
    .error {
      color: #a4262c;
    }
  `;

  constructor() {
    super();
    this.locale = 'en';
    this.serverUrl = globalThis.location?.origin ?? '';
    this.tokenStore = addinTokenStore();
    this.signedInAs = null;
    this.entity = 'opportunities';
    this.filterFields = [];
    this.progress = null;
    this.busy = false;
    this.message = '';
    this.conflicts = [];
    this.reportMessage = '';
  }

  private get t(): Words {
    return wordsOf(this.locale);
  }

  private client(): LodestoneClient {
    return createLodestoneClient({ url: this.serverUrl, token: () => this.token });
  }

  override async connectedCallback(): Promise<void> {
    super.connectedCallback();
    const saved = await this.tokenStore.get();
    if (saved) await this.useToken(saved).catch(() => this.tokenStore.set(null));
  }

  /** Checks a token with auth.me, then keeps it in the add-in's storage. */
  async useToken(token: string): Promise<void> {
    this.token = token;
    try {
      const me = await this.client().auth.me.query();
      this.signedInAs = me.name;
      await this.tokenStore.set(token);
      await this.loadFilters();
    } catch (err) {
      this.token = null;
      this.signedInAs = null;
      throw err;
    }
  }

  async loadFilters(): Promise<void> {
    const d = await this.client().sync.describe.query({ entity: this.entity, locale: this.locale });
    this.filterFields = d.filters;
  }

  async signIn(email: string, password: string): Promise<void> {
    const { token } = await this.client().auth.login.mutate({ email, password });
    await this.useToken(token);
  }

  async signOut(): Promise<void> {
    this.token = null;
    this.signedInAs = null;
    await this.tokenStore.set(null);
  }

  private engine(signal: AbortSignal): EngineOptions {
    return {
      host: this.host,
      api: syncApiOf(this.client()),
      locale: this.locale,
      signal,
      onProgress: (p) => (this.progress = { ...p }),
    };
  }

  /** Runs one long operation with progress and cancel; the message says how it ended. */
  private async operate(run: (opts: EngineOptions) => Promise<string>): Promise<void> {
    this.controller = new AbortController();
    this.busy = true;
    this.progress = null;
    this.message = '';
    try {
      this.message = await run(this.engine(this.controller.signal));
    } catch (err) {
      this.message = this.controller.signal.aborted
        ? this.t.canceled
        : err instanceof Error
          ? err.message
          : String(err);
    } finally {
      this.busy = false;
      this.controller = null;
      await this.loadConflicts();
    }
  }

  cancel(): void {
    this.controller?.abort();
  }

  pull(): Promise<void> {
    const filter = Object.fromEntries(
      Object.entries(this.filters).filter(([, v]) => v.trim() !== ''),
    );
    return this.operate(async (opts) => {
      const s = await pullDataset(opts, { entity: this.entity, filter });
      return `${this.t.pulled}: ${s.written + s.appended} ${this.t.rows}`;
    });
  }

  push(): Promise<void> {
    return this.operate(async (opts) => {
      const s = await pushDataset(opts, this.entity);
      return `${this.t.pushed}: ${s.ok}/${s.sent} ${this.t.rows}`;
    });
  }

  async loadConflicts(): Promise<void> {
    this.conflicts = await describeConflicts(
      this.engine(new AbortController().signal),
      this.entity,
    );
  }

  async resolve(key: string, choice: Resolution): Promise<void> {
    await resolveConflict(this.engine(new AbortController().signal), this.entity, key, choice);
    if (choice === 'skip') this.conflicts = this.conflicts.filter((c) => c.key !== key);
    else await this.loadConflicts();
  }

  /** Pulls (or refreshes) one report into its table and chart. */
  async pullReport(name: ReportName): Promise<void> {
    const t = this.t;
    this.reportMessage = '';
    try {
      const table = await reportTable(this.client(), name, this.locale, this.reportParams);
      const title = `${t[name]} ${this.reportParams.period}${table.currency ? ` (${table.currency})` : ''}`;
      await this.reportSink.writeReport(name, title, table);
      this.reportMessage = `${t.pulled}: ${t[name]}, ${table.rows.length} ${t.rows}`;
    } catch (err) {
      this.reportMessage = err instanceof Error ? err.message : String(err);
    }
  }

  override render() {
    return this.signedInAs === null ? this.renderSignIn() : this.renderSignedIn();
  }

  private renderSignIn() {
    const t = this.t;
    const submit = async (e: SubmitEvent) => {
      e.preventDefault();
      const data = new FormData(e.target as HTMLFormElement);
      const token = String(data.get('token') ?? '').trim();
      try {
        if (token) await this.useToken(token);
        else await this.signIn(String(data.get('email')), String(data.get('password')));
        this.message = '';
      } catch (err) {
        this.message = `${t.signInFailed}: ${err instanceof Error ? err.message : String(err)}`;
      }
    };
    return html`<form part="sign-in" @submit=${submit}>
        <label>${t.email} <input name="email" type="email" autocomplete="username" /></label>
        <label
          >${t.password} <input name="password" type="password" autocomplete="current-password"
        /></label>
        <label>${t.orToken} <input name="token" aria-label=${t.token} /></label>
        <button type="submit">${t.signIn}</button>
      </form>
      ${this.message ? html`<p class="error" role="alert">${this.message}</p>` : nothing}`;
  }

  private renderSignedIn() {
    const t = this.t;
    const p = this.progress;
    return html`<p>
        ${t.signedInAs} <strong>${this.signedInAs}</strong>
        <button @click=${() => this.signOut()}>${t.signOut}</button>
      </p>
      <fieldset part="datasets">
        <legend>${t.datasets}</legend>
        <select
          aria-label=${t.datasets}
          @change=${(e: Event) => {
            this.entity = (e.target as HTMLSelectElement).value as DatasetName;
            this.filters = {};
            void this.loadFilters();
            void this.loadConflicts();
          }}
        >
          ${DATASETS.map(
            (d) => html`<option value=${d} ?selected=${d === this.entity}>${t[d]}</option>`,
          )}
        </select>
        ${this.filterFields.map((f) => this.renderFilter(f))}
        <div>
          <button ?disabled=${this.busy} @click=${() => this.pull()}>${t.pull}</button>
          <button ?disabled=${this.busy} @click=${() => this.push()}>${t.push}</button>
          <button ?disabled=${!this.busy} @click=${() => this.cancel()}>${t.cancel}</button>
        </div>
        ${
          p
            ? html`<progress
                  part="progress"
                  max=${p.total ?? 0}
                  .value=${p.done}
                  aria-label=${p.phase}
                ></progress>
                <span part="counts">${p.done}${p.total ? ` / ${p.total}` : ''} ${t.rows}</span>`
            : nothing
        }
        ${this.message ? html`<p role="status">${this.message}</p>` : nothing}
      </fieldset>
      ${this.conflicts.length ? this.renderConflicts() : nothing}
      <fieldset part="reports">
        <legend>${t.reports}</legend>
        <label
          >${t.year}
          <input
            name="report-year"
            type="number"
            min="2000"
            max="2100"
            .value=${this.reportParams.period}
            @change=${(e: Event) =>
              (this.reportParams.period = (e.target as HTMLInputElement).value)}
        /></label>
        <label
          >${t.currency}
          <input
            name="report-currency"
            maxlength="3"
            size="4"
            .value=${this.reportParams.currency}
            @change=${(e: Event) =>
              (this.reportParams.currency = (e.target as HTMLInputElement).value
                .trim()
                .toUpperCase())}
        /></label>
        ${REPORT_NAMES.map(
          (r) =>
            html`<button data-report=${r} @click=${() => this.pullReport(r)}>
              ${t[r]} · ${t.refresh}
            </button>`,
        )}
        ${this.reportMessage ? html`<p role="status">${this.reportMessage}</p>` : nothing}
      </fieldset>`;
  }

  private renderFilter(f: SyncFilterField) {
    const set = (e: Event) =>
      (this.filters[f.id] = (e.target as HTMLInputElement | HTMLSelectElement).value);
    if (f.enum)
      return html`<label
        >${f.label}
        <select name=${f.id} @change=${set}>
          <option value="">${this.t.any}</option>
          ${f.enum.map((o) => html`<option value=${o.value}>${o.label}</option>`)}
        </select></label
      >`;
    return html`<label
      >${f.label} <input name=${f.id} type=${f.type === 'date' ? 'date' : 'text'} @change=${set}
    /></label>`;
  }

  private renderConflicts() {
    const t = this.t;
    return html`<section part="conflicts">
      <h3>${t.conflicts}</h3>
      ${this.conflicts.map(
        (c) =>
          html`<div class="conflict" data-key=${c.key}>
            <div>${c.key} · ${t.changedBy} ${c.changedBy ?? '—'}, ${c.changedAt}</div>
            <table part="conflict-fields">
              <thead>
                <tr>
                  <th></th>
                  <th>${t.mine}</th>
                  <th>${t.serverValue}</th>
                </tr>
              </thead>
              <tbody>
                ${c.fields.map(
                  (f) =>
                    html`<tr data-field=${f.id}>
                      <th scope="row">${f.label}</th>
                      <td>${f.mine}</td>
                      <td>${f.server}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
            <button @click=${() => this.resolve(c.key, 'mine')}>${t.keepMine}</button>
            <button @click=${() => this.resolve(c.key, 'server')}>${t.takeServer}</button>
            <button @click=${() => this.resolve(c.key, 'skip')}>${t.skip}</button>
          </div>`,
      )}
    </section>`;
  }
}
