// Where each key and value of a TOML document is, by key path, so findings can point at the
// offending key. smol-toml returns plain values without positions; this scanner walks the text
// once (after smol-toml accepted it) and records spans for table headers, keys, values and array
// elements, resolving `[[array.of.tables]]` indices the way TOML does. It never throws: on text
// it does not understand it records what it has and stops.

import { FindingLocation, TextPosition } from '../findings';

export type KeyPath = (string | number)[];

export interface TomlSpan {
  /** Key (or header key) span, UTF-16 offsets [start, end). */
  keyStart?: number;
  keyEnd?: number;
  /** Value span (for headers: the whole `[...]` header). */
  valueStart: number;
  valueEnd: number;
}

export class TomlIndex {
  private readonly spans = new Map<string, TomlSpan>();
  private lineStarts: number[] | undefined;

  constructor(readonly text: string) {}

  /** @internal used by the scanner; keeps the first record for a path. */
  record(path: KeyPath, span: TomlSpan): void {
    const k = JSON.stringify(path);
    const prev = this.spans.get(k);
    if (!prev) this.spans.set(k, span);
    else if (prev.keyStart === undefined && span.keyStart !== undefined) this.spans.set(k, { ...prev, keyStart: span.keyStart, keyEnd: span.keyEnd });
  }

  get(path: KeyPath): TomlSpan | undefined {
    return this.spans.get(JSON.stringify(path));
  }

  /** The span for `path`, or for its longest recorded prefix. */
  nearest(path: KeyPath): { path: KeyPath; span: TomlSpan } | undefined {
    for (let n = path.length; n > 0; n--) {
      const p = path.slice(0, n);
      const s = this.get(p);
      if (s) return { path: p, span: s };
    }
    return undefined;
  }

  position(offset: number): TextPosition {
    const starts = (this.lineStarts ??= computeLineStarts(this.text));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  }

  byteOffset(offset: number): number {
    return Buffer.byteLength(this.text.slice(0, offset), 'utf8');
  }

  /** Location for a finding about `path`: the key when `on` is 'key' (default), else the value. */
  locate(file: string, path: KeyPath, on: 'key' | 'value' = 'key'): FindingLocation {
    const hit = this.nearest(path);
    if (!hit) return { file, keyPath: path, start: { line: 1, column: 1 }, end: { line: 1, column: 1 }, byteStart: 0, byteEnd: 0 };
    const { span } = hit;
    const useKey = on === 'key' && span.keyStart !== undefined && hit.path.length === path.length;
    const start = useKey ? span.keyStart! : span.valueStart;
    const end = useKey ? span.keyEnd! : span.valueEnd;
    return this.rangeLocation(file, path, start, end);
  }

  rangeLocation(file: string, path: KeyPath | undefined, start: number, end: number): FindingLocation {
    const loc: FindingLocation = {
      file,
      start: this.position(start),
      end: this.position(end),
      byteStart: this.byteOffset(start),
      byteEnd: this.byteOffset(end),
    };
    if (path) loc.keyPath = path;
    return loc;
  }
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

const BARE_KEY = /[A-Za-z0-9_-]/;

export function indexToml(text: string): TomlIndex {
  const index = new TomlIndex(text);
  try {
    new Scanner(text, index).run();
  } catch {
    // Partial index: positions for what was scanned so far.
  }
  return index;
}

class Scanner {
  private pos = 0;
  private current: KeyPath = [];
  /** Resolved array-of-tables path → its current element index. */
  private readonly aot = new Map<string, number>();

  constructor(
    private readonly s: string,
    private readonly index: TomlIndex,
  ) {}

  run(): void {
    const s = this.s;
    let guard = 0;
    while (this.pos < s.length) {
      if (++guard > s.length + 10) return;
      this.skipTrivia(true);
      if (this.pos >= s.length) return;
      const start = this.pos;
      if (s[this.pos] === '[') {
        const arrayTable = s[this.pos + 1] === '[';
        this.pos += arrayTable ? 2 : 1;
        const keys = this.parseKey();
        this.skipInline();
        this.pos += arrayTable ? 2 : 1; // `]]` or `]`
        const headerEnd = this.pos;
        const keyStart = keys.length ? keys[0].start : start;
        const keyEnd = keys.length ? keys[keys.length - 1].end : headerEnd;
        if (arrayTable) {
          const parent = this.resolve(keys.slice(0, -1).map((k) => k.name));
          const p = [...parent, keys[keys.length - 1]?.name ?? ''];
          const pk = JSON.stringify(p);
          const idx = (this.aot.get(pk) ?? -1) + 1;
          this.aot.set(pk, idx);
          this.index.record(p, { keyStart, keyEnd, valueStart: start, valueEnd: headerEnd });
          this.current = [...p, idx];
        } else {
          this.current = this.resolve(keys.map((k) => k.name));
        }
        this.index.record(this.current, { keyStart, keyEnd, valueStart: start, valueEnd: headerEnd });
        this.skipToLineEnd();
        continue;
      }
      if (!this.parseKeyValue(this.current)) {
        this.skipToLineEnd();
        if (this.pos === start) this.pos++;
      }
    }
  }

  /** Header key → absolute path, inserting the current index of every array of tables on the way. */
  private resolve(names: string[]): KeyPath {
    const path: KeyPath = [];
    for (const n of names) {
      path.push(n);
      const idx = this.aot.get(JSON.stringify(path));
      if (idx !== undefined) path.push(idx);
    }
    return path;
  }

