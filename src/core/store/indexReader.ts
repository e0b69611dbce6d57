// The index's front-matter reader: one pass over the head text of an item.md for yoi's own writer
// style (LF line ends, no BOM, one `key: value` line per key with the values the fast scanner of
// ticket/frontMatter.ts knows), with no line array and no intermediate result objects. Anything
// else goes through parseItem, so the result is always exactly parseItem's (unit tests compare the
// two on the corpus, synthetic stores and random front matter). Runs once per ticket per cold build.
import type { Problem } from '../problems';
import { FrontMatterData, FrontMatterValue } from '../ticket/frontMatter';
import { ticketFields, TicketFields } from '../ticket/fields';
import { parseItem } from '../ticket/item';

export interface IndexItem {
  data: FrontMatterData;
  fields: TicketFields;
  keyLines: Record<string, number>;
  problems: Problem[];
}

// The same rules as the fast scanner (scanFrontMatterFast): keys YAML would read differently,
// characters that send a line to the reference reader (here checked once over the whole block, so
// without the line feed).
const RESERVED_KEYS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'y', 'n']);
const UNSAFE_RE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\ud800-\udfff]/;
const FALLBACK = Symbol('fallback');

let scanEnd = 0;

/** A quoted scalar at s[i] that ends before `end`; undefined when the fast scanner would not take it. */
function quoted(s: string, i: number, end: number): string | undefined {
  const q = s.charCodeAt(i);
  if (q === 39 /* ' */) {
    let k = s.indexOf("'", i + 1);
    if (k < 0 || k >= end) return undefined;
    if (s.charCodeAt(k + 1) !== 39 || k + 1 >= end) {
      scanEnd = k + 1;
      return s.slice(i + 1, k);
    }
    let out = '';
    let j = i + 1;
    for (;;) {
      out += s.slice(j, k);
      if (k + 1 < end && s.charCodeAt(k + 1) === 39) {
        out += "'";
        j = k + 2;
        k = s.indexOf("'", j);
        if (k < 0 || k >= end) return undefined;
        continue;
      }
      scanEnd = k + 1;
      return out;
    }
  }
  if (q === 34 /* " */) {
    const k = s.indexOf('"', i + 1);
    if (k < 0 || k >= end) return undefined;
    const b = s.indexOf('\\', i + 1);
    if (b >= 0 && b < k) return escaped(s, i + 1, end);
    scanEnd = k + 1;
    return s.slice(i + 1, k);
  }
  return undefined;
}

/** A double-quoted scalar from s[from] whose only escapes are \" and \\ (what yoi's and common YAML
 * writers emit for quotes in titles); undefined for any other escape (the general reader decodes those). */
function escaped(s: string, from: number, end: number): string | undefined {
  let out = '';
  let j = from;
  for (let i = from; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 34) {
      scanEnd = i + 1;
      return out + s.slice(j, i);
    }
    if (c === 92 /* \ */) {
      const d = s.charCodeAt(i + 1);
      if (i + 1 >= end || (d !== 34 && d !== 92)) return undefined;
      out += s.slice(j, i);
      j = ++i; // keep the escaped character, skip it as a terminator
    }
  }
  return undefined;
}

/** A plain decimal integer (no sign, no leading zero, safe-integer length) followed by spaces only:
 * YAML reads it as a number in every schema; anything else numeric-looking goes to the general reader. */
function integer(s: string, i: number, end: number): number | typeof FALLBACK {
  let j = i;
  while (j < end) {
    const c = s.charCodeAt(j);
    if (c < 48 || c > 57) break;
    j++;
  }
  const n = j - i;
  if (n === 0 || n > 15 || (n > 1 && s.charCodeAt(i) === 48)) return FALLBACK;
  for (let k = j; k < end; k++) if (s.charCodeAt(k) !== 32) return FALLBACK;
  return Number(s.slice(i, j));
}

