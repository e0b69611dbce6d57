// The index's front-matter reader: one pass over the head text of an item.md for yoi's own writer
// style (LF line ends, no BOM, one `key: value` line per key with the values the fast scanner of
// ticket/frontMatter.ts knows), with no line array and no intermediate result objects. Anything
// else goes through parseItem, so the result is always exactly parseItem's (unit tests compare the
// two on the corpus, synthetic stores and random front matter). Runs once per ticket per cold build.
import type { Problem } from '../problems';
import { FrontMatterData, FrontMatterValue } from '../ticket/frontMatter';
import { isTimestamp, NO_PROBLEMS, ticketFields, TicketFields } from '../ticket/fields';
import { TICKET_STATES, TicketState } from '../states';
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
// property name) per key per ticket. Their index is the key's slot in `known` below.
const KNOWN_KEYS = ['title', 'state', 'created_at', 'updated_at', 'assignee', 'readiness', 'risk_flags', 'queued_by', 'queued_at', 'priority'] as const;
const K_TITLE = 0, K_STATE = 1, K_CREATED = 2, K_UPDATED = 3, K_ASSIGNEE = 4, K_READINESS = 5, K_RISK = 6, K_QUEUED_BY = 7, K_QUEUED_AT = 8, K_PRIORITY = 9;

/** Index of the known key at text[pos, colon), or -1. Dispatches on length and first letter so
 * that one comparison decides (this runs for every key of every ticket). */
function knownKey(text: string, pos: number, colon: number): number {
  let k: number;
  switch (colon - pos) {
    case 5: k = text.charCodeAt(pos) === 116 ? K_TITLE : K_STATE; break;
    case 8: k = text.charCodeAt(pos) === 97 ? K_ASSIGNEE : K_PRIORITY; break;
    case 9: k = text.charCodeAt(pos) === 114 ? K_READINESS : text.charCodeAt(pos + 7) === 98 ? K_QUEUED_BY : K_QUEUED_AT; break;
    case 10: { const c = text.charCodeAt(pos); k = c === 99 ? K_CREATED : c === 117 ? K_UPDATED : K_RISK; break; }
    default: return -1;
  }
  // A loop of char codes: cheaper than startsWith (a builtin call) for these short keys.
  const key = KNOWN_KEYS[k];
  for (let j = 1; j < key.length; j++) if (text.charCodeAt(pos + j) !== key.charCodeAt(j)) return -1;
  return text.charCodeAt(pos) === key.charCodeAt(0) ? k : -1;
}

/** The state constant equal to `v` (a fresh substring), so that records share one string and the
 * check needs no property lookup; undefined when `v` is not a state. */
function canonicalState(v: string): TicketState | undefined {
  for (let i = 0; i < TICKET_STATES.length; i++) if (v === TICKET_STATES[i]) return TICKET_STATES[i];
  return undefined;
}

// What the last scan saw, for the fields fast path (module state, like scanEnd: no result object).
/** Values of the known keys (valid where the bit of `knownMask` is set). */
const known: (FrontMatterValue | undefined)[] = new Array(KNOWN_KEYS.length).fill(undefined);
let knownMask = 0;
/** The known keys in file order as a base-11 number (-1: some other key was present). */
let keySequence = 0;

/** Shared key-line maps, by key sequence: a scanned key is always on line (its index + 2), so
 * tickets whose keys come in the same order have equal maps; records only read them. */
const sharedKeyLines = new Map<number, Record<string, number>>();

function keyLinesOf(data: FrontMatterData): Record<string, number> {
  if (keySequence < 0) return defaultKeyLines(data);
  let lines = sharedKeyLines.get(keySequence);
  if (!lines) {
    lines = Object.freeze(defaultKeyLines(data));
    if (sharedKeyLines.size < 4096) sharedKeyLines.set(keySequence, lines);
  }
  return lines;
}

/** Key lines when key i of `data` is on file line i + 2 (yoi's writer style). */
export function defaultKeyLines(data: FrontMatterData): Record<string, number> {
  const out: Record<string, number> = {};
  let line = 2;
  for (const k in data) out[k] = line++;
  return out;
}

