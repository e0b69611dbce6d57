// A doctor finding: a located problem with an exact range and its family. Ranges are 1-based;
// `endColumn` is exclusive; columns count UTF-16 code units of the line without a BOM or `\r`
// (what VS Code positions count), so an adapter maps them 1:1 to editor ranges.
import { Severity } from '../problems';
import { DOCTOR_CODES, DoctorFamily, formatTemplate, isDoctorCode } from './catalog';

export interface Finding {
  /** Absolute path of the file (a folder for folder-level findings such as legacy buckets). */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  /** Stable code (see catalog.ts). */
  code: string;
  family: DoctorFamily;
  /** English message (the code's template filled with params). */
  message: string;
  params: Record<string, string | number>;
  /** Ticket the finding belongs to (undefined for store-level findings such as legacy buckets). */
  ticket?: string;
}

export interface Span {
  line: number;
  column: number;
  endLine?: number;
  endColumn: number;
}

/** Builds a finding; family, severity and message come from the catalog. A code unknown to the
 * catalog (a newer parser check) is kept as Information in the extension's family with `fallback` text. */
export function finding(code: string, file: string, span: Span, params: Record<string, string | number> = {}, ticket?: string, fallback?: string): Finding {
  const info = isDoctorCode(code) ? DOCTOR_CODES[code] : undefined;
  const f: Finding = {
    file,
    line: span.line,
    column: span.column,
    endLine: span.endLine ?? span.line,
    endColumn: span.endColumn,
    severity: info?.severity ?? 'info',
    code,
    family: info?.family ?? 'extension',
    message: info ? formatTemplate(info.template, params) : (fallback ?? code),
    params,
  };
  if (ticket !== undefined) f.ticket = ticket;
  return f;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Stable order: file, position, then severity and code. */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

/** Lines of a file as an editor shows them (BOM and `\r` removed). */
export class TextLines {
  readonly lines: string[];
  constructor(text: string) {
    const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    this.lines = t.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  }

  text(line: number): string {
    return this.lines[line - 1] ?? '';
  }

  /** The non-blank extent of a line (a blank or missing line gives an empty span at column 1). */
  extent(line: number): Span {
    const s = this.text(line);
    const start = s.length - s.trimStart().length;
    const end = s.trimEnd().length;
    return end > start ? { line, column: start + 1, endColumn: end + 1 } : { line, column: 1, endColumn: 1 };
  }

  /** Span of the first occurrence of `needle` on a line at or after `fromColumn`, else the line's extent. */
  find(line: number, needle: string, fromColumn = 1): Span {
    const i = needle ? this.text(line).indexOf(needle, fromColumn - 1) : -1;
    return i < 0 ? this.extent(line) : { line, column: i + 1, endColumn: i + 1 + needle.length };
  }
}

export interface MarkerToken {
  key: string;
  value: string;
  quoted: boolean;
  /** 0-based offsets in the line: key start, value start, end of the value (after a closing quote). */
  keyStart: number;
  valueStart: number;
  end: number;
}

export interface MarkerLayout {
  tokens: MarkerToken[];
  /** Words without a colon (yoi skips them), with the key whose unquoted value they follow. */
  strays: Array<{ word: string; start: number; end: number; afterKey?: string }>;
  /** 0-based offsets of the trimmed marker (`<!--` … `-->`). */
  start: number;
  end: number;
}

const isWs = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';

/** Tokenizes a marker line exactly like the thread parser (yoi's rule), keeping offsets. */
export function markerLayout(line: string): MarkerLayout | undefined {
  const start = line.length - line.trimStart().length;
  const end = line.trimEnd().length;
  const t = line.slice(start, end);
  if (t.length < 7 || !t.startsWith('<!--') || !t.endsWith('-->')) return undefined;
  const tokens: MarkerToken[] = [];
  const strays: MarkerLayout['strays'] = [];
  const n = end - 3;
  let i = start + 4;
  let lastUnquotedKey: string | undefined;
  while (i < n) {
    while (i < n && isWs(line[i])) i++;
    if (i >= n) break;
    const keyStart = i;
    while (i < n && !isWs(line[i]) && line[i] !== ':') i++;
    const key = line.slice(keyStart, i);
    if (line[i] !== ':' || key === '' || i >= n) {
      while (i < n && !isWs(line[i])) i++;
      strays.push({ word: line.slice(keyStart, i), start: keyStart, end: i, afterKey: lastUnquotedKey });
      continue;
    }
    i++;
    while (i < n && isWs(line[i])) i++;
    const valueStart = i;
    let value = '';
    let quoted = false;
    if (line[i] === '"') {
      quoted = true;
      i++;
      while (i < n && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < n) i++;
        value += line[i];
        i++;
      }
      i = Math.min(i + 1, n);
    } else {
      while (i < n && !isWs(line[i])) i++;
      value = line.slice(valueStart, i);
    }
    tokens.push({ key, value, quoted, keyStart, valueStart, end: i });
    lastUnquotedKey = quoted ? undefined : key;
  }
  return { tokens, strays, start, end };
}

/** Span of `key: value` in a marker line (last occurrence wins, like the parser), else the marker. */
export function markerAttrSpan(lines: TextLines, line: number, key: string, part: 'pair' | 'value' = 'pair'): Span {
  const layout = markerLayout(lines.text(line));
  if (!layout) return lines.extent(line);
  const tok = [...layout.tokens].reverse().find((t) => t.key === key);
  if (!tok) return { line, column: layout.start + 1, endColumn: layout.end + 1 };
  return { line, column: (part === 'pair' ? tok.keyStart : tok.valueStart) + 1, endColumn: tok.end + 1 };
}
