// item.md front matter: locating the block (yoi's exact rule), a reference reader (gray-matter with
// the `yaml` engine) and a fast line scanner for yoi's own writer style that falls back to the
// reference reader for anything it does not fully understand. Both return identical results.
import matter from 'gray-matter';
import * as YAML from 'yaml';
import { Problem, problem } from '../problems';

export type FrontMatterValue = string | number | boolean | null | FrontMatterValue[] | { [k: string]: FrontMatterValue };
export type FrontMatterData = Record<string, FrontMatterValue>;

export interface FrontMatterBlock {
  /** The file started with a UTF-8 BOM (stripped before parsing). */
  bom: boolean;
  /** The file uses CRLF line endings (detected on the first line). */
  crlf: boolean;
  /** Front-matter lines between the delimiters, without line terminators. */
  lines: string[];
  /** 1-based line number of the closing `---` (the first line is the opening `---`). */
  closingLine: number;
  /** Character offset (in the BOM-stripped text) where the body starts. */
  bodyOffset: number;
}

export type LocateResult = { ok: true; block: FrontMatterBlock } | { ok: false; code: 'item.no-front-matter' | 'item.unterminated-front-matter'; message: string; line: number };

/** Finds the front matter: line 1 exactly `---`, closed by the next line exactly `---`. */
export function locateFrontMatter(textIn: string): LocateResult {
  const bom = textIn.charCodeAt(0) === 0xfeff;
  const text = bom ? textIn.slice(1) : textIn;
  const firstEnd = text.indexOf('\n');
  const first = firstEnd < 0 ? text : text.slice(0, firstEnd);
  const crlf = first.endsWith('\r');
  if ((crlf ? first.slice(0, -1) : first) !== '---') {
    return { ok: false, code: 'item.no-front-matter', message: 'item.md must start with a `---` line', line: 1 };
  }
  const lines: string[] = [];
  let pos = firstEnd + 1;
  let lineNo = 1;
  while (firstEnd >= 0 && pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    let line = text.slice(pos, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    lineNo++;
    if (line === '---') {
      return { ok: true, block: { bom, crlf, lines, closingLine: lineNo, bodyOffset: nl < 0 ? text.length : nl + 1 } };
    }
    lines.push(line);
    if (nl < 0) break;
    pos = nl + 1;
  }
  return { ok: false, code: 'item.unterminated-front-matter', message: 'front matter has no closing `---` line', line: 1 };
}

export interface FrontMatterParse {
  /** Parsed mapping (key order preserved); undefined when the YAML could not be read as a mapping. */
  data?: FrontMatterData;
  reader: 'fast' | 'reference';
  problems: Problem[];
}

// ---- reference reader ---------------------------------------------------------------------------

const YAML_OPTIONS = { schema: 'core', uniqueKeys: true, logLevel: 'error', prettyErrors: true } as const;

function refuse(): never {
  throw new Error('only YAML front matter is accepted');
}

/** gray-matter options: the `yaml` package (YAML 1.2 core schema, so timestamps stay strings).
 * Passing options also disables gray-matter's content-keyed cache, so results are never shared. */
const GRAY_MATTER_OPTIONS = {
  language: 'yaml',
  engines: {
    yaml: { parse: (s: string) => YAML.parse(s, YAML_OPTIONS) as object },
    // Never evaluate code from ticket files, whatever language tag a file might carry.
    javascript: { parse: refuse },
    js: { parse: refuse },
    coffee: { parse: refuse },
    json: { parse: refuse },
  },
};

function yamlErrorLine(e: unknown, firstLine: number): { line: number; column?: number } {
  const lp = (e as { linePos?: Array<{ line: number; col: number }> }).linePos;
  if (lp && lp[0]) return { line: firstLine + lp[0].line - 1, column: lp[0].col };
  return { line: firstLine };
}

/** Parses front-matter lines with gray-matter + yaml. `firstLine` = file line of lines[0]. */
export function parseFrontMatterReference(lines: string[], file: string, firstLine = 2): FrontMatterParse {
  const problems: Problem[] = [];
  // Hand gray-matter a block whose delimiters are exactly the ones yoi found (gray-matter's own
  // search would accept `---x` as a closing line).
  const synthetic = `---\n${lines.join('\n')}\n---\n`;
  let data: unknown;
  try {
    data = matter(synthetic, GRAY_MATTER_OPTIONS as unknown as Parameters<typeof matter>[1]).data;
  } catch (e) {
    // gray-matter hands yaml the text after the opening `---`, which starts with that line's newline.
    const { line, column } = yamlErrorLine(e, firstLine - 1);
    const msg = String((e as Error).message ?? e).split('\n')[0];
    problems.push(problem(file, line, 'error', 'item.invalid-yaml', `Front matter is not valid YAML: ${msg}`, { detail: msg }, column));
    return { reader: 'reference', problems };
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    problems.push(problem(file, firstLine, 'error', 'item.not-a-mapping', 'Front matter must be a YAML mapping'));
    return { reader: 'reference', problems };
  }
  return { data: data as FrontMatterData, reader: 'reference', problems };
}

// ---- fast scanner -------------------------------------------------------------------------------

const RESERVED_KEYS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'y', 'n']);
// Characters YAML may reject or treat specially; their presence sends the line to the reference reader.
const UNSAFE_RE = /[\x00-\x08\x0a-\x1f\x7f-\x9f\ufeff\ud800-\udfff]/;
const FALLBACK = Symbol('fallback');
type Scanned = FrontMatterValue | typeof FALLBACK;

