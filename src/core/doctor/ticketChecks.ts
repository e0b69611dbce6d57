// Per-ticket doctor: item.md, thread.md, the folder, relations.json and orchestration-plan.jsonl.
// It reuses the parsers' located problems (item, thread anomalies, relations, plan records), maps
// them into the two families and gives each an exact range. Pure: input is text and folder facts.
import { explainInvalidId, isId } from '../ids';
import { Problem } from '../problems';
import { parsePlanRecords } from '../relations/plan';
import { parseRelations } from '../relations/relations';
import { parseThread, ParsedThread, ThreadEvent } from '../thread/thread';
import { parseItem, ParsedItem } from '../ticket/item';
import { Finding, finding, markerAttrSpan, markerLayout, Span, TextLines } from './finding';
import { TicketFiles } from './ticketFiles';
import { join } from 'node:path';

export interface DoctorContext {
  /** Whether a ticket with this ID exists in the store (for dangling relation targets). */
  exists(id: string): boolean;
}

/** What the per-ticket run produced besides findings (the adapters reuse the parses). */
export interface TicketDoctorResult {
  findings: Finding[];
  item?: ParsedItem;
  thread?: ParsedThread;
}

const TIMESTAMP_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

export function doctorTicket(files: TicketFiles, ctx: DoctorContext): TicketDoctorResult {
  const out: Finding[] = [];
  const id = files.id;
  const p = files.paths;
  const add = (code: string, file: string, span: Span, params: Record<string, string | number> = {}, fallback?: string) =>
    out.push(finding(code, file, span, params, id, fallback));

  // ---- item.md ----------------------------------------------------------------------------------
  const itemLines = new TextLines(files.item ?? '');
  const itemAnchor = files.item !== undefined ? itemLines.extent(1) : { line: 1, column: 1, endColumn: 1 };
  let item: ParsedItem | undefined;
  if (files.item === undefined) {
    add('item.unreadable', p.item, itemAnchor, { detail: files.itemError ?? 'missing' });
  } else {
    item = parseItem(files.item, p.item);
    for (const pr of item.problems) add(pr.code, p.item, itemProblemSpan(itemLines, pr), pr.params ?? {}, pr.message);
  }
  if (!isId(id)) add('ticket.invalid-id', p.item, itemAnchor, { id, reason: explainInvalidId(id) ?? '' });

  // ---- folder -----------------------------------------------------------------------------------
  if (!files.hasArtifactsDir) add('ticket.missing-artifacts', p.item, itemAnchor);
  for (const a of files.artifacts) {
    if (a.includes('..')) add('ticket.artifact-path-dotdot', join(p.artifacts, ...a.split('/')), { line: 1, column: 1, endColumn: 1 }, { path: a });
  }
  if (item?.fields.state === 'closed' && !files.hasResolution) {
    const stateLine = item.keyLines.state ?? item.keyLines.workflow_state ?? item.keyLines.status;
    add('ticket.closed-without-resolution', p.item, stateLine ? itemLines.extent(stateLine) : itemAnchor);
  }

  // ---- thread.md --------------------------------------------------------------------------------
  let thread: ParsedThread | undefined;
  if (files.thread === undefined) {
    add('ticket.missing-thread', p.item, itemAnchor, files.threadError ? { detail: files.threadError } : {});
  } else {
    thread = parseThread(files.thread, p.thread);
    const lines = new TextLines(files.thread);
    threadFindings(thread, lines, item, (code, span, params, fallback) => add(code, p.thread, span, params, fallback));
  }

  // ---- relations.json ---------------------------------------------------------------------------
  if (files.relationsError !== undefined) add('relations.unreadable', p.relations, { line: 1, column: 1, endColumn: 1 }, { detail: files.relationsError });
  if (files.relations !== undefined) {
    const lines = new TextLines(files.relations);
    const r = parseRelations(files.relations, p.relations, id);
    for (const pr of r.problems) add(pr.code, p.relations, jsonProblemSpan(lines, pr), pr.params ?? {}, pr.message);
    for (const rel of r.relations) {
      if (!ctx.exists(rel.target)) add('relations.dangling-target', p.relations, jsonKeySpan(lines, rel.line, 'target'), { kind: rel.kind, target: rel.target });
    }
  }

  // ---- orchestration-plan.jsonl -----------------------------------------------------------------
  if (files.plan !== undefined) {
    const lines = new TextLines(files.plan);
    for (const pr of parsePlanRecords(files.plan, p.plan, id).problems) add(pr.code, p.plan, planProblemSpan(lines, pr), pr.params ?? {}, pr.message);
  }
  const result: TicketDoctorResult = { findings: out };
  if (item) result.item = item;
  if (thread) result.thread = thread;
  return result;
}

