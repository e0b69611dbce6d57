// Builds the Ticket view snapshot (model.ts) from one ticket's files. `buildTicketView` is pure
// (texts in, snapshot out) so the bench can time it on any thread; `readTicketView` reads the
// files of a ticket in a TicketStore and resolves the other tickets it mentions.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { idToDate } from '../ids';
import { Problem, problem } from '../problems';
import { isTicketState, stateRank, TicketState } from '../states';
import { HIDDEN_FIELDS, READINESS_VOCABULARY } from '../ticket/fields';
import { parseItem } from '../ticket/item';
import { outlineBody } from '../ticket/outline';
import { parseThread, ThreadEvent } from '../thread/thread';
import { computeBlockers } from '../relations/blockers';
import { INVERSE_RELATION_NAME, parseRelations, Relation } from '../relations/relations';
import { parsePlanRecords } from '../relations/plan';
import { ticketPaths, TicketPaths } from '../store/paths';
import type { TicketStore } from '../store/ticketStore';
import { parsePacket, parseRouting } from './intentPacket';
import type {
  ArtifactKind, ArtifactView, IntentPacketCard, ProblemArea, ProblemView, RelationView, ReviewView, TicketRefView,
  TicketViewSnapshot, TimelineEntry,
} from './model';
import { TICKET_VIEW_SCHEMA } from './model';
import { looksLikeTicketId } from './markdown';
import { relativeTime } from './time';

/** What another ticket looks like from this one (undefined = no such ticket). */
export type TicketLookup = (id: string) => { title?: string; state?: TicketState | null } | undefined;

export interface TicketViewInput {
  id: string;
  storeRoot: string;
  workspaceRoot?: string;
  /** Defaults to the standard layout under `storeRoot`. */
  paths?: TicketPaths;
  /** undefined = the file does not exist. */
  itemText?: string;
  threadText?: string;
  resolutionText?: string;
  relationsText?: string;
  planText?: string;
  delegationIntentText?: string;
  /** Files under artifacts/ (excluding `.gitkeep`); undefined = no artifacts/ folder. */
  artifacts?: { path: string; bytes: number }[];
  /** Relations stored in other tickets that target this one. */
  incoming?: Relation[];
  lookup?: TicketLookup;
  /** State of this ticket in the orchestration worktree copy. */
  overlay?: { state: string; updatedAt?: string; storeRoot: string };
  language?: 'ja' | 'en';
  now?: Date;
}

const KNOWN_FIELDS = new Set(['title', 'state', 'created_at', 'updated_at', 'assignee', 'readiness', 'risk_flags', 'queued_by', 'queued_at', 'priority', ...HIDDEN_FIELDS]);
// Plausible ticket IDs (2000…2200) all start with `0000`: a literal prefix keeps a 5 MB scan cheap.
const ID_SCAN_RE = /(?<![0-9A-Za-z])0000[0-9A-HJKMNP-TV-Z]{9}(?![0-9A-Za-z])/g;

