// Excel for the Office.js layer's tests, built on office-addin-mock: reading a property before
// load and sync gives the mock's error text, so a wrong order shows up as a wrong answer. Every
// call, property write and sync is logged in order (TOOLCHAIN: the mock checks load/sync order,
// nothing about ranges or limits; those are the in-memory workbook's job).
import { OfficeMockObject } from 'office-addin-mock';
import type { ExcelContext, ExcelRun } from '../office.ts';

export interface MockExcelOptions {
  /** Existing table: its header and body values. */
  table?: { headers: string[]; body: unknown[][] };
  /** Existing custom XML parts by namespace. */
  parts?: Record<string, string>;
  /** context.sync() never answers. */
  hang?: boolean;
  /** Worksheets that exist already. */
  sheets?: string[];
  /** Charts that exist already, by name (on any sheet). */
  charts?: string[];
}

export interface MockExcel {
  run: ExcelRun;
  log: string[];
  syncs: number;
  /** Every range handed out, by label (`Sheet!A:A`), to inspect formats set on it. */
  ranges: Map<string, Obj>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a mock's shape is open
type Obj = Record<string, any>;

/** The mock's own plumbing (load's helpers, sync's updates) is not what the layer did. */
const PLUMBING = new Set(
  Object.getOwnPropertyNames(OfficeMockObject.prototype).filter((n) => n !== 'load'),
);
const isMockError = (v: unknown) => typeof v === 'string' && v.startsWith('Error, ');

export function mockExcel(options: MockExcelOptions = {}): MockExcel {
  const log: string[] = [];
  let inSync = false;
  const state = { syncs: 0 };
  /** Every object handed out: a real sync settles whatever the batch queued, on any of them. */
  const created: Obj[] = [];
  const ranges = new Map<string, Obj>();
  const labels = new WeakMap<object, string>();

  /** A mock object whose method calls and property writes are logged under `label`. */
  const watched = (label: string, data: Obj): Obj => {
    const target = new OfficeMockObject(data) as unknown as Obj;
    created.push(target);
    const proxy = new Proxy(target, {
      get(t, prop, receiver) {
        const value = Reflect.get(t, prop, receiver) as unknown;
        if (typeof value !== 'function' || typeof prop !== 'string' || PLUMBING.has(prop))
          return value;
        return (...args: unknown[]) => {
          if (!inSync) log.push(`${label}.${prop}(${args.map(brief).join(', ')})`);
          return (value as (...a: unknown[]) => unknown).apply(receiver, args);
        };
      },
      set(t, prop, value, receiver) {
        if (!inSync && typeof prop === 'string' && !isMockError(value))
          log.push(`${label}.${prop} = ${brief(value)}`);
        return Reflect.set(t, prop, value, receiver);
      },
    });
    labels.set(proxy, label);
    return proxy;
  };

  /** A window of `grid` (rows r0.., columns c0..), as Excel's ranges address a sheet. */
  const range = (
    label: string,
    grid: unknown[][] = [[]],
    r0 = 0,
    c0 = 0,
    h?: number,
    w?: number,
  ): Obj => {
    const height = h ?? grid.length;
    const width = w ?? grid[0]?.length ?? 0;
    const at = (name: string, r: number, c: number, hh: number, ww: number) =>
      range(`${label}.${name}`, grid, r, c, hh, ww);
    const made = watched(label, {
      values: grid.slice(r0, r0 + height).map((row) => row.slice(c0, c0 + width)),
      numberFormat: [[]],
      columnHidden: false,
      address: label,
      format: {
        fill: { color: '' },
        font: { color: '', bold: false },
        columnWidth: 0,
        autofitColumns: () => log.push(`${label}.format.autofitColumns()`),
      },
      dataValidation: { rule: '', clear: () => undefined },
      getCell: (row: number, column: number) =>
        at(`cell(${row},${column})`, r0 + row, c0 + column, 1, 1),
      getRow: (row: number) => at(`row(${row})`, r0 + row, c0, 1, width),
      getResizedRange: (rows: number, columns: number) =>
        at(`+(${rows},${columns})`, r0, c0, height + rows, width + columns),
      clear: () => undefined,
    });
    ranges.set(label, made);
    return made;
  };

  const existing = options.table;
  const table = (name: string) =>
    watched(`table(${name})`, {
      name,
      isNullObject: !existing,
      rows: { count: existing?.body.length ?? 0, add: () => undefined },
      getHeaderRowRange: () => range('header', [existing?.headers ?? []]),
      getDataBodyRange: () => range('body', existing?.body ?? []),
      getRange: () => range('table'),
      delete: () => undefined,
    });
  const existingCharts = new Set(options.charts ?? []);
  const chart = (name: string, exists: boolean) =>
    watched(`chart(${name})`, {
      name,
      isNullObject: !exists,
      title: { text: '' },
      setPosition: () => undefined,
      delete: () => undefined,
    });
  const sheet = (name: string, exists: boolean) =>
    watched(`sheet(${name})`, {
      name,
      isNullObject: !exists,
      visibility: 'Visible',
      getRange: (address?: string) => range(`${name}!${address ?? '*'}`),
      charts: {
        add: (type: string, source: unknown, seriesBy: string) => {
          log.push(
            `charts.add(${type}, ${labels.get(source as object) ?? brief(source)}, ${seriesBy})`,
          );
          return chart('new', true);
        },
        getItemOrNullObject: (chartName: string) => chart(chartName, existingCharts.has(chartName)),
      },
      activate: () => undefined,
      delete: () => undefined,
    });
  const existingSheets = new Set(options.sheets ?? []);
  const parts = options.parts ?? {};
  const part = (ns: string) =>
    watched(`part(${ns})`, {
      isNullObject: !(ns in parts),
      // A ClientResult: its value arrives with the sync, no load.
      getXml: () => ({ value: parts[ns] ?? '' }),
      delete: () => undefined,
    });

  const context = watched('context', {
    workbook: {
      tables: {
        getItemOrNullObject: (name: string) => table(name),
        add: (at: unknown) => {
          log.push(`tables.add(${labels.get(at as object) ?? brief(at)})`);
          return table('new');
        },
      },
      worksheets: {
        getItemOrNullObject: (name: string) => sheet(name, existingSheets.has(name)),
        add: (name: string) => sheet(name, true),
      },
      customXmlParts: {
        getByNamespace: (ns: string) =>
          watched(`parts(${ns})`, {
            items: ns in parts ? [part(ns)] : [],
            getOnlyItemOrNullObject: () => part(ns),
          }),
        add: () => undefined,
      },
      comments: {
        add: () => undefined,
        getItemByCellOrNullObject: () => ({ delete: () => undefined }),
      },
    },
    application: {
      suspendApiCalculationUntilNextSync: () => log.push('suspendApiCalculationUntilNextSync'),
      suspendScreenUpdatingUntilNextSync: () => log.push('suspendScreenUpdatingUntilNextSync'),
    },
  });
  const realSync = OfficeMockObject.prototype.sync;
  const sync = async () => {
    state.syncs++;
    log.push('sync');
    if (options.hang) return new Promise<void>(() => undefined);
    inSync = true;
    try {
      for (const t of created) await realSync.call(t);
      // The mock settles loaded properties in callbacks it does not wait for.
      await new Promise((r) => setTimeout(r, 0));
    } finally {
      inSync = false;
    }
  };
  Object.defineProperty(context, 'sync', { value: sync });
  const run: ExcelRun = (batch) => batch(context as unknown as ExcelContext);
  return {
    run,
    log,
    ranges,
    get syncs() {
      return state.syncs;
    },
  };
}

function brief(v: unknown): string {
  const s = typeof v === 'function' ? 'fn' : JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