function itemProblemSpan(lines: TextLines, pr: Problem): Span {
  if (pr.column !== undefined) {
    const ext = lines.extent(pr.line);
    const col = Math.max(1, pr.column);
    return { line: pr.line, column: col, endColumn: Math.max(col + 1, ext.endColumn) };
  }
  return lines.extent(pr.line);
}

type Emit = (code: string, span: Span, params?: Record<string, string | number>, fallback?: string) => void;

/** Maps the thread parser's anomaly problems to findings and adds the doctor's own thread checks. */
export function threadFindings(thread: ParsedThread, lines: TextLines, item: ParsedItem | undefined, emit: Emit): void {
  const byMarker = new Map<number, ThreadEvent>(thread.events.map((e) => [e.markerLine, e]));
  const marker = (line: number) => lines.extent(line);
  for (const pr of thread.problems) {
    const ev = byMarker.get(pr.line);
    const params = pr.params ?? {};
    switch (pr.code) {
      case 'thread.legacy-kind':
      case 'thread.unknown-kind':
        emit(pr.code, markerAttrSpan(lines, pr.line, 'event'), { kind: String(params.kind ?? ev?.rawKind ?? '') });
        break;
      case 'thread.invalid-at':
        emit(pr.code, markerAttrSpan(lines, pr.line, 'at', 'value'), { at: ev?.at ?? String(params.at ?? '') });
        break;
      case 'thread.out-of-order':
        emit(pr.code, markerAttrSpan(lines, pr.line, 'at', 'value'), { at: params.at, previousAt: params.previousAt, previousLine: params.previousLine });
        break;
      case 'thread.nested-marker':
        emit(pr.code, marker(pr.line), { previousLine: params.previousLine, previousAt: params.previousAt, at: params.at });
        break;
      case 'thread.review-without-status':
        if (ev?.status) emit('thread.review-invalid-status', markerAttrSpan(lines, pr.line, 'status', 'value'), { status: ev.status });
        else if (ev?.attrs.result !== undefined) emit('thread.review-result-instead-of-status', markerAttrSpan(lines, pr.line, 'result'), { result: ev.attrs.result });
        else emit(pr.code, marker(pr.line));
        break;
      case 'thread.state-changed-incomplete':
        emit(pr.code, marker(pr.line), { missing: String(params.missing ?? '').split(',').filter(Boolean).join(', ') });
        break;
      case 'thread.unquoted-multiword-value': {
        const key = String(params.key ?? 'author');
        const span = unquotedValueSpan(lines, pr.line, key);
        emit(pr.code, span?.span ?? marker(pr.line), { key, value: String(params.value ?? ''), dropped: span?.dropped ?? String(params.word ?? '') });
        break;
      }
      case 'thread.extra-separator':
        emit(pr.code, lines.extent(pr.line), { separatorLine: params.separatorLine, dropped: params.dropped, extra: params.extra });
        break;
      case 'thread.dropped-text': {
        // The parser points at the line after the separator, which may be blank: show the first dropped text.
        let l = pr.line;
        const end = ev?.endLine ?? thread.events.find((e) => e.separatorLine === pr.line - 1)?.endLine ?? pr.line;
        while (l < end && lines.text(l).trim() === '') l++;
        emit(pr.code, lines.extent(l), { dropped: params.dropped });
        break;
      }
      case 'thread.missing-separator': {
        const next = Number(params.nextMarkerLine ?? 0);
        if (next > 0) emit('thread.missing-separator', marker(pr.line), { nextLine: next });
        else emit('thread.missing-final-separator', marker(pr.line));
        break;
      }
      case 'thread.unterminated-marker':
      case 'thread.text-before-first-event':
      case 'thread.marker-without-event':
      case 'thread.missing-heading':
      case 'thread.missing-at':
      case 'thread.intake-summary-incomplete':
        emit(pr.code, lines.extent(pr.line), {});
        break;
      default:
        emit(pr.code, lines.extent(pr.line), params, pr.message);
    }
  }
  // The doctor's own thread checks (extension family).
  const first = thread.events[0];
  const createdAt = item?.fields.createdAt;
  if (first?.kind === 'create' && first.at && createdAt && TIMESTAMP_RE.test(first.at) && TIMESTAMP_RE.test(createdAt) && first.at !== createdAt) {
    emit('thread.create-at-mismatch', markerAttrSpan(lines, first.markerLine, 'at', 'value'), { at: first.at, createdAt });
  }
  // A close event while the ticket is still closed by an earlier one (a reopen — a state change
  // away from closed — in between makes a second close legitimate, as in 00001KTTW04W2).
  let closedBy: ThreadEvent | undefined;
  for (const e of thread.events) {
    if (e.kind === 'close') {
      if (closedBy) emit('thread.multiple-close', markerAttrSpan(lines, e.markerLine, 'event'), { firstLine: closedBy.markerLine });
      else closedBy = e;
    } else if ((e.kind === 'state_changed' || e.kind === 'status_changed') && e.to && e.to !== 'closed') {
      closedBy = undefined;
    }
  }
}

