// Small helpers to give JSON problems a line: JSON.parse reports only an offset (and not always).
import { offsetToLineCol } from '../problems';

/** Line/column of a JSON.parse error, when Node's message carries a position. */
export function jsonErrorPosition(text: string, e: unknown): { line: number; column?: number } {
  const msg = String((e as Error)?.message ?? '');
  const lc = /line (\d+) column (\d+)/.exec(msg);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/.exec(msg);
  if (pos) return offsetToLineCol(text, Number(pos[1]));
  return { line: 1 };
}

/** File lines where each element of the array at `depth` (counting `{`/`[` nesting) opens with `{`. */
export function objectStartLines(text: string, depth: number): number[] {
  const out: number[] = [];
  let d = 0;
  let line = 1;
  let inStr = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    if (inStr) {
      if (c === 92) i++; // backslash: skip the escaped char
      else if (c === 34) inStr = false;
      continue;
    }
    if (c === 34) inStr = true;
    else if (c === 123 || c === 91) {
      d++;
      if (c === 123 && d === depth) out.push(line);
    } else if (c === 125 || c === 93) d--;
  }
  return out;
}