/** The fast path; undefined when the text needs the general reader. */
function scan(text: string): FrontMatterData | undefined {
  if (text.charCodeAt(0) !== 45 || !text.startsWith('---\n')) return undefined;
  const data: FrontMatterData = {};
  knownMask = 0;
  keySequence = 0;
  let pos = 4;
  for (;;) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    if (end - pos === 3 && text.charCodeAt(pos) === 45 && text.charCodeAt(pos + 1) === 45 && text.charCodeAt(pos + 2) === 45) {
      // The closing line: nothing between the delimiters may need the reference reader.
      return UNSAFE_RE.test(text.slice(4, pos)) ? undefined : data;
    }
    if (nl < 0) return undefined; // unterminated: parseItem reports it
    const colon = text.indexOf(': ', pos);
    if (colon <= pos || colon >= end) return undefined;
    for (let i = pos; i < colon; i++) {
      const c = text.charCodeAt(i);
      if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (i > pos && c >= 48 && c <= 57)) continue;
      return undefined;
    }
    const k = knownKey(text, pos, colon);
    let key: string;
    if (k >= 0) {
      if (knownMask & (1 << k)) return undefined; // a duplicate key
      key = KNOWN_KEYS[k];
    } else {
      key = text.slice(pos, colon);
      if (RESERVED_KEYS.has(key) || key === '__proto__' || data[key] !== undefined) return undefined;
    }
    let i = colon + 2;
    while (i < end && text.charCodeAt(i) === 32) i++;
    const v = value(text, i, end);
    if (v === FALLBACK) return undefined;
    if (k === K_STATE && typeof v === 'string') {
      const state = canonicalState(v);
      data[key] = state ?? v;
    } else {
      data[key] = v;
    }
    if (k >= 0) {
      knownMask |= 1 << k;
      known[k] = data[key];
      if (keySequence >= 0) keySequence = keySequence * 11 + k + 1;
    } else {
      keySequence = -1;
    }
    pos = nl + 1;
  }
}

const isString = (v: FrontMatterValue | undefined): v is string => typeof v === 'string';
const has = (k: number) => (knownMask & (1 << k)) !== 0;

/** ticketFields' result for the last scan when it has nothing to report: only yoi's own keys, each
 * of the type it must have, the required ones present and non-blank, a known state, well-formed
 * timestamps. Undefined otherwise (ticketFields then says exactly what is wrong). Builds the same
 * object, properties in the same order. */
function cleanFields(): TicketFields | undefined {
  if (keySequence < 0) return undefined;
  const title = known[K_TITLE], state = known[K_STATE], created = known[K_CREATED], updated = known[K_UPDATED];
  if (!has(K_TITLE) || !isString(title) || title.trim() === '') return undefined;
  const resolved = has(K_STATE) && typeof state === 'string' ? canonicalState(state) : undefined;
  if (!resolved) return undefined;
  if (!has(K_CREATED) || !isString(created) || !isTimestamp(created)) return undefined;
  if (!has(K_UPDATED) || !isString(updated) || !isTimestamp(updated)) return undefined;
  const risk = has(K_RISK) ? known[K_RISK] : undefined;
  if (risk !== undefined && risk !== null && !Array.isArray(risk)) return undefined;
  // The optional string fields: a string or null (a number is reported; lists cannot be strings).
  for (let k = K_ASSIGNEE; k <= K_PRIORITY; k++) {
    if (k === K_RISK || !has(k)) continue;
    const v = known[k];
    if (v !== null && typeof v !== 'string') return undefined;
  }
  const queuedAt = has(K_QUEUED_AT) ? known[K_QUEUED_AT] : undefined;
  if (isString(queuedAt) && queuedAt !== '' && !isTimestamp(queuedAt)) return undefined;
  const fields: TicketFields = { stateSource: 'state', riskFlags: Array.isArray(risk) ? (risk as string[]).slice() : [] };
  fields.title = title;
  fields.createdAt = created;
  fields.updatedAt = updated;
  if (has(K_ASSIGNEE)) fields.assignee = known[K_ASSIGNEE] as string | null;
  if (has(K_READINESS) && isString(known[K_READINESS])) fields.readiness = known[K_READINESS] as string;
  if (has(K_QUEUED_BY) && isString(known[K_QUEUED_BY])) fields.queuedBy = known[K_QUEUED_BY] as string;
  if (isString(queuedAt)) fields.queuedAt = queuedAt;
  if (has(K_PRIORITY) && isString(known[K_PRIORITY])) fields.priority = known[K_PRIORITY] as string;
  fields.state = resolved;
  return fields;
}

/** Front matter, fields, key lines and problems of an item.md head (text up to the closing line). */
export function parseIndexItem(text: string, file: string): IndexItem {
  const data = scan(text);
  if (data) {
    const keyLines = keyLinesOf(data);
    const clean = cleanFields();
    if (clean) return { data, fields: clean, keyLines, problems: NO_PROBLEMS };
    const r = ticketFields(data, keyLines, file);
    return { data, fields: r.fields, keyLines, problems: r.problems };
  }
  const p = parseItem(text, file, { withoutBody: true });
  return { data: p.data, fields: p.fields, keyLines: p.keyLines, problems: p.problems };
}
