// thread.md event writer (§5.3–§5.4): attribute quoting, markers in yoi's attribute order, the
// byte-exact event layout, and body sanitising so untrusted text can never end an event early
// or fabricate another one when yoi (or we) parse the thread again.
import { WorkflowError } from './errors';

/** Unicode White_Space, which is what Rust's `char::is_whitespace`/`str::trim` use (unlike JS `\s`, no U+FEFF). */
const WS = /\p{White_Space}/u;
const TRIM = /^\p{White_Space}+|\p{White_Space}+$/gu;

/** `str::trim` as yoi's parser applies it. */
export function rustTrim(s: string): string {
  return s.replace(TRIM, '');
}

/** Quotes one attribute value (§5.3): bare unless empty or containing whitespace, `"` or `\`. */
export function quoteAttributeValue(value: string): string {
  if (/[\r\n]/.test(value)) {
    throw new WorkflowError('invalid-input', 'event attribute values must not contain line breaks', 'input.attribute-line-break', { value });
  }
  if (value.includes('-->')) {
    throw new WorkflowError('invalid-input', 'event attribute values must not contain `-->`', 'input.attribute-comment-end', { value });
  }
  if (value !== '' && !WS.test(value) && !value.includes('"') && !value.includes('\\')) return value;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function checkKey(key: string): void {
  if (key === '' || WS.test(key) || key.includes(':') || key.includes('-->')) {
    throw new WorkflowError('invalid-input', `invalid event attribute key \`${key}\``, 'input.attribute-key', { key });
  }
}

export interface EventAttributes {
  kind: string;
  author: string;
  /** `YYYY-MM-DDTHH:MM:SSZ`. */
  at: string;
  status?: string;
  from?: string;
  to?: string;
  reason?: string;
  field?: string;
  /** Further attributes, appended in the given order after yoi's known ones. */
  extra?: ReadonlyArray<readonly [string, string]>;
}

/** Attributes in yoi's order: `event author at [status] [from to reason field]`, then extras. */
export function orderedAttributes(a: EventAttributes): Array<[string, string]> {
  const out: Array<[string, string]> = [['event', a.kind], ['author', a.author], ['at', a.at]];
  for (const k of ['status', 'from', 'to', 'reason', 'field'] as const) {
    const v = a[k];
    if (v !== undefined) out.push([k, v]);
  }
  for (const [k, v] of a.extra ?? []) out.push([k, v]);
  return out;
}

/** `<!-- event: … -->` marker line (no newline). */
export function buildMarker(a: EventAttributes): string {
  if (a.kind === '' || a.author === '' || a.at === '') {
    throw new WorkflowError('invalid-input', 'events need a kind, an author and a timestamp', 'input.event-incomplete');
  }
  const parts = orderedAttributes(a).map(([k, v]) => {
    checkKey(k);
    return `${k}: ${quoteAttributeValue(v)}`;
  });
  return `<!-- ${parts.join(' ')} -->`;
}

export interface SanitizeChange {
  /** 1-based line within the body. */
  line: number;
  kind: 'separator' | 'marker';
  before: string;
  after: string;
}

export interface SanitizedBody {
  body: string;
  changes: SanitizeChange[];
}

/** Makes a body safe to embed in an event, changing as little as possible and reporting each change:
 * - a line that trims to `---` would end the event: one more `-` keeps it a Markdown rule
 *   (or setext underline) that no longer equals `---`;
 * - a line that trims to `<!-- … -->` (or starts like a marker `<!-- event:`) would start a new
 *   event: a backslash before `<!--` turns it into visible, escaped text. */
export function sanitizeBody(body: string): SanitizedBody {
  const changes: SanitizeChange[] = [];
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const t = rustTrim(line);
    let after: string | undefined;
    let kind: SanitizeChange['kind'] = 'separator';
    if (t === '---') {
      const at = line.indexOf('---');
      after = line.slice(0, at) + '----' + line.slice(at + 3);
    } else if (t.startsWith('<!--') && (t.endsWith('-->') || /^<!--\s*event\s*:/.test(t))) {
      const at = line.indexOf('<!--');
      after = line.slice(0, at) + '\\' + line.slice(at);
      kind = 'marker';
    }
    if (after !== undefined) {
      changes.push({ line: i + 1, kind, before: line, after });
      lines[i] = after;
    }
  }
  return { body: changes.length ? lines.join('\n') : body, changes };
}

export interface EventText {
  attributes: EventAttributes;
  heading: string;
  /** Already sanitised (see sanitizeBody); inserted verbatim. */
  body: string;
}

function checkHeading(heading: string): void {
  if (/[\r\n]/.test(heading) || rustTrim(heading) === '') {
    throw new WorkflowError('invalid-input', 'event headings must be a single non-empty line', 'input.heading');
  }
}

/** The bytes appended for one event (§5.4): `\n` + marker + `\n\n## ` + heading + `\n\n` + body + `\n\n---\n`.
 * `first` omits the leading newline (the create event that starts a new thread.md). */
export function formatEvent(e: EventText, first = false): string {
  checkHeading(e.heading);
  const check = sanitizeBody(e.body);
  if (check.changes.length) {
    throw new WorkflowError('invalid-input', `event body line ${check.changes[0].line} would break the thread (sanitise it first)`, 'input.unsafe-body', { line: check.changes[0].line });
  }
  return `${first ? '' : '\n'}${buildMarker(e.attributes)}\n\n## ${e.heading}\n\n${e.body}\n\n---\n`;
}
