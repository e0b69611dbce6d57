// `--compare FILE`: each figure's ratio to the floor against a baseline run. Ratios are stable
// across machines where absolute times are not; a ratio that grew by more than 25% is flagged.
import type { BenchResult, Figure } from './run';

export const REGRESSION_THRESHOLD = 0.25;

export interface ComparisonRow {
  figure: string;
  baseline: number;
  current: number;
  /** current / baseline − 1. */
  growth: number;
  flag: boolean;
}

export interface Comparison {
  baselineDate: string;
  rows: ComparisonRow[];
  regressions: string[];
  /** Figures present in only one of the two runs. */
  missing: string[];
}

function ratios(r: BenchResult): Map<string, number> {
  const out = new Map<string, number>();
  const add = (prefix: string, figures: Record<string, Figure>) => {
    for (const [k, f] of Object.entries(figures)) {
      if (typeof f.ratio === 'number' && Number.isFinite(f.ratio)) out.set(`${prefix}.${k}`, f.ratio);
      // Heap is not a time: compare its value directly.
      else if (typeof f.value === 'number' && Number.isFinite(f.value)) out.set(`${prefix}.${k}`, f.value);
    }
  };
  for (const [name, s] of Object.entries(r.stores)) add(name, s.figures);
  add('global', r.global.figures);
  return out;
}

/** Tiny ratios (sub-millisecond work against a whole-store floor) are dominated by timer noise;
 * they are compared but only flagged when they also grew by more than 0.05 ms. */
export function compareResults(baseline: BenchResult, current: BenchResult): Comparison {
  const a = ratios(baseline);
  const b = ratios(current);
  const rows: ComparisonRow[] = [];
  const missing: string[] = [];
  for (const [k, base] of a) {
    const cur = b.get(k);
    if (cur === undefined) { missing.push(k); continue; }
    const growth = base > 0 ? cur / base - 1 : 0;
    const [store, fig] = [k.slice(0, k.lastIndexOf('.')), k.slice(k.lastIndexOf('.') + 1)];
    const fb = store === 'global' ? baseline.global.figures[fig] : baseline.stores[store]?.figures[fig];
    const fc = store === 'global' ? current.global.figures[fig] : current.stores[store]?.figures[fig];
    const tinyDelta = fb?.ms !== undefined && fc?.ms !== undefined && fc.ms - fb.ms < 0.05;
    rows.push({ figure: k, baseline: base, current: cur, growth, flag: growth > REGRESSION_THRESHOLD && !tinyDelta });
  }
  for (const k of b.keys()) if (!a.has(k)) missing.push(k);
  return { baselineDate: baseline.date, rows, regressions: rows.filter((r) => r.flag).map((r) => r.figure), missing };
}
