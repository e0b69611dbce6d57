// Output helpers: versioned JSON, terminal-safe text, aligned tables.
import { relative, sep } from 'node:path';
import { Problem } from '../core/problems';

export const CLI_JSON_VERSION = 1;

/** Ticket text is untrusted: strip control characters (ANSI escapes etc.) before printing to a terminal. */
export function termSafe(s: string): string {
  return s.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, '');
}

/** One line, at most `max` characters (code points), for table cells. */
export function oneLine(s: string, max = 96): string {
  const flat = termSafe(s.replace(/\s+/g, ' ').trim());
  const cps = [...flat];
  return cps.length > max ? cps.slice(0, max - 1).join('') + '…' : flat;
}

/** Path relative to the workspace, `/`-separated (stable across machines); absolute when outside. */
export function workspacePath(workspaceRoot: string, file: string): string {
  const rel = relative(workspaceRoot, file);
  if (rel === '') return '.';
  if (rel.startsWith('..')) return file.split(sep).join('/');
  return rel.split(sep).join('/');
}

export interface JsonProblem {
  file: string;
  line: number;
  column?: number;
  severity: Problem['severity'];
  code: string;
  message: string;
}

export function jsonProblem(workspaceRoot: string, p: Problem): JsonProblem {
  const o: JsonProblem = { file: workspacePath(workspaceRoot, p.file), line: p.line, severity: p.severity, code: p.code, message: p.message };
  if (p.column !== undefined) o.column = p.column;
  return o;
}

/** Terminal display width: East Asian wide/fullwidth characters take two cells, combining marks none. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if ((c >= 0x300 && c <= 0x36f) || c === 0x200b || (c >= 0xfe00 && c <= 0xfe0f)) continue;
    const wide =
      (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf && c !== 0x303f) || (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x1f300 && c <= 0x1f64f) || (c >= 0x1f900 && c <= 0x1f9ff) || (c >= 0x20000 && c <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

/** Left-aligned columns; the last column is never padded. Widths are terminal cells. */
export function table(rows: string[][]): string {
  const width = displayWidth;
  const cols = Math.max(0, ...rows.map((r) => r.length));
  const w: number[] = [];
  for (let c = 0; c < cols - 1; c++) w[c] = Math.max(...rows.map((r) => width(r[c] ?? '')));
  return rows.map((r) => r.map((cell, c) => (c < cols - 1 ? cell + ' '.repeat(w[c] - width(cell)) : cell)).join('  ').trimEnd()).join('\n') + '\n';
}

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