// The scanner runs once per ticket on every cold build, so it avoids tuples and substrings:
// scanQuoted returns the value and leaves the index after the closing quote in `scanEnd`.
let scanEnd = 0;

/** Reads a quoted scalar starting at s[i]; undefined when it is not one the scanner handles. */
function scanQuoted(s: string, i: number): string | undefined {
  const q = s.charCodeAt(i);
  if (q === 39 /* ' */) {
    let k = s.indexOf("'", i + 1);
    if (k < 0) return undefined;
    if (s.charCodeAt(k + 1) !== 39) {
      scanEnd = k + 1;
      return s.slice(i + 1, k);
    }
    let out = '';
    let j = i + 1;
    for (;;) {
      out += s.slice(j, k);
      if (s.charCodeAt(k + 1) === 39) {
        out += "'";
        j = k + 2;
        k = s.indexOf("'", j);
        if (k < 0) return undefined;
        continue;
      }
      scanEnd = k + 1;
      return out;
    }
  }
  if (q === 34 /* " */) {
    const k = s.indexOf('"', i + 1);
    if (k < 0) return undefined;
    const b = s.indexOf('\\', i + 1);
    if (b >= 0 && b < k) return undefined; // escapes: leave to the reference reader
    scanEnd = k + 1;
    return s.slice(i + 1, k);
  }
  return undefined;
}

function isBlank(s: string, from: number): boolean {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** Scans the value that starts at v[i] and runs to the end of the line. */
function scanValue(v: string, i: number): Scanned {
  const c = v.charCodeAt(i);
  if (c === 110 /* n */) return v.length === i + 4 && v.startsWith('null', i) ? null : FALLBACK;
  if (c === 39 || c === 34) {
    const r = scanQuoted(v, i);
    if (r === undefined || !isBlank(v, scanEnd)) return FALLBACK;
    return r;
  }
  if (c === 91 /* [ */) {
    let j = i + 1;
    while (v.charCodeAt(j) === 32) j++;
    if (v.charCodeAt(j) === 93 /* ] */) return j === i + 1 && isBlank(v, j + 1) ? [] : FALLBACK;
    const items: string[] = [];
    for (;;) {
      const r = scanQuoted(v, j);
      if (r === undefined) return FALLBACK;
      items.push(r);
      j = scanEnd;
      while (v.charCodeAt(j) === 32) j++;
      const d = v.charCodeAt(j);
      if (d === 44 /* , */) {
        j++;
        while (v.charCodeAt(j) === 32) j++;
        continue;
      }
      if (d === 93 && isBlank(v, j + 1)) return items;
      return FALLBACK;
    }
  }
  return FALLBACK;
}

/** A plain key yoi writes: `[A-Za-z_][A-Za-z0-9_]*` (checked by char codes: this is a hot path). */
function isPlainKey(line: string, end: number): boolean {
  for (let i = 0; i < end; i++) {
    const c = line.charCodeAt(i);
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (i > 0 && c >= 48 && c <= 57)) continue;
    return false;
  }
  return true;
}

/** Scans yoi writer-style lines (`key: 'v'`, `key: "v"`, `key: null`, `key: ['a', 'b']`).
 * Returns undefined when any line needs a real YAML parser. When `keyLines` is given, it
 * receives each key's file line (lines[0] is file line 2). */
export function scanFrontMatterFast(lines: string[], keyLines?: Record<string, number>): FrontMatterData | undefined {
  const data: FrontMatterData = {};
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    const colon = line.indexOf(': ');
    if (colon <= 0 || !isPlainKey(line, colon) || UNSAFE_RE.test(line)) return undefined;
    const key = line.slice(0, colon);
    // `data[key] !== undefined` also rejects inherited names such as `constructor` (→ reference).
    if (RESERVED_KEYS.has(key) || key === '__proto__' || data[key] !== undefined) return undefined;
    let i = colon + 2;
    while (line.charCodeAt(i) === 32) i++;
    const value = scanValue(line, i);
    if (value === FALLBACK) return undefined;
    data[key] = value;
    if (keyLines) keyLines[key] = n + 2;
  }
  return data;
}

/** Parses front-matter lines: fast scanner when possible, reference reader otherwise. */
export function parseFrontMatter(lines: string[], file: string, opts: { reader?: 'auto' | 'reference' } = {}): FrontMatterParse & { keyLines: Record<string, number> } {
  if (opts.reader !== 'reference') {
    const keyLines: Record<string, number> = {};
    const fast = scanFrontMatterFast(lines, keyLines);
    if (fast) return { data: fast, reader: 'fast', problems: [], keyLines };
  }
  return { ...parseFrontMatterReference(lines, file), keyLines: frontMatterKeyLines(lines) };
}

/** Line (1-based, in the file) of each key, by yoi's rule: the text before the first `:`, trimmed. */
export function frontMatterKeyLines(lines: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < lines.length; i++) {
    const c = lines[i].indexOf(':');
    if (c < 0) continue;
    const key = lines[i].slice(0, c).trim();
    if (key && !Object.prototype.hasOwnProperty.call(out, key)) out[key] = i + 2;
  }
  return out;
}
