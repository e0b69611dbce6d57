// Line-wise front-matter patcher — yoi's update algorithm (§3.1), never a re-serialisation:
// for each front-matter line whose text before the first `:` (trimmed) equals the key, the whole
// line becomes `key: '<value>'`; keys not found are inserted, in update order, right before the
// closing `---`. Every other byte (other lines, their terminators, the body, the trailing-newline
// status) is kept as it was, so git diffs show only the touched lines.
import { WorkflowError } from './errors';

export type FrontMatterPatchValue = string | null | readonly string[];
export type FrontMatterUpdate = readonly [key: string, value: FrontMatterPatchValue];

/** YAML single-quoted scalar, `'` doubled (yoi's writer style). */
export function yamlSingleQuoted(value: string): string {
  if (/[\r\n]/.test(value)) {
    throw new WorkflowError('invalid-input', 'front-matter values must be a single line', 'input.multiline-front-matter-value');
  }
  // YAML forbids most control characters even inside quotes; yoi's reader would reject the file.
  if (/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(value)) {
    throw new WorkflowError('invalid-input', 'front-matter values must not contain control characters', 'input.control-character');
  }
  return `'${value.replace(/'/g, "''")}'`;
}

/** The text after `key: ` as yoi writes it: quoted string, bare `null`, or a flow list of quoted strings. */
export function formatFrontMatterValue(value: FrontMatterPatchValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return yamlSingleQuoted(value);
  return `[${value.map(yamlSingleQuoted).join(', ')}]`;
}

export function formatFrontMatterLine(key: string, value: FrontMatterPatchValue): string {
  if (!/^[^\s:]+$/.test(key)) throw new WorkflowError('invalid-input', `invalid front-matter key \`${key}\``, 'input.invalid-key', { key });
  return `${key}: ${formatFrontMatterValue(value)}`;
}

interface Line {
  text: string;
  /** '\n', '\r\n' or '' (last line without terminator). */
  eol: string;
}

function splitLines(text: string): Line[] {
  const out: Line[] = [];
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    if (nl < 0) {
      out.push({ text: text.slice(pos), eol: '' });
      break;
    }
    const cr = nl > pos && text[nl - 1] === '\r';
    out.push({ text: text.slice(pos, cr ? nl - 1 : nl), eol: cr ? '\r\n' : '\n' });
    pos = nl + 1;
  }
  return out;
}

export interface FrontMatterSplit {
  /** Text before the opening `---` (a UTF-8 BOM, if any). */
  bom: string;
  lines: Line[];
  /** Index (in `lines`) of the closing `---`. */
  closing: number;
}

/** Locates the front matter by yoi's rule (line 1 exactly `---`, closed by the next `---` line). */
export function splitFrontMatter(text: string): FrontMatterSplit {
  const bom = text.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
  const lines = splitLines(bom ? text.slice(1) : text);
  if (lines.length === 0 || lines[0].text !== '---') {
    throw new WorkflowError('unreadable', 'item.md does not start with a `---` line', 'item.no-front-matter');
  }
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].text === '---') return { bom, lines, closing: i };
  }
  throw new WorkflowError('unreadable', 'item.md front matter has no closing `---` line', 'item.unterminated-front-matter');
}

/** yoi's key rule: the text before the first `:`, trimmed (undefined for a line without `:`). */
export function lineKey(line: string): string | undefined {
  const c = line.indexOf(':');
  return c < 0 ? undefined : line.slice(0, c).trim();
}

/** Applies updates in order; returns the new text. Throws `unreadable` without front matter. */
export function patchFrontMatter(text: string, updates: readonly FrontMatterUpdate[]): string {
  const { bom, lines, closing } = splitFrontMatter(text);
  const head = lines.slice(0, closing);
  const tail = lines.slice(closing);
  // New lines use the closing delimiter's terminator (CRLF files stay CRLF; '' at EOF -> '\n').
  const eol = tail[0].eol || (lines[0].eol === '\r\n' ? '\r\n' : '\n');
  for (const [key, value] of updates) {
    const text = formatFrontMatterLine(key, value);
    let found = false;
    for (let i = 1; i < head.length; i++) {
      if (lineKey(head[i].text) === key) {
        head[i] = { text, eol: head[i].eol };
        found = true;
      }
    }
    if (!found) head.push({ text, eol });
  }
  return bom + [...head, ...tail].map((l) => l.text + l.eol).join('');
}

/** Replaces the body (yoi's TicketEditItem): the front matter is kept verbatim through the closing
 * `---` line, then the new body follows directly (so it starts right after `---` unless it begins
 * with a blank line). Optionally patches front-matter keys in the same write. */
export function replaceBody(text: string, body: string, updates: readonly FrontMatterUpdate[] = []): string {
  const patched = updates.length ? patchFrontMatter(text, updates) : text;
  const { bom, lines, closing } = splitFrontMatter(patched);
  const front = lines.slice(0, closing + 1);
  const last = front[front.length - 1];
  if (last.eol === '') last.eol = lines[0].eol === '\r\n' ? '\r\n' : '\n';
  return bom + front.map((l) => l.text + l.eol).join('') + body;
}

/** The raw front-matter line of `key` (first match by yoi's rule), without terminator. */
export function frontMatterLine(text: string, key: string): string | undefined {
  const { lines, closing } = splitFrontMatter(text);
  for (let i = 1; i < closing; i++) if (lineKey(lines[i].text) === key) return lines[i].text;
  return undefined;
}
