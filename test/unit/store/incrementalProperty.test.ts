// Property: any sequence of edits, each reported to applyChanges with the paths a file watcher
// would report, leaves the index equal to a cold rebuild of the same files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { corpusDir, requireShared } from '../helpers/shared';
import { TicketStore } from '../../../src/core/store/ticketStore';
import { TICKET_STATES } from '../../../src/core/states';
import { RELATION_KINDS } from '../../../src/core/relations/relations';

const ticketsRoot = join(corpusDir, '.yoi', 'tickets');
// A connected subset: dependency chains plus unrelated tickets.
const SEED = ['00001KV5W3PHA', '00001KV5W3PHW', '00001KV5W3PJ3', '00001KVFDX9AY', '00001KVG0HR96', '00001KXMK846H', '00001KXNYXNM6', '00001KY1ZKCPC'];
const NEW_IDS = ['00001KZ00000A', '00001KZ00000B', '00001KZ00000C'];
const POOL = [...SEED, ...NEW_IDS];

type Op =
  | { op: 'state'; t: number; state: string }
  | { op: 'title'; t: number; title: string }
  | { op: 'corrupt'; t: number }
  | { op: 'delete'; t: number }
  | { op: 'create'; t: number; state: string }
  | { op: 'relations'; t: number; rels: Array<{ kind: string; target: number }> }
  | { op: 'dropRelations'; t: number }
  | { op: 'thread'; t: number }
  | { op: 'removeItem'; t: number }
  | { op: 'deleteReportRoot'; t: number };

const idx = fc.nat({ max: POOL.length - 1 });
const stateArb = fc.constantFrom(...TICKET_STATES, 'bogus');
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('state' as const), t: idx, state: stateArb }),
  fc.record({ op: fc.constant('title' as const), t: idx, title: fc.string({ maxLength: 20 }) }),
  fc.record({ op: fc.constant('corrupt' as const), t: idx }),
  fc.record({ op: fc.constant('delete' as const), t: idx }),
  fc.record({ op: fc.constant('create' as const), t: idx, state: stateArb }),
  fc.record({ op: fc.constant('relations' as const), t: idx, rels: fc.array(fc.record({ kind: fc.constantFrom(...RELATION_KINDS), target: idx }), { maxLength: 4 }) }),
  fc.record({ op: fc.constant('dropRelations' as const), t: idx }),
  fc.record({ op: fc.constant('thread' as const), t: idx }),
  fc.record({ op: fc.constant('removeItem' as const), t: idx }),
  // Watchers may coalesce a folder deletion into an event on the root itself.
  fc.record({ op: fc.constant('deleteReportRoot' as const), t: idx }),
);

const yamlQuote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Applies an op to the files and returns the paths a watcher would report. */
function apply(root: string, o: Op): string[] {
  const id = POOL[o.t];
  const dir = join(root, id);
  const item = join(dir, 'item.md');
  const rel = join(dir, 'artifacts', 'relations.json');
  const setKey = (key: string, value: string) => {
    if (!existsSync(item)) return [];
    const text = readFileSync(item, 'utf8');
    const lines = text.split('\n');
    const end = lines.indexOf('---', 1);
    if (end < 0) return [];
    const i = lines.findIndex((l, n) => n > 0 && n < end && l.slice(0, l.indexOf(':')).trim() === key);
    if (i >= 0) lines[i] = `${key}: ${value}`;
    else lines.splice(end, 0, `${key}: ${value}`);
    writeFileSync(item, lines.join('\n'));
    return [item];
  };
  switch (o.op) {
    case 'state':
      return setKey('state', yamlQuote(o.state));
    case 'title':
      return setKey('title', yamlQuote(o.title));
    case 'corrupt':
      if (!existsSync(dir)) return [];
      writeFileSync(item, "---\ntitle: 'unterminated\n---\n");
      return [item];
    case 'delete':
      if (!existsSync(dir)) return [];
      rmSync(dir, { recursive: true, force: true });
      return [dir];
    case 'create':
      mkdirSync(join(dir, 'artifacts'), { recursive: true });
      writeFileSync(item, `---\ntitle: 'created'\nstate: ${yamlQuote(o.state)}\ncreated_at: '2026-08-01T00:00:00Z'\nupdated_at: '2026-08-01T00:00:00Z'\n---\n\nbody\n`);
      return [dir, join(dir, 'artifacts'), item];
    case 'relations': {
      if (!existsSync(dir)) return [];
      mkdirSync(join(dir, 'artifacts'), { recursive: true });
      const relations = o.rels.map((r) => ({ ticket_id: id, kind: r.kind, target: POOL[r.target], author: 'p', at: '2026-08-01T00:00:00Z' }));
      writeFileSync(rel, JSON.stringify({ version: 1, relations }, null, 2) + '\n');
      return [rel];
    }
    case 'dropRelations':
      if (!existsSync(rel)) return [];
      rmSync(rel);
      return [rel];
    case 'thread':
      if (!existsSync(dir)) return [];
      writeFileSync(join(dir, 'thread.md'), '<!-- event: comment author: p at: 2026-08-01T00:00:00Z -->\n\n## Comment\n\nx\n\n---\n');
      return [join(dir, 'thread.md')];
    case 'removeItem':
      if (!existsSync(item)) return [];
      rmSync(item);
      return [item];
    case 'deleteReportRoot':
      rmSync(dir, { recursive: true, force: true });
      return [root];
  }
}

test('random edit sequences: incremental index == cold rebuild', (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  fc.assert(
    fc.property(fc.array(fc.array(opArb, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 12 }), (batches) => {
      const root = mkdtempSync(join(tmpdir(), 'yoi-prop-'));
      try {
        for (const id of SEED) cpSync(join(ticketsRoot, id), join(root, id), { recursive: true });
        const store = new TicketStore(root).loadSync();
        for (const batch of batches) {
          const paths = batch.flatMap((o) => apply(root, o));
          const before = new Set(store.ids());
          const cs = store.applyChanges(paths);
          const after = new Set(store.ids());
          // The change set agrees with the index contents.
          for (const id of cs.added) assert.ok(!before.has(id) && after.has(id));
          for (const id of cs.removed) assert.ok(before.has(id) && !after.has(id));
          assert.deepEqual(store.snapshot(), new TicketStore(root).loadSync().snapshot());
        }
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    }),
    { numRuns: 60 },
  );
});
