// Quick fixes for doctor findings, computed as plain edits so they are testable on the corpus.
// Only fixes whose result is unambiguous are offered. Threads are append-only by convention, so
// every fix that edits thread.md is marked `editsWrittenEvent` (the adapter says so in its title).
import { join } from 'node:path';
import { TicketPaths } from '../store/paths';
import { parseThread, ParsedThread, REVIEW_STATUSES } from '../thread/thread';
import { quoteAttrValue } from '../thread/markers';
import { markerLayout, TextLines } from '../doctor/finding';
import { unquotedValueSpan } from '../doctor/ticketChecks';

export type FixKind = 'quote-value' | 'add-separator' | 'rename-result-to-status' | 'create-artifacts' | 'create-resolution';

/** 1-based; `endColumn` exclusive (same convention as findings). */
export interface TextEditSpec {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  newText: string;
}

export interface QuickFix {
  kind: FixKind;
  /** The fix changes text of an event that is already written in thread.md. */
  editsWrittenEvent: boolean;
  /** Values for the fix's title (e.g. the quoted value). */
  params: Record<string, string>;
  textEdits?: { file: string; edits: TextEditSpec[] };
  createFile?: { file: string; contents: string };
}

/** Fixes for a thread.md finding (by code, at its line), computed on the current thread text. */
export function threadQuickFix(code: string, line: number, threadText: string, file: string, parsed?: ParsedThread): QuickFix | undefined {
  const lines = new TextLines(threadText);
  switch (code) {
    case 'thread.unquoted-multiword-value': {
      for (const key of ['author', ...(markerLayout(lines.text(line))?.tokens.map((t) => t.key) ?? [])]) {
        const s = unquotedValueSpan(lines, line, key);
        if (!s) continue;
        let quoted: string;
        try {
          quoted = quoteAttrValue(s.full);
        } catch {
          return undefined;
        }
        return {
          kind: 'quote-value', editsWrittenEvent: true, params: { key, value: s.full },
          textEdits: { file, edits: [{ line, column: s.span.column, endLine: line, endColumn: s.span.endColumn, newText: quoted }] },
        };
      }
      return undefined;
    }
    case 'thread.review-result-instead-of-status': {
      const layout = markerLayout(lines.text(line));
      const tok = layout?.tokens.find((t) => t.key === 'result');
      if (!layout || !tok || layout.tokens.some((t) => t.key === 'status')) return undefined;
      if (!(REVIEW_STATUSES as readonly string[]).includes(tok.value)) return undefined;
      return {
        kind: 'rename-result-to-status', editsWrittenEvent: true, params: { value: tok.value },
        textEdits: { file, edits: [{ line, column: tok.keyStart + 1, endLine: line, endColumn: tok.keyStart + 'result'.length + 1, newText: 'status' }] },
      };
    }
    case 'thread.missing-separator':
    case 'thread.missing-final-separator': {
      const thread = parsed ?? parseThread(threadText, file);
      const k = thread.events.findIndex((e) => e.markerLine === line);
      const ev = thread.events[k];
      // Only an event without any `---`; a run-on after a separator or a nested marker is ambiguous.
      if (!ev || ev.separatorLine !== undefined) return undefined;
      const next = thread.events[k + 1];
      if (next && thread.problems.some((p) => p.line === next.markerLine && p.code === 'thread.nested-marker')) return undefined;
      let last = ev.endLine;
      while (last > ev.markerLine && lines.text(last).trim() === '') last--;
      const endCol = lines.text(last).length + 1;
      // yoi writes `body\n\n---\n` and a blank line before the next marker.
      let newText = '\n\n---';
      if (next && next.markerLine === last + 1) newText += '\n';
      if (!next && last === lines.lines.length && !threadText.endsWith('\n')) newText += '\n';
      return { kind: 'add-separator', editsWrittenEvent: true, params: {}, textEdits: { file, edits: [{ line: last, column: endCol, endLine: last, endColumn: endCol, newText }] } };
    }
    default:
      return undefined;
  }
}

/**
 * resolution.md as yoi wrote it on close: the text passed to close is also the close event's
 * body, written as `## heading\n\n<text>\n\n---\n` — so the text is everything from the body's
 * first line up to the separator minus the one newline yoi added. Undefined when the latest close
 * event has no separator or no body (then the text cannot be recovered exactly).
 */
export function resolutionFromThread(threadText: string, parsed?: ParsedThread): string | undefined {
  const thread = parsed ?? parseThread(threadText, 'thread.md');
  const close = [...thread.events].reverse().find((e) => e.kind === 'close');
  if (!close || close.separatorLine === undefined || close.bodyStartLine === undefined) return undefined;
  const lines = new TextLines(threadText);
  const text = lines.lines.slice(close.bodyStartLine - 1, close.separatorLine - 1).join('\n');
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

/** Fixes for ticket-level findings (anchored in item.md). */
export function ticketQuickFix(code: string, paths: TicketPaths, threadText: string | undefined): QuickFix | undefined {
  switch (code) {
    case 'ticket.missing-artifacts':
      // yoi's create writes an empty artifacts/.gitkeep.
      return { kind: 'create-artifacts', editsWrittenEvent: false, params: {}, createFile: { file: join(paths.artifacts, '.gitkeep'), contents: '' } };
    case 'ticket.closed-without-resolution': {
      if (threadText === undefined) return undefined;
      const text = resolutionFromThread(threadText);
      if (text === undefined) return undefined;
      return { kind: 'create-resolution', editsWrittenEvent: false, params: {}, createFile: { file: paths.resolution, contents: text } };
    }
    default:
      return undefined;
  }
}

/** Applies edits (non-overlapping) to text; for tests and previews. */
export function applyTextEdits(text: string, edits: readonly TextEditSpec[]): string {
  const lines = text.split('\n');
  const offset = (line: number, column: number) => {
    let o = 0;
    for (let i = 0; i < line - 1; i++) o += lines[i].length + 1;
    return o + column - 1;
  };
  const sorted = [...edits].sort((a, b) => offset(b.line, b.column) - offset(a.line, a.column));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.line, e.column)) + e.newText + out.slice(offset(e.endLine, e.endColumn));
  return out;
}