function blank(s: string, from: number, end: number): boolean {
  for (let i = from; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

function value(s: string, i: number, end: number): FrontMatterValue | typeof FALLBACK {
  const c = s.charCodeAt(i);
  if (c === 110 /* n */) return end === i + 4 && s.startsWith('null', i) ? null : FALLBACK;
  if (c >= 48 && c <= 57) return integer(s, i, end);
  if (c === 39 || c === 34) {
    const r = quoted(s, i, end);
    if (r === undefined || !blank(s, scanEnd, end)) return FALLBACK;
    return r;
  }
  if (c === 91 /* [ */) {
    let j = i + 1;
    while (j < end && s.charCodeAt(j) === 32) j++;
    if (j < end && s.charCodeAt(j) === 93 /* ] */) return j === i + 1 && blank(s, j + 1, end) ? [] : FALLBACK;
    const items: string[] = [];
    for (;;) {
      if (j >= end) return FALLBACK;
      const r = quoted(s, j, end);
      if (r === undefined) return FALLBACK;
      items.push(r);
      j = scanEnd;
      while (j < end && s.charCodeAt(j) === 32) j++;
      const d = j < end ? s.charCodeAt(j) : -1;
      if (d === 44 /* , */) {
        j++;
        while (j < end && s.charCodeAt(j) === 32) j++;
        continue;
      }
      if (d === 93 && blank(s, j + 1, end)) return items;
      return FALLBACK;
    }
  }
  return FALLBACK;
}

// yoi's own keys: returning these constants saves a substring (and its internalization as a
// property name) per key per ticket.
const KNOWN_KEYS = ['title', 'state', 'created_at', 'updated_at', 'assignee', 'readiness', 'risk_flags', 'queued_by', 'queued_at', 'priority'];

function knownKey(text: string, pos: number, colon: number): string | undefined {
  const n = colon - pos;
  for (let i = 0; i < KNOWN_KEYS.length; i++) {
    const k = KNOWN_KEYS[i];
    if (k.length === n && text.startsWith(k, pos)) return k;
  }
  return undefined;
}

/** The fast path; undefined when the text needs the general reader. */
function scan(text: string): { data: FrontMatterData; keyLines: Record<string, number> } | undefined {
  if (text.charCodeAt(0) !== 45 || !text.startsWith('---\n')) return undefined;
  const data: FrontMatterData = {};
  const keyLines: Record<string, number> = {};
  let pos = 4;
  let line = 2;
  for (;;) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    if (end - pos === 3 && text.charCodeAt(pos) === 45 && text.charCodeAt(pos + 1) === 45 && text.charCodeAt(pos + 2) === 45) {
      // The closing line: nothing between the delimiters may need the reference reader.
      return UNSAFE_RE.test(text.slice(4, pos)) ? undefined : { data, keyLines };
    }
    if (nl < 0) return undefined; // unterminated: parseItem reports it
    const colon = text.indexOf(': ', pos);
    if (colon <= pos || colon >= end) return undefined;
    for (let i = pos; i < colon; i++) {
      const c = text.charCodeAt(i);
      if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (i > pos && c >= 48 && c <= 57)) continue;
      return undefined;
    }
    const key = knownKey(text, pos, colon) ?? text.slice(pos, colon);
    if (RESERVED_KEYS.has(key) || key === '__proto__' || data[key] !== undefined) return undefined;
    let i = colon + 2;
    while (i < end && text.charCodeAt(i) === 32) i++;
    const v = value(text, i, end);
    if (v === FALLBACK) return undefined;
    data[key] = v;
    keyLines[key] = line;
    pos = nl + 1;
    line++;
  }
}

/** Front matter, fields, key lines and problems of an item.md head (text up to the closing line). */
export function parseIndexItem(text: string, file: string): IndexItem {
  const fast = scan(text);
  if (fast) {
    const r = ticketFields(fast.data, fast.keyLines, file);
    return { data: fast.data, fields: r.fields, keyLines: fast.keyLines, problems: r.problems };
  }
  const p = parseItem(text, file, { withoutBody: true });
  return { data: p.data, fields: p.fields, keyLines: p.keyLines, problems: p.problems };
}