  private parseKeyValue(base: KeyPath): boolean {
    const keys = this.parseKey();
    if (!keys.length) return false;
    this.skipInline();
    if (this.s[this.pos] !== '=') return false;
    this.pos++;
    this.skipInline();
    for (let i = 1; i < keys.length; i++) {
      this.index.record([...base, ...keys.slice(0, i).map((k) => k.name)], {
        keyStart: keys[0].start,
        keyEnd: keys[i - 1].end,
        valueStart: keys[0].start,
        valueEnd: keys[i - 1].end,
      });
    }
    const path = [...base, ...keys.map((k) => k.name)];
    const valueStart = this.pos;
    this.parseValue(path);
    this.index.record(path, { keyStart: keys[0].start, keyEnd: keys[keys.length - 1].end, valueStart, valueEnd: this.pos });
    return true;
  }

  private parseKey(): { name: string; start: number; end: number }[] {
    const s = this.s;
    const out: { name: string; start: number; end: number }[] = [];
    for (;;) {
      this.skipInline();
      const start = this.pos;
      let name: string | undefined;
      if (s[this.pos] === '"') name = this.readBasicString();
      else if (s[this.pos] === "'") name = this.readLiteralString();
      else {
        while (this.pos < s.length && BARE_KEY.test(s[this.pos])) this.pos++;
        if (this.pos > start) name = s.slice(start, this.pos);
      }
      if (name === undefined) return out;
      out.push({ name, start, end: this.pos });
      this.skipInline();
      if (s[this.pos] !== '.') return out;
      this.pos++;
    }
  }

  private parseValue(path: KeyPath): void {
    const s = this.s;
    const c = s[this.pos];
    if (c === '"') {
      if (s.startsWith('"""', this.pos)) this.skipMultiline('"""', true);
      else this.readBasicString();
    } else if (c === "'") {
      if (s.startsWith("'''", this.pos)) this.skipMultiline("'''", false);
      else this.readLiteralString();
    } else if (c === '[') {
      this.pos++;
      let i = 0;
      for (let guard = 0; guard < s.length; guard++) {
        this.skipTrivia(true);
        if (this.pos >= s.length) return;
        if (s[this.pos] === ']') {
          this.pos++;
          return;
        }
        const start = this.pos;
        this.parseValue([...path, i]);
        this.index.record([...path, i], { valueStart: start, valueEnd: this.pos });
        i++;
        this.skipTrivia(true);
        if (s[this.pos] === ',') this.pos++;
        else if (s[this.pos] !== ']') return;
      }
    } else if (c === '{') {
      this.pos++;
      for (let guard = 0; guard < s.length; guard++) {
        this.skipTrivia(true);
        if (this.pos >= s.length) return;
        if (s[this.pos] === '}') {
          this.pos++;
          return;
        }
        if (!this.parseKeyValue(path)) return;
        this.skipTrivia(true);
        if (s[this.pos] === ',') this.pos++;
        else if (s[this.pos] !== '}') return;
      }
    } else {
      // Number, boolean or date-time (which may contain one space).
      const start = this.pos;
      while (this.pos < s.length && !',]}\n\r#'.includes(s[this.pos])) this.pos++;
      while (this.pos > start && (s[this.pos - 1] === ' ' || s[this.pos - 1] === '\t')) this.pos--;
    }
  }

  private readBasicString(): string {
    const s = this.s;
    this.pos++;
    let out = '';
    while (this.pos < s.length && s[this.pos] !== '"' && s[this.pos] !== '\n') {
      if (s[this.pos] === '\\') {
        const e = s[this.pos + 1];
        const simple: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\', e: '\x1b' };
        if (e in simple) {
          out += simple[e];
          this.pos += 2;
        } else if (e === 'u' || e === 'U' || e === 'x') {
          const len = e === 'u' ? 4 : e === 'U' ? 8 : 2;
          const cp = parseInt(s.slice(this.pos + 2, this.pos + 2 + len), 16);
          out += Number.isFinite(cp) ? String.fromCodePoint(cp) : '';
          this.pos += 2 + len;
        } else {
          this.pos += 2;
        }
        continue;
      }
      out += s[this.pos++];
    }
    if (s[this.pos] === '"') this.pos++;
    return out;
  }

  private readLiteralString(): string {
    const s = this.s;
    const start = ++this.pos;
    while (this.pos < s.length && s[this.pos] !== "'" && s[this.pos] !== '\n') this.pos++;
    const out = s.slice(start, this.pos);
    if (s[this.pos] === "'") this.pos++;
    return out;
  }

  private skipMultiline(delim: string, escapes: boolean): void {
    const s = this.s;
    this.pos += 3;
    while (this.pos < s.length) {
      if (escapes && s[this.pos] === '\\') {
        this.pos += 2;
        continue;
      }
      if (s.startsWith(delim, this.pos)) {
        this.pos += 3;
        // Up to two more quote characters may close the string (`""""` is a quote + delimiter).
        for (let extra = 0; extra < 2 && s[this.pos] === delim[0]; extra++) this.pos++;
        return;
      }
      this.pos++;
    }
  }

  /** Spaces, tabs and comments; with `newlines`, also line breaks. */
  private skipTrivia(newlines: boolean): void {
    const s = this.s;
    while (this.pos < s.length) {
      const c = s[this.pos];
      if (c === ' ' || c === '\t' || (newlines && (c === '\n' || c === '\r'))) this.pos++;
      else if (c === '#') while (this.pos < s.length && s[this.pos] !== '\n') this.pos++;
      else return;
    }
  }

  private skipInline(): void {
    const s = this.s;
    while (this.pos < s.length && (s[this.pos] === ' ' || s[this.pos] === '\t')) this.pos++;
  }

  private skipToLineEnd(): void {
    const s = this.s;
    while (this.pos < s.length && s[this.pos] !== '\n') this.pos++;
  }
}
