// The reports recomputed in plain JavaScript from the generated rows, independently of the SQL:
// the tests compare every figure the server returns with these.
import { monthsBetween, type Period } from '../../../core/schemas/reports.ts';
import type { GenOpportunity, GenPipeline } from './generate.ts';

/** Σ(revenue × probability) / 100, half up, exact (BigInt). */
export function weightedOf(rows: GenOpportunity[]): number {
  const sum = rows.reduce((s, o) => s + BigInt(o.expectedRevenue ?? 0) * BigInt(o.probability), 0n);
  return Number((sum + 50n) / 100n);
}

const amountOf = (rows: GenOpportunity[]) => rows.reduce((s, o) => s + (o.expectedRevenue ?? 0), 0);

export function dayBounds(p: Period): [string, string] {
  const end = new Date(Date.parse(`${p.to}T00:00:00.000Z`) + 86400_000);
  return [`${p.from}T00:00:00.000Z`, end.toISOString()];
}

export function expectedFunnel(rows: GenOpportunity[], pipeline: GenPipeline) {
  const mine = rows.filter((o) => o.pipelineId === pipeline.id);
  const by = (status: string) => mine.filter((o) => o.status === status);
  const won = by('won');
  return {
    stages: pipeline.stages.map((s) => {
      const here = by('open').filter((o) => o.stageId === s.id);
      return { count: here.length, amount: amountOf(here), weighted: weightedOf(here) };
    }),
    won: {
      count: won.length,
      amount: amountOf(won),
      wonAmount: won.reduce((s, o) => s + (o.wonAmount ?? 0), 0),
    },
    lost: { count: by('lost').length, amount: amountOf(by('lost')) },
    invalid: { count: by('invalid').length, amount: amountOf(by('invalid')) },
  };
}

export function expectedConversion(rows: GenOpportunity[], pipeline: GenPipeline, p: Period) {
  const [start, end] = dayBounds(p);
  const seq = new Map(pipeline.stages.map((s, i) => [s.id, i]));
  const inPeriod = (at: string) => at >= start && at < end;
  const stages = pipeline.stages.map((s) => {
    let reached = 0;
    let advanced = 0;
    const closings = { won: 0, lost: 0, invalid: 0 };
    for (const o of rows.filter((r) => r.pipelineId === pipeline.id)) {
      const entries = o.history
        .map((h, i) => ({ h, i }))
        .filter(({ h }) => h.toStageId === s.id && h.status === 'open' && inPeriod(h.at));
      for (const h of o.history) {
        if (h.toStageId === s.id && h.status !== 'open' && inPeriod(h.at)) {
          closings[h.status as keyof typeof closings] += 1;
        }
      }
      if (!entries.length) continue;
      reached += 1;
      const further = entries.some(({ i }) =>
        o.history
          .slice(i + 1)
          .some(
            (h2) =>
              h2.at < end &&
              (h2.status === 'won' ||
                (h2.status === 'open' && seq.get(h2.toStageId)! > seq.get(s.id)!)),
          ),
      );
      if (further) advanced += 1;
    }
    return { reached, advanced, ...closings };
  });
  const won = stages.reduce((n, s) => n + s.won, 0);
  const lost = stages.reduce((n, s) => n + s.lost, 0);
  return { stages, won, lost, winRate: won + lost ? won / (won + lost) : null };
}

function summary(days: number[]) {
  if (!days.length) return { count: 0, average: null, median: null };
  const xs = [...days].sort((a, b) => a - b);
  const mid = Math.floor(xs.length / 2);
  const median = xs.length % 2 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2;
  return { count: xs.length, average: xs.reduce((a, b) => a + b, 0) / xs.length, median };
}

/** For a period that has ended: ongoing stays are measured to its end. */
export function expectedVelocity(rows: GenOpportunity[], pipeline: GenPipeline, p: Period) {
  const [start, end] = dayBounds(p);
  const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86400_000;
  return pipeline.stages.map((s) => {
    const completed: number[] = [];
    const current: number[] = [];
    for (const o of rows.filter((r) => r.pipelineId === pipeline.id)) {
      o.history.forEach((h, i) => {
        if (h.toStageId !== s.id || h.status !== 'open' || h.at < start || h.at >= end) return;
        const next = o.history[i + 1];
        if (next) completed.push(days(h.at, next.at));
        else if (o.status === 'open') current.push(days(h.at, end));
      });
    }
    return { completed: summary(completed), current: summary(current) };
  });
}

export function expectedForecast(
  rows: GenOpportunity[],
  from: string,
  to: string,
  groupsOf: (o: GenOpportunity) => (number | null)[],
) {
  const months = monthsBetween(from, to);
  const cells = new Map<string, { open: GenOpportunity[]; won: number }>();
  const cell = (g: number | null, m: string) => {
    const key = `${g}:${m}`;
    if (!cells.has(key)) cells.set(key, { open: [], won: 0 });
    return cells.get(key)!;
  };
  const groups = new Set<number | null>();
  for (const o of rows) {
    const openMonth = o.expectedCloseDate.slice(0, 7);
    const wonMonth = o.closedAt?.slice(0, 7);
    for (const g of groupsOf(o)) {
      if (o.status === 'open' && months.includes(openMonth)) {
        groups.add(g);
        cell(g, openMonth).open.push(o);
      }
      if (o.status === 'won' && wonMonth && months.includes(wonMonth)) {
        groups.add(g);
        cell(g, wonMonth).won += o.wonAmount ?? 0;
      }
    }
  }
  return [...groups]
    .sort((a, b) => (a ?? 0) - (b ?? 0))
    .flatMap((groupId) =>
      months.map((month) => {
        const c = cells.get(`${groupId}:${month}`);
        return {
          groupId,
          month,
          total: c ? amountOf(c.open) : 0,
          weighted: c ? weightedOf(c.open) : 0,
          won: c?.won ?? 0,
        };
      }),
    );
}

export function expectedLostReasons(rows: GenOpportunity[], p: Period) {
  const [start, end] = dayBounds(p);
  const cells = new Map<
    string,
    { outcome: string; reasonId: number | null; count: number; amount: number }
  >();
  for (const o of rows) {
    if ((o.status !== 'lost' && o.status !== 'invalid') || !o.closedAt) continue;
    if (o.closedAt < start || o.closedAt >= end) continue;
    const key = `${o.status}:${o.closeReasonId}`;
    const c = cells.get(key) ?? {
      outcome: o.status,
      reasonId: o.closeReasonId,
      count: 0,
      amount: 0,
    };
    c.count += 1;
    c.amount += o.expectedRevenue ?? 0;
    cells.set(key, c);
  }
  return [...cells.values()];
}
