// Test-side reading of yoi's real output (the replay oracle). Deliberately independent of the
// writer under test: it finds marker lines by yoi's rule and slices the exact bytes of each event.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export interface RawEvent {
  index: number;
  attrs: Record<string, string>;
  kind: string;
  /** Byte-exact text this event added to the file: `\n` + marker … `---\n` (no leading `\n` for the first). */
  text: string;
  /** Offset in the file where `text` starts (= length of the thread before this event). */
  start: number;
  end: number;
  /** Heading and body when the event has yoi's canonical layout. */
  heading?: string;
  body?: string;
}

/** yoi's attribute grammar (§5.1): `key: value` pairs, value bare or `"…"` with `\x` escapes; words without `:` skipped. */
export function parseAttrs(inner: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  const ws = (c: string | undefined) => c !== undefined && /\s/.test(c);
  while (i < inner.length) {
    while (ws(inner[i])) i++;
    if (i >= inner.length) break;
    let j = i;
    while (j < inner.length && inner[j] !== ':' && !ws(inner[j])) j++;
    if (inner[j] !== ':') {
      i = j;
      continue;
    }
    const key = inner.slice(i, j);
    i = j + 1;
    while (ws(inner[i])) i++;
    let value = '';
    if (inner[i] === '"') {
      i++;
      while (i < inner.length && inner[i] !== '"') {
        if (inner[i] === '\\' && i + 1 < inner.length) i++;
        value += inner[i++];
      }
      i++;
    } else {
      while (i < inner.length && !ws(inner[i])) value += inner[i++];
    }
    out[key] = value;
  }
  return out;
}

const MARKER = /^\s*<!--\s(.*)\s-->\s*$/;

export function splitThread(text: string): RawEvent[] {
  const starts: Array<{ offset: number; line: string }> = [];
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    const line = text.slice(pos, end);
    if (MARKER.test(line)) starts.push({ offset: pos, line });
    pos = end + 1;
  }
  return starts.map((s, index) => {
    const m = MARKER.exec(s.line)!;
    const attrs = parseAttrs(m[1]);
    const next = starts[index + 1];
    const start = index === 0 ? s.offset : s.offset - 1;
    const end = next ? next.offset - 1 : text.length;
    const ev: RawEvent = { index, attrs, kind: attrs.event ?? '', text: text.slice(start, end), start, end };
    const after = text.slice(s.offset + s.line.length, end);
    const canon = /^\n\n## ([^\n]*)\n\n([\s\S]*)\n\n---\n$/.exec(after);
    if (canon) {
      ev.heading = canon[1];
      ev.body = canon[2];
    }
    return ev;
  });
}

export interface CorpusTicket {
  id: string;
  dir: string;
  item: string;
  thread: string;
  events: RawEvent[];
  resolution?: string;
  relations?: string;
  plan?: string;
}

export function* corpusTickets(ticketsRoot: string): Generator<CorpusTicket> {
  for (const id of readdirSync(ticketsRoot).sort()) {
    const dir = join(ticketsRoot, id);
    if (id.startsWith('.') || !existsSync(join(dir, 'item.md'))) continue;
    const thread = existsSync(join(dir, 'thread.md')) ? readFileSync(join(dir, 'thread.md'), 'utf8') : '';
    const opt = (p: string) => (existsSync(join(dir, p)) ? readFileSync(join(dir, p), 'utf8') : undefined);
    yield {
      id, dir, item: readFileSync(join(dir, 'item.md'), 'utf8'), thread, events: splitThread(thread),
      resolution: opt('resolution.md'), relations: opt('artifacts/relations.json'), plan: opt('artifacts/orchestration-plan.jsonl'),
    };
  }
}
