// thread.md: the append-only event log, parsed with yoi's grammar (§5.1) for fidelity, plus
// anomaly detection (§5.6) as located problems. Every line position is kept for editor features.
import { Problem, problem } from '../problems';
import { markerInner, parseMarkerAttrs } from './markers';

export const KNOWN_EVENT_KINDS = [
  'create', 'comment', 'plan', 'decision', 'implementation_report', 'review', 'close', 'state_changed',
  'intake_summary', 'item_edit', 'migration', 'status_changed',
] as const;
/** Kinds only old tickets carry. `closed` is read as `close`. */
export const LEGACY_EVENT_KINDS = ['fix', 'closed'] as const;
export const REVIEW_STATUSES = ['approve', 'request_changes'] as const;

export interface ThreadEvent {
  /** 0-based position in the thread. */
  index: number;
  /** Normalized kind (`closed` → `close`; '' when the marker has no `event` attribute). */
  kind: string;
  /** Kind as written. */
  rawKind: string;
  /** All attributes (the last occurrence of a key wins). */
  attrs: Record<string, string>;
  author?: string;
  at?: string;
  status?: string;
  from?: string;
  to?: string;
  reason?: string;
  field?: string;
  heading?: string;
  /** Body text as yoi reads it (leading blank lines and trailing newlines removed). */
  body: string;
  /** 1-based line numbers. */
  markerLine: number;
  headingLine?: number;
  bodyStartLine?: number;
  bodyEndLine?: number;
  /** Line of the `---` ending the event; undefined when missing. */
  separatorLine?: number;
  /** Last line of this event's span (the line before the next marker, or the file's last line). */
  endLine: number;
  /** The marker line as written. */
  markerText: string;
  /** Raw text of the whole span (marker line … endLine). */
  raw: string;
}

export interface ParsedThread {
  file: string;
  events: ThreadEvent[];
  problems: Problem[];
  lineCount: number;
}

const TIMESTAMP_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const KNOWN = new Set<string>(KNOWN_EVENT_KINDS);
const LEGACY = new Set<string>(LEGACY_EVENT_KINDS);

/** Parses thread.md text. Never throws. */
export function parseThread(textIn: string, file: string): ParsedThread {
  const text = textIn.charCodeAt(0) === 0xfeff ? textIn.slice(1) : textIn;
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) if (lines[i].endsWith('\r')) lines[i] = lines[i].slice(0, -1);

  const problems: Problem[] = [];
  const events: ThreadEvent[] = [];
  const markerIdx: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (markerInner(lines[i]) !== undefined) markerIdx.push(i);
    else if (/^<!--\s*event:/.test(lines[i].trim())) {
      problems.push(problem(file, i + 1, 'error', 'thread.unterminated-marker', 'Event marker line has no closing `-->`; yoi ignores it'));
    }
  }
  const firstMarker = markerIdx.length ? markerIdx[0] : lines.length;
  for (let i = 0; i < firstMarker; i++) {
    if (lines[i].trim() !== '') {
      problems.push(problem(file, i + 1, 'warning', 'thread.text-before-first-event', 'Text before the first event marker is ignored by yoi'));
      break;
    }
  }

  markerIdx.forEach((m, k) => {
    const end = k + 1 < markerIdx.length ? markerIdx[k + 1] - 1 : lines.length - 1;
    events.push(parseEvent(lines, m, end, k, file, problems));
  });
  detectSequenceAnomalies(lines, events, file, problems);
  problems.sort((a, b) => a.line - b.line);
  return { file, events, problems, lineCount: lines.length };
}