/** The unquoted value of `key` plus the stray words after it (what quoting would cover). */
export function unquotedValueSpan(lines: TextLines, line: number, key: string): { span: Span; value: string; dropped: string; full: string } | undefined {
  const text = lines.text(line);
  const layout = markerLayout(text);
  if (!layout) return undefined;
  const tok = [...layout.tokens].reverse().find((t) => t.key === key && !t.quoted);
  if (!tok) return undefined;
  const strays = layout.strays.filter((s) => s.afterKey === key && s.start > tok.end);
  // Only the words directly following the value (before the next `key:` token).
  const nextTok = layout.tokens.find((t) => t.keyStart > tok.end);
  const words = strays.filter((s) => nextTok === undefined || s.end <= nextTok.keyStart);
  if (!words.length) return undefined;
  const endOff = words[words.length - 1].end;
  return {
    span: { line, column: tok.valueStart + 1, endColumn: endOff + 1 },
    value: tok.value,
    dropped: words.map((w) => w.word).join(' '),
    full: text.slice(tok.valueStart, endOff),
  };
}

/** Span of `"key"` (to the end of its line, without a trailing comma) in the JSON object starting at `fromLine`. */
export function jsonKeySpan(lines: TextLines, fromLine: number, key: string): Span {
  const needle = `"${key}"`;
  let depth = 0;
  for (let l = fromLine; l <= lines.lines.length && l < fromLine + 200; l++) {
    const s = lines.text(l);
    const i = s.indexOf(needle);
    if (i >= 0) {
      const end = s.trimEnd().replace(/,$/, '').length;
      return { line: l, column: i + 1, endColumn: Math.max(i + needle.length, end) + 1 };
    }
    for (const c of s) {
      if (c === '{') depth++;
      else if (c === '}') depth--;
    }
    if (depth <= 0 && l > fromLine) break;
  }
  return lines.extent(fromLine);
}

function jsonProblemSpan(lines: TextLines, pr: Problem): Span {
  if (pr.column !== undefined) return { line: pr.line, column: pr.column, endColumn: pr.column + 1 };
  const k = pr.params?.key;
  switch (pr.code) {
    case 'relations.unknown-key':
    case 'relations.invalid-field':
      return k !== undefined ? jsonKeySpan(lines, pr.line, String(k)) : lines.extent(pr.line);
    case 'relations.unsupported-version':
      return jsonKeySpan(lines, 1, 'version');
    case 'relations.wrong-ticket':
      return jsonKeySpan(lines, pr.line, 'ticket_id');
    case 'relations.invalid-kind':
      return jsonKeySpan(lines, pr.line, 'kind');
    case 'relations.invalid-target':
    case 'relations.self':
    case 'relations.duplicate':
      return jsonKeySpan(lines, pr.line, 'target');
    default:
      return lines.extent(pr.line);
  }
}

function planProblemSpan(lines: TextLines, pr: Problem): Span {
  if (pr.column !== undefined) return { line: pr.line, column: pr.column, endColumn: pr.column + 1 };
  const k = pr.params?.key;
  if ((pr.code === 'plan.unknown-key' || pr.code === 'plan.invalid-field') && k !== undefined) {
    return lines.find(pr.line, `"${String(k).split('.').pop()}"`);
  }
  if (pr.code === 'plan.wrong-ticket') return lines.find(pr.line, '"ticket_id"');
  if (pr.code === 'plan.invalid-kind') return lines.find(pr.line, '"kind"');
  if (pr.code === 'plan.unexpected-accepted-plan') return lines.find(pr.line, '"accepted_plan"');
  return lines.extent(pr.line);
}
