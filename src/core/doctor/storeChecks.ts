// Store-level doctor checks (spec §8.4): legacy bucket folders, duplicate IDs, folders without
// item.md, the legacy `TODO.md` and stray `*.md` files next to ticket folders, and
// depends_on/blocks cycles (which need every ticket's relations at once).
import { Dirent, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isId } from '../ids';
import { Relation } from '../relations/relations';
import { TicketStore } from '../store/ticketStore';
import { Finding, finding, Span, TextLines } from './finding';
import { jsonKeySpan } from './ticketChecks';

const LEGACY_BUCKETS = ['open', 'pending', 'closed'];
const POINT: Span = { line: 1, column: 1, endColumn: 1 };

const readDir = (dir: string): Dirent[] | undefined => {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
};
const readText = (p: string): string | undefined => {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
};

export function doctorStore(store: TicketStore): Finding[] {
  const out: Finding[] = [];
  const root = store.root;
  for (const p of store.problems) {
    if (p.code === 'store.unreadable-root') out.push(finding(p.code, p.file, POINT, { detail: p.message }));
  }
  const entries = readDir(root);
  if (entries) {
    const seen = new Map<string, string[]>();
    const note = (id: string, where: string) => {
      const list = seen.get(id) ?? [];
      list.push(where);
      seen.set(id, list);
    };
    for (const d of entries) {
      if (d.name.startsWith('.')) continue;
      if (!d.isDirectory() && !d.isSymbolicLink()) continue;
      const dir = join(root, d.name);
      if (LEGACY_BUCKETS.includes(d.name)) {
        out.push(finding('store.legacy-bucket', dir, POINT, { name: d.name }));
        // Tickets still inside a bucket can duplicate a flat ticket's ID.
        for (const b of readDir(dir) ?? []) if (b.isDirectory() && isId(b.name)) note(b.name, `${d.name}/${b.name}`);
        continue;
      }
      if (store.has(d.name)) note(d.name, d.name);
      else out.push(finding('store.folder-without-item', dir, POINT, { name: d.name }));
    }
    for (const [id, where] of seen) {
      if (where.length > 1) out.push(finding('store.duplicate-id', join(root, where[0]), POINT, { id, where: where.join(', ') }, store.has(id) ? id : undefined));
    }
  }
  // yoi looks at `<parent of the tickets root>/TODO.md` and `<parent>/tickets/*.md`.
  const parent = dirname(root);
  const todo = join(parent, 'TODO.md');
  const todoText = readText(todo);
  if (todoText !== undefined && todoText.includes('tickets/') && todoText.includes('.md')) {
    const lines = new TextLines(todoText);
    const line = Math.max(1, lines.lines.findIndex((l) => l.includes('tickets/')) + 1);
    out.push(finding('store.todo-mentions-tickets', todo, lines.find(line, 'tickets/')));
  }
  const ticketsDir = join(parent, 'tickets');
  for (const d of readDir(ticketsDir) ?? []) {
    if (d.isFile() && d.name.toLowerCase().endsWith('.md')) {
      const file = join(ticketsDir, d.name);
      out.push(finding('store.markdown-in-tickets-dir', file, new TextLines(readText(file) ?? '').extent(1), { name: d.name }));
    }
  }
  out.push(...relationCycles(store));
  return out;
}

/**
 * depends_on / blocks cycles. Edge A → B means "A waits for B": `A depends_on B`, or `B blocks A`.
 * Every relation whose two ends lie in the same strongly connected component is reported, on
 * the relation's line in its source ticket's relations.json.
 */
export function relationCycles(store: TicketStore): Finding[] {
  const edges = new Map<string, Array<{ to: string; rel: Relation }>>();
  const addEdge = (from: string, to: string, rel: Relation) => {
    let l = edges.get(from);
    if (!l) edges.set(from, (l = []));
    l.push({ to, rel });
  };
  for (const id of store.ids()) {
    for (const r of store.relationsOut(id)) {
      if (r.kind === 'depends_on') addEdge(r.ticketId, r.target, r);
      else if (r.kind === 'blocks') addEdge(r.target, r.ticketId, r);
    }
  }
  if (!edges.size) return [];
  const comp = stronglyConnected(edges);
  const out: Finding[] = [];
  const members = new Map<number, string[]>();
  for (const [id, c] of comp) {
    const l = members.get(c) ?? [];
    l.push(id);
    members.set(c, l);
  }
  const textCache = new Map<string, TextLines>();
  const linesOf = (file: string) => {
    let t = textCache.get(file);
    if (!t) textCache.set(file, (t = new TextLines(readText(file) ?? '')));
    return t;
  };
  for (const [from, list] of edges) {
    for (const { to, rel } of list) {
      const c = comp.get(from);
      if (c === undefined || c !== comp.get(to) || from === to) continue;
      const ring = (members.get(c) ?? []).sort();
      if (ring.length < 2) continue;
      const file = store.paths(rel.ticketId).relations;
      const path = cyclePath(edges, comp, from, to);
      out.push(finding('relations.cycle', file, jsonKeySpan(linesOf(file), rel.line, 'target'), { kind: rel.kind, target: rel.target, cycle: path.join(' → ') }, rel.ticketId));
    }
  }
  return out;
}

/** A shortest path to → … → from inside the component, closed into from → to → … → from. */
function cyclePath(edges: Map<string, Array<{ to: string }>>, comp: Map<string, number>, from: string, to: string): string[] {
  const c = comp.get(from);
  const prev = new Map<string, string>([[to, '']]);
  const queue = [to];
  while (queue.length) {
    const n = queue.shift()!;
    if (n === from) break;
    for (const e of edges.get(n) ?? []) {
      if (comp.get(e.to) !== c || prev.has(e.to)) continue;
      prev.set(e.to, n);
      queue.push(e.to);
    }
  }
  const back: string[] = [];
  for (let n: string | undefined = from; n; n = prev.get(n) || undefined) back.push(n);
  return [from, ...back.reverse()];
}

/** Tarjan's algorithm, iterative (no recursion limits on long chains). */
function stronglyConnected(edges: Map<string, Array<{ to: string }>>): Map<string, number> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const comp = new Map<string, number>();
  let counter = 0;
  let compCount = 0;
  const nodes = new Set<string>();
  for (const [k, l] of edges) {
    nodes.add(k);
    for (const e of l) nodes.add(e.to);
  }
  for (const start of [...nodes].sort()) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; i: number }> = [{ node: start, i: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const top = work[work.length - 1];
      const out = edges.get(top.node) ?? [];
      if (top.i < out.length) {
        const w = out[top.i++].to;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ node: w, i: 0 });
        } else if (onStack.has(w)) {
          low.set(top.node, Math.min(low.get(top.node)!, index.get(w)!));
        }
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        for (;;) {
          const w = stack.pop()!;
          onStack.delete(w);
          comp.set(w, compCount);
          if (w === top.node) break;
        }
        compCount++;
      }
    }
  }
  return comp;
}