function parseEvent(lines: string[], m: number, end: number, index: number, file: string, problems: Problem[]): ThreadEvent {
  const markerText = lines[m];
  const parsed = parseMarkerAttrs(markerInner(markerText)!);
  const attrs: Record<string, string> = {};
  for (const a of parsed.attrs) attrs[a.key] = a.value;
  const rawKind = attrs.event ?? '';
  const ev: ThreadEvent = {
    index, kind: rawKind === 'closed' ? 'close' : rawKind, rawKind, attrs, body: '',
    markerLine: m + 1, endLine: end + 1, markerText, raw: lines.slice(m, end + 1).join('\n'),
  };
  for (const k of ['author', 'at', 'status', 'from', 'to', 'reason', 'field'] as const) if (attrs[k] !== undefined) ev[k] = attrs[k];

  // marker blank* heading? blank* body-line* separator?
  let i = m + 1;
  let phase: 'heading' | 'preBody' | 'body' = 'heading';
  let bodyStart = -1;
  let lastNonBlank = -1;
  for (; i <= end; i++) {
    const line = lines[i];
    const t = line.trim();
    if (t === '---') {
      ev.separatorLine = i + 1;
      break;
    }
    if (phase === 'heading') {
      if (t === '') continue;
      if (line.startsWith('## ')) {
        ev.heading = line.slice(3).trim();
        ev.headingLine = i + 1;
        phase = 'preBody';
        continue;
      }
      phase = 'body';
    } else if (phase === 'preBody') {
      if (t === '') continue;
      phase = 'body';
    }
    if (bodyStart < 0) bodyStart = i;
    if (line !== '') lastNonBlank = i;
  }
  if (bodyStart >= 0 && lastNonBlank >= bodyStart) {
    ev.body = lines.slice(bodyStart, lastNonBlank + 1).join('\n');
    ev.bodyStartLine = bodyStart + 1;
    ev.bodyEndLine = lastNonBlank + 1;
  }

  // Anomalies local to this event.
  const at = (code: string, line: number, severity: Problem['severity'], message: string, params?: Record<string, string | number>) =>
    problems.push(problem(file, line, severity, code, message, params));
  if (ev.separatorLine !== undefined) {
    let extra = 0;
    let firstExtra = 0;
    let dropped = 0;
    for (let j = ev.separatorLine; j <= end; j++) {
      const t = lines[j].trim();
      if (t === '---') {
        extra++;
        if (!firstExtra) firstExtra = j + 1;
      } else if (t !== '') dropped++;
    }
    if (extra) at('thread.extra-separator', firstExtra, 'warning', `Extra \`---\` after the event's separator: yoi ends the body at line ${ev.separatorLine} and drops ${dropped} line(s) of text before the next marker`, { separatorLine: ev.separatorLine, extra, dropped });
    else if (dropped) at('thread.dropped-text', ev.separatorLine + 1, 'warning', `Text after the event's \`---\` is dropped by yoi (${dropped} line(s))`, { dropped });
  }
  if (rawKind === '') {
    at('thread.marker-without-event', m + 1, 'warning', 'HTML comment line is read by yoi as an event marker without `event:`', {});
  } else {
    if (LEGACY.has(rawKind)) at('thread.legacy-kind', m + 1, 'info', `Legacy event kind \`${rawKind}\``, { kind: rawKind });
    else if (!KNOWN.has(rawKind)) at('thread.unknown-kind', m + 1, 'warning', `Unknown event kind \`${rawKind}\``, { kind: rawKind });
    if (ev.heading === undefined) at('thread.missing-heading', m + 1, 'warning', 'Event marker is not followed by a `## ` heading', { kind: rawKind });
    if (!ev.at) at('thread.missing-at', m + 1, 'error', 'Event marker has no `at`', { kind: rawKind });
    else if (!TIMESTAMP_RE.test(ev.at)) at('thread.invalid-at', m + 1, 'warning', `\`at\` is not a YYYY-MM-DDTHH:MM:SSZ timestamp: ${ev.at}`, { at: ev.at });
    if (ev.kind === 'review' && !(REVIEW_STATUSES as readonly string[]).includes(ev.status ?? '')) {
      at('thread.review-without-status', m + 1, 'warning', ev.status ? `Review status \`${ev.status}\` is not approve or request_changes` : 'Review event has no valid `status` (approve or request_changes)', { status: ev.status ?? '' });
    }
    if (ev.kind === 'state_changed') {
      const missing = (['from', 'to', 'reason', 'author'] as const).filter((k) => !ev[k]);
      if (missing.length) at('thread.state-changed-incomplete', m + 1, 'error', `state_changed event lacks ${missing.join(', ')}`, { missing: missing.join(',') });
    }
    if (ev.kind === 'intake_summary' && (!ev.author || ev.body.trim() === '')) {
      at('thread.intake-summary-incomplete', m + 1, 'error', 'intake_summary event needs an author and a non-empty body');
    }
  }
  for (const w of parsed.strayWords) {
    if (w.afterKey) {
      at('thread.unquoted-multiword-value', m + 1, 'warning', `Unquoted multi-word \`${w.afterKey}\`: yoi reads only the first word (\`${attrs[w.afterKey]}\`), \`${w.word}\` is dropped`, { key: w.afterKey, value: attrs[w.afterKey] ?? '', word: w.word });
      break;
    }
  }
  return ev;
}

function detectSequenceAnomalies(lines: string[], events: ThreadEvent[], file: string, problems: Problem[]): void {
  let maxAt: string | undefined;
  let maxAtEvent: ThreadEvent | undefined;
  let prevNested = false;
  let prevUnterminated = false;
  for (let k = 0; k < events.length; k++) {
    const ev = events[k];
    const next = events[k + 1];
    // yoi expects each event to end with `---` right before the next marker (or the end of file).
    let last = ev.endLine - 1;
    while (last >= ev.markerLine && lines[last].trim() === '') last--;
    const endsWithSeparator = last >= ev.markerLine && lines[last].trim() === '---';
    if (!endsWithSeparator) {
      const where = next ? `before the next marker (line ${next.markerLine})` : 'at the end of the file';
      problems.push(problem(file, ev.markerLine, 'warning', 'thread.missing-separator',
        ev.separatorLine === undefined ? `Event has no \`---\` separator ${where}` : `Text after the event's separator runs on ${where} without a closing \`---\``,
        { nextMarkerLine: next?.markerLine ?? 0 }));
    }
    let nested = false;
    if (ev.at && TIMESTAMP_RE.test(ev.at)) {
      if (maxAt !== undefined && ev.at < maxAt && maxAtEvent) {
        problems.push(problem(file, ev.markerLine, 'warning', 'thread.out-of-order',
          `Event at ${ev.at} is earlier than a preceding event (${maxAt}, line ${maxAtEvent.markerLine})`,
          { at: ev.at, previousAt: maxAt, previousLine: maxAtEvent.markerLine }));
        if (prevUnterminated || prevNested) {
          nested = true;
          problems.push(problem(file, ev.markerLine, 'warning', 'thread.nested-marker',
            `Marker line ${ev.markerLine} looks nested inside an earlier event's body (older timestamp, no separator before it); yoi reads it as a separate event`,
            { at: ev.at, previousAt: maxAt, previousLine: maxAtEvent.markerLine }));
        }
      }
      if (maxAt === undefined || ev.at >= maxAt) {
        maxAt = ev.at;
        maxAtEvent = ev;
      }
    }
    prevNested = nested;
    prevUnterminated = !endsWithSeparator;
  }
}