export function buildTicketView(input: TicketViewInput): TicketViewSnapshot {
  const { id, storeRoot } = input;
  const paths = input.paths ?? ticketPaths(storeRoot, id);
  const now = input.now ?? new Date();
  const lookup: TicketLookup = input.lookup ?? (() => undefined);
  const rawProblems: Problem[] = [];
  const texts: Record<string, string | undefined> = {
    [paths.item]: input.itemText, [paths.thread]: input.threadText, [paths.resolution]: input.resolutionText,
    [paths.relations]: input.relationsText, [paths.plan]: input.planText,
  };

  // ---- item.md --------------------------------------------------------------------------------
  const item = input.itemText !== undefined ? parseItem(input.itemText, paths.item) : undefined;
  if (item) rawProblems.push(...item.problems);
  else rawProblems.push(problem(paths.item, 1, 'error', 'ticket.missing-item', 'item.md is missing'));
  const f = item?.fields;
  const body = item?.body ?? '';
  const bodyStartLine = item?.bodyStartLine ?? 1;
  const idDate = idToDate(id);
  const extraFields = item
    ? Object.entries(item.data).filter(([k]) => !KNOWN_FIELDS.has(k)).map(([key, v]) => ({ key, value: fieldText(v) }))
    : [];
  const state = f?.state;

  // ---- thread.md ------------------------------------------------------------------------------
  const thread = input.threadText !== undefined ? parseThread(input.threadText, paths.thread) : undefined;
  if (thread) rawProblems.push(...thread.problems);
  else rawProblems.push(problem(paths.thread, 1, 'error', 'ticket.missing-thread', 'thread.md is missing (yoi doctor reports it)'));
  const events: ThreadEvent[] = thread?.events ?? [];
  const firstClose = events.findIndex((e) => e.kind === 'close');
  const packets: IntentPacketCard[] = [];
  const timeline: TimelineEntry[] = events.map((e) => {
    const entry: TimelineEntry = {
      index: e.index, kind: e.kind, rawKind: e.rawKind, line: e.markerLine, attrs: e.attrs, body: e.body, problems: [],
    };
    if (e.heading !== undefined) entry.heading = e.heading;
    if (e.author !== undefined) entry.author = e.author;
    if (e.at !== undefined) {
      entry.at = e.at;
      const ago = relativeTime(e.at, now.getTime(), 'en');
      if (ago) entry.ago = ago;
    }
    if (e.bodyStartLine !== undefined) entry.bodyLine = e.bodyStartLine;
    if (e.kind === 'state_changed' || e.kind === 'status_changed' || (e.from !== undefined && e.to !== undefined)) {
      entry.stateChange = { field: e.field ?? (e.kind === 'status_changed' ? 'status' : 'state') };
      if (e.from !== undefined) entry.stateChange.from = e.from;
      if (e.to !== undefined) entry.stateChange.to = e.to;
      if (e.reason !== undefined) entry.stateChange.reason = e.reason;
    }
    if (e.kind === 'review') entry.review = reviewOf(e);
    if (e.kind === 'decision' || e.kind === 'plan') {
      const parsed = parsePacket(e.body, e.bodyStartLine ?? e.markerLine);
      if (parsed.routing) entry.routing = parsed.routing;
      if (parsed.hasIntent) {
        entry.packet = packets.length;
        const card: IntentPacketCard = {
          source: 'thread', file: paths.thread, line: e.markerLine, eventIndex: e.index, eventKind: e.kind,
          current: false, sections: parsed.sections, raw: e.body,
        };
        if (e.author !== undefined) card.author = e.author;
        if (e.at !== undefined) card.at = e.at;
        if (parsed.routing) card.routing = parsed.routing;
        packets.push(card);
      }
    }
    if (firstClose >= 0 && e.index > firstClose) entry.afterClose = true;
    return entry;
  });
  if (input.delegationIntentText !== undefined) {
    const file = join(paths.artifacts, 'delegation-intent.md');
    const parsed = parsePacket(input.delegationIntentText, 1);
    if (parsed.hasIntent) {
      // Older tickets (2026-06-01 … 06-06) kept the packet as an artifact; it predates the thread's.
      packets.unshift({ source: 'artifact', file, line: 1, current: false, sections: parsed.sections, raw: input.delegationIntentText });
      for (const t of timeline) if (t.packet !== undefined) t.packet++;
    }
  }
  let current: number | undefined;
  for (let i = packets.length - 1; i >= 0 && current === undefined; i--) if (packets[i].eventKind === 'decision') current = i;
  for (let i = packets.length - 1; i >= 0 && current === undefined; i--) if (packets[i].source === 'thread') current = i;
  if (current === undefined && packets.length) current = packets.length - 1;
  if (current !== undefined) packets[current].current = true;
  let latestRouting: TicketViewSnapshot['intent']['routing'];
  for (let i = timeline.length - 1; i >= 0 && !latestRouting; i--) {
    const r = timeline[i].routing;
    if (r) latestRouting = { ...r, eventIndex: i, ...(timeline[i].at ? { at: timeline[i].at } : {}) };
  }
  const countsByKind: Record<string, number> = {};
  for (const e of timeline) countsByKind[e.kind] = (countsByKind[e.kind] ?? 0) + 1;

  // ---- relations / blockers -------------------------------------------------------------------
  const rel = input.relationsText !== undefined ? parseRelations(input.relationsText, paths.relations, id) : undefined;
  if (rel) rawProblems.push(...rel.problems);
  const outgoingRel = rel?.relations ?? [];
  const incomingRel = input.incoming ?? [];
  const stateOf = (t: string) => {
    const o = lookup(t);
    return o ? o.state ?? null : undefined;
  };
  const blockers = computeBlockers(outgoingRel, incomingRel, stateOf);
  const blockingKey = new Set(blockers.map((b) => `${b.via}:${b.id}`));
  const relView = (r: Relation, direction: 'outgoing' | 'incoming'): RelationView => {
    const other = direction === 'outgoing' ? r.target : r.ticketId;
    const o = lookup(other);
    const v: RelationView = {
      direction, kind: r.kind, label: direction === 'outgoing' ? r.kind : INVERSE_RELATION_NAME[r.kind] ?? r.kind, other,
      otherExists: o !== undefined,
      blocking: (direction === 'outgoing' && r.kind === 'depends_on' && blockingKey.has(`depends_on:${other}`))
        || (direction === 'incoming' && r.kind === 'blocks' && blockingKey.has(`blocks:${other}`)),
    };
    if (o?.title !== undefined) v.otherTitle = o.title;
    if (o?.state) v.otherState = o.state;
    if (r.note !== undefined) v.note = r.note;
    if (r.author) v.author = r.author;
    if (r.at) v.at = r.at;
    if (direction === 'outgoing' && !o && input.lookup) {
      rawProblems.push(problem(paths.relations, r.line, 'error', 'relations.dangling-target', `${r.kind} target ${r.target} does not exist`, { kind: r.kind, target: r.target }));
    }
    return v;
  };
  const outgoing = outgoingRel.map((r) => relView(r, 'outgoing'));
  const incoming = incomingRel.map((r) => relView(r, 'incoming'));

  // ---- plan records ---------------------------------------------------------------------------
  const plan = input.planText !== undefined ? parsePlanRecords(input.planText, paths.plan, id) : undefined;
  if (plan) rawProblems.push(...plan.problems);
  const plans = (plan?.records ?? []).map((p) => {
    const v: TicketViewSnapshot['plans'][number] = { kind: p.kind, line: p.line, id: p.id };
    if (p.relatedTicket !== undefined) {
      v.relatedTicket = p.relatedTicket;
      const t = lookup(p.relatedTicket)?.title;
      if (t !== undefined) v.relatedTitle = t;
    }
    if (p.note !== undefined) v.note = p.note;
    if (p.acceptedPlan) {
      const a = p.acceptedPlan;
      v.acceptedPlan = { summary: a.summary };
      if (a.branch !== undefined) v.acceptedPlan.branch = a.branch;
      if (a.worktree !== undefined) v.acceptedPlan.worktree = a.worktree;
      if (a.rolePlan !== undefined) v.acceptedPlan.rolePlan = a.rolePlan;
    }
    if (p.author) v.author = p.author;
    if (p.at) v.at = p.at;
    return v;
  });

  // ---- artifacts / resolution -----------------------------------------------------------------
  if (input.artifacts === undefined && item) {
    rawProblems.push(problem(paths.artifacts, 1, 'error', 'ticket.missing-artifacts', 'artifacts/ folder is missing (yoi doctor reports it)'));
  }
  const artifacts: ArtifactView[] = (input.artifacts ?? [])
    .map((a) => ({ path: a.path, file: join(paths.artifacts, ...a.path.split('/')), bytes: a.bytes, kind: artifactKind(a.path) }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const a of artifacts) {
    if (a.path.split('/').includes('..')) rawProblems.push(problem(a.file, 1, 'error', 'artifacts.parent-path', 'Artifact path contains `..`'));
  }
  let resolution: TicketViewSnapshot['resolution'];
  if (input.resolutionText !== undefined) {
    const t = input.resolutionText;
    resolution = {
      file: paths.resolution, markdown: t, bytes: Buffer.byteLength(t, 'utf8'),
      legacyFrontMatter: /^---\r?\n(?:[^\n]*\n)*?(?:id|slug|status):/.test(t.slice(0, 4000)),
    };
  } else if (state === 'closed') {
    rawProblems.push(problem(paths.item, item?.keyLines.state ?? 1, 'warning', 'ticket.closed-without-resolution', 'Ticket is closed but has no resolution.md'));
  }

  // ---- problems, located ----------------------------------------------------------------------
  const lineCache = new Map<string, string[]>();
  const problems: ProblemView[] = rawProblems.map((p) => {
    const v: ProblemView = { area: areaOf(p.file, paths), severity: p.severity, code: p.code, message: p.message, file: p.file, line: p.line };
    if (p.column !== undefined) v.column = p.column;
    if (p.params) v.params = p.params;
    const text = texts[p.file];
    if (text !== undefined) {
      let lines = lineCache.get(p.file);
      if (!lines) lineCache.set(p.file, (lines = text.split('\n')));
      const first = Math.max(1, p.line - 1);
      const last = Math.min(lines.length, p.line + 5);
      v.raw = { firstLine: first, text: lines.slice(first - 1, last).map((l) => (l.length > 400 ? `${l.slice(0, 400)}…` : l)).join('\n') };
    }
    if (p.file === paths.thread) {
      const ev = findEvent(events, p.line);
      if (ev) {
        v.eventIndex = ev.index;
        timeline[ev.index].problems.push(v);
      }
    }
    return v;
  });

  // ---- other tickets mentioned ----------------------------------------------------------------
  const refs: Record<string, TicketRefView> = {};
  const seen = new Set<string>([id]);
  const addRef = (t: string) => {
    if (seen.has(t)) return;
    seen.add(t);
    if (!looksLikeTicketId(t)) return;
    const o = lookup(t);
    if (!o) return;
    const r: TicketRefView = {};
    if (o.title !== undefined) r.title = o.title;
    if (o.state) r.state = o.state;
    refs[t] = r;
  };
  const scan = (s: string | undefined) => { if (s) for (const m of s.matchAll(ID_SCAN_RE)) addRef(m[0]); };
  scan(body);
  for (const e of timeline) scan(e.body);
  for (const r of [...outgoing, ...incoming]) { addRef(r.other); scan(r.note); }
  for (const p of plans) { if (p.relatedTicket) addRef(p.relatedTicket); scan(p.note); scan(p.acceptedPlan?.summary); scan(p.acceptedPlan?.rolePlan); }
  for (const b of blockers) addRef(b.id);
  scan(resolution?.markdown);
  if (input.delegationIntentText) scan(input.delegationIntentText);

  const snapshot: TicketViewSnapshot = {
    schema: TICKET_VIEW_SCHEMA,
    generatedAt: now.toISOString(),
    ticket: {
      id, dir: paths.dir, storeRoot,
      files: {
        item: paths.item,
        ...(thread ? { thread: paths.thread } : {}),
        ...(resolution ? { resolution: paths.resolution } : {}),
        ...(input.artifacts ? { artifacts: paths.artifacts } : {}),
      },
      ...(input.workspaceRoot ? { workspaceRoot: input.workspaceRoot } : {}),
    },
    header: {
      id,
      stateSource: f?.stateSource ?? 'default',
      readinessKnown: f?.readiness === undefined || (READINESS_VOCABULARY as readonly string[]).includes(f.readiness),
      riskFlags: f?.riskFlags ?? [],
      extraFields,
    },
    body: {
      file: paths.item, markdown: body, startLine: bodyStartLine, bytes: Buffer.byteLength(body, 'utf8'),
      outline: outlineBody(body, bodyStartLine).map((o) => ({
        title: o.heading, line: o.line, bodyLine: o.line - bodyStartLine, ...(o.section ? { kind: o.section } : {}),
      })),
    },
    timeline: {
      ...(thread ? { file: paths.thread } : {}),
      bytes: input.threadText !== undefined ? Buffer.byteLength(input.threadText, 'utf8') : 0,
      events: timeline, countsByKind,
    },
    intent: { packets, ...(current !== undefined ? { current } : {}), ...(latestRouting ? { routing: latestRouting } : {}) },
    relations: {
      outgoing, incoming,
      blockers: blockers.map((b) => {
        const o = lookup(b.id);
        return { ticket: b.id, state: b.state, via: b.via, active: b.state !== 'queued' && b.state !== 'inprogress', ...(o?.title !== undefined ? { title: o.title } : {}) };
      }),
    },
    plans,
    artifacts,
    ...(resolution ? { resolution } : {}),
    problems,
    refs,
  };
  const h = snapshot.header;
  if (f?.title !== undefined) h.title = f.title;
  if (state) { h.state = state; h.stateRank = stateRank(state); }
  else if (item && typeof item.data.state === 'string') h.state = item.data.state;
  if (idDate) h.idTime = idDate.toISOString();
  if (f?.createdAt !== undefined) h.createdAt = f.createdAt;
  if (f?.updatedAt !== undefined) h.updatedAt = f.updatedAt;
  if (f?.readiness !== undefined) h.readiness = f.readiness;
  if (f?.queuedBy !== undefined) h.queuedBy = f.queuedBy;
  if (f?.queuedAt !== undefined) h.queuedAt = f.queuedAt;
  if (f?.priority !== undefined) h.priority = f.priority;
  if (f?.assignee !== undefined) h.assignee = f.assignee;
  if (input.language) h.language = input.language;
  if (input.overlay && input.overlay.state !== h.state) {
    const o = input.overlay;
    h.overlay = {
      state: o.state, storeRoot: o.storeRoot,
      ahead: isTicketState(o.state) && (state === undefined || stateRank(o.state) > stateRank(state)),
      ...(o.updatedAt ? { updatedAt: o.updatedAt } : {}),
    };
  }
  return snapshot;
}

function fieldText(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map((x) => String(x)).join(', ')}]`;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function reviewOf(e: ThreadEvent): ReviewView {
  const norm = (s: string | undefined) => s?.trim().toLowerCase().replace(/[\s-]+/g, '_');
  const status = norm(e.status);
  if (status === 'approve' || status === 'request_changes') return { verdict: status, source: 'status' };
  const result = norm(e.attrs.result);
  if (result === 'approve' || result === 'approved' || result === 'request_changes') {
    return { verdict: result === 'approved' ? 'approve' : result, source: 'result', raw: e.attrs.result };
  }
  const h = e.heading?.toLowerCase() ?? '';
  if (/^review:\s*approve/.test(h)) return { verdict: 'approve', source: 'heading', raw: e.heading };
  if (/^review:\s*request[_ ]changes/.test(h)) return { verdict: 'request_changes', source: 'heading', raw: e.heading };
  return { verdict: 'unknown', source: 'missing', ...(e.status ? { raw: e.status } : {}) };
}

function findEvent(events: ThreadEvent[], line: number): ThreadEvent | undefined {
  // Events are in file order: binary search on marker lines.
  let lo = 0, hi = events.length - 1, found: ThreadEvent | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid].markerLine <= line) { found = events[mid]; lo = mid + 1; } else hi = mid - 1;
  }
  return found && line <= found.endLine ? found : undefined;
}

function areaOf(file: string, p: TicketPaths): ProblemArea {
  if (file === p.item) return 'item';
  if (file === p.thread) return 'thread';
  if (file === p.relations) return 'relations';
  if (file === p.plan) return 'plans';
  if (file === p.resolution) return 'resolution';
  if (file.startsWith(p.artifacts)) return 'artifacts';
  return 'store';
}

function artifactKind(path: string): ArtifactKind {
  const name = path.split('/').pop() ?? path;
  if (name === 'relations.json') return 'relations';
  if (name === 'orchestration-plan.jsonl') return 'plan';
  if (name === 'delegation-intent.md') return 'delegationIntent';
  if (/review/i.test(name)) return 'review';
  if (/report/i.test(name)) return 'report';
  if (/decision/i.test(name)) return 'decision';
  return 'other';
}

// ---- reading from disk ----------------------------------------------------------------------------

const readText = (p: string): string | undefined => {
  try {
    return readFileSync(p, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
    throw e;
  }
};

/** Files under `artifacts/`, recursively, `/`-separated, without `.gitkeep`; undefined when the folder is missing. */
export function listArtifacts(dir: string): { path: string; bytes: number }[] | undefined {
  const out: { path: string; bytes: number }[] = [];
  const walk = (d: string, depth: number) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) { if (depth < 8) walk(p, depth + 1); continue; }
      if (e.name === '.gitkeep') continue;
      let bytes = 0;
      try { bytes = statSync(p).size; } catch { continue; }
      out.push({ path: relative(dir, p).split(sep).join('/'), bytes });
    }
  };
  try {
    if (!statSync(dir).isDirectory()) return undefined;
  } catch {
    return undefined;
  }
  walk(dir, 0);
  return out;
}

export interface ReadTicketViewOptions {
  /** The orchestration worktree's copy of the store, for the state overlay. */
  orchestration?: TicketStore;
  workspaceRoot?: string;
  language?: 'ja' | 'en';
  now?: Date;
}

/** Reads one ticket of a loaded store and builds its snapshot. Throws only on unexpected I/O errors. */
export function readTicketView(store: TicketStore, id: string, opts: ReadTicketViewOptions = {}): TicketViewSnapshot {
  const paths = store.paths(id);
  const lookup: TicketLookup = (t) => {
    const s = store.summary(t);
    return s ? { title: s.title, state: s.state ?? null } : undefined;
  };
  const artifacts = listArtifacts(paths.artifacts);
  const input: TicketViewInput = {
    id, storeRoot: store.root, paths, lookup,
    itemText: readText(paths.item), threadText: readText(paths.thread), resolutionText: readText(paths.resolution),
    relationsText: readText(paths.relations), planText: readText(paths.plan),
    artifacts, incoming: store.relationsIn(id),
  };
  if (artifacts?.some((a) => a.path === 'delegation-intent.md')) input.delegationIntentText = readText(join(paths.artifacts, 'delegation-intent.md'));
  if (opts.workspaceRoot) input.workspaceRoot = opts.workspaceRoot;
  if (opts.language) input.language = opts.language;
  if (opts.now) input.now = opts.now;
  const orch = opts.orchestration?.summary(id);
  if (orch?.state) input.overlay = { state: orch.state, storeRoot: opts.orchestration!.root, ...(orch.updatedAt ? { updatedAt: orch.updatedAt } : {}) };
  return buildTicketView(input);
}

/**
 * Bench hook: builds a snapshot for a bare thread (with a minimal item.md), so the cost of
 * parsing + packet extraction + problem location can be timed on real and synthetic threads.
 */
export function buildSnapshotForThread(threadText: string, opts: { id?: string; storeRoot?: string; now?: Date } = {}): TicketViewSnapshot {
  const id = opts.id ?? '00001KT6Q08R9';
  return buildTicketView({
    id, storeRoot: opts.storeRoot ?? '/bench/.yoi/tickets', now: opts.now,
    itemText: `---\ntitle: 'bench'\nstate: 'planning'\ncreated_at: '2026-06-03T12:23:17Z'\nupdated_at: '2026-06-03T12:23:17Z'\n---\n\n## Background\n\nbench\n`,
    threadText, artifacts: [],
  });
}
