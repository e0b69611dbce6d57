// item.md: front matter + verbatim body. `parseItem` works on the whole text; `readItemHead`
// reads only as much of the file as the front matter needs (the store index never holds bodies).
import { closeSync, openSync, readSync, fstatSync } from 'node:fs';
import { Problem, problem } from '../problems';
import { FrontMatterData, locateFrontMatter, parseFrontMatter } from './frontMatter';
import { ticketFields, TicketFields } from './fields';

export interface ParsedItem {
  file: string;
  /** Raw front matter, key order preserved, unknown keys kept; {} when unreadable. */
  data: FrontMatterData;
  /** False when the front matter could not be read as a YAML mapping. */
  readable: boolean;
  fields: TicketFields;
  /** File line of each front-matter key. */
  keyLines: Record<string, number>;
  /** Front-matter lines between the delimiters, verbatim (without terminators). */
  frontMatterLines: string[];
  /** 1-based line of the closing `---` (0 when not found). */
  closingLine: number;
  /** Verbatim body (text after the closing line); undefined when only the head was read. */
  body?: string;
  /** 1-based line where the body starts. */
  bodyStartLine: number;
  bom: boolean;
  crlf: boolean;
  reader: 'fast' | 'reference';
  problems: Problem[];
}

export interface ParseItemOptions {
  /** Force the reference reader (gray-matter + yaml). */
  reader?: 'auto' | 'reference';
  /** Drop the body (index use). */
  withoutBody?: boolean;
}

/** Parses the text of an item.md. Never throws; problems are located. */
export function parseItem(text: string, file: string, opts: ParseItemOptions = {}): ParsedItem {
  const loc = locateFrontMatter(text);
  if (!loc.ok) {
    const { fields } = ticketFields({}, {}, file);
    fields.state = undefined;
    return {
      file, data: {}, readable: false, fields, keyLines: {}, frontMatterLines: [], closingLine: 0,
      body: opts.withoutBody ? undefined : text.charCodeAt(0) === 0xfeff ? text.slice(1) : text,
      bodyStartLine: 1, bom: text.charCodeAt(0) === 0xfeff, crlf: /\r\n/.test(text.slice(0, 200)), reader: 'fast',
      problems: [problem(file, loc.line, 'error', loc.code, loc.message)],
    };
  }
  const b = loc.block;
  const fm = parseFrontMatter(b.lines, file, { reader: opts.reader });
  const keyLines = fm.keyLines;
  const problems = [...fm.problems];
  let fields: TicketFields;
  if (fm.data) {
    const r = ticketFields(fm.data, keyLines, file);
    fields = r.fields;
    problems.push(...r.problems);
  } else {
    fields = { stateSource: 'default', riskFlags: [] };
  }
  let body: string | undefined;
  if (!opts.withoutBody) body = (b.bom ? text.slice(1) : text).slice(b.bodyOffset);
  return {
    file, data: fm.data ?? {}, readable: fm.data !== undefined, fields, keyLines, frontMatterLines: b.lines,
    closingLine: b.closingLine, body, bodyStartLine: b.closingLine + 1, bom: b.bom, crlf: b.crlf, reader: fm.reader, problems,
  };
}

const HEAD_CHUNK = 4096;
// One reusable buffer for the (synchronous) head reads: a fresh 4 KiB Buffer per file would be
// outside Node's pool and cost a GC-tracked allocation per ticket.
let shared = Buffer.allocUnsafe(HEAD_CHUNK);

/** Reads the start of a file up to and including the closing front-matter line (or all of it). */
export function readItemHeadText(path: string): string {
  const fd = openSync(path, 'r');
  try {
    let buf = shared;
    let len = 0;
    for (;;) {
      if (len === buf.length) {
        const size = fstatSync(fd).size;
        const next = Buffer.allocUnsafe(Math.max(buf.length * 2, size + 1));
        buf.copy(next, 0, 0, len);
        buf = next;
        if (buf.length <= 64 * 1024) shared = buf;
      }
      // The first read asks for one chunk even when the shared buffer has grown: most heads end
      // inside it, and reading a whole 16 KB body only to find that out costs more than a read.
      const n = readSync(fd, buf, len, len < HEAD_CHUNK ? Math.min(HEAD_CHUNK, buf.length) - len : buf.length - len, null);
      // Search only the new bytes (plus 5 bytes of overlap for a delimiter split across reads).
      const from = Math.max(0, len - 5);
      len += n;
      const end = closingEnd(buf, from, len, n === 0);
      if (end >= 0) return buf.toString('utf8', 0, end);
      if (n === 0) return buf.toString('utf8', 0, len);
    }
  } finally {
    closeSync(fd);
  }
}

const DELIMITER = Buffer.from('\n---');

/** Byte offset just after the closing `---` line, or -1 if not (yet) found. Searches the buffer
 * itself (no subarray view per call): a match reaching past `len` is stale bytes of the shared
 * buffer, and as the first match it means there is none inside [from, len). */
function closingEnd(buf: Buffer, from: number, len: number, eof: boolean): number {
  let i = from;
  for (;;) {
    const k = buf.indexOf(DELIMITER, i);
    if (k < 0 || k + 4 > len) return -1;
    if (k === 0) { i = 1; continue; }
    const after = k + 4;
    if (after === len) return eof ? len : -1;
    const c = buf[after];
    if (c === 10) return after + 1;
    if (c === 13) {
      if (after + 1 === len) return eof ? len : -1;
      if (buf[after + 1] === 10) return after + 2;
    }
    i = k + 1;
  }
}

/** A whole (small) file as UTF-8 text, read through the shared buffer: readFileSync(path, 'utf8')
 * adds an fstat and option parsing per call, which shows on cold builds (relations.json). */
export function readSmallFileText(path: string): string {
  const fd = openSync(path, 'r');
  try {
    let buf = shared;
    let len = 0;
    for (;;) {
      if (len === buf.length) {
        const next = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(next, 0, 0, len);
        buf = next;
        if (buf.length <= 64 * 1024) shared = buf;
      }
      const n = readSync(fd, buf, len, buf.length - len, null);
      if (n === 0) return buf.toString('utf8', 0, len);
      len += n;
    }
  } finally {
    closeSync(fd);
  }
}

/** Reads and parses only the front matter of an item.md (no body). Throws only on I/O errors. */
export function readItemHead(path: string): ParsedItem {
  return parseItem(readItemHeadText(path), path, { withoutBody: true });
}
