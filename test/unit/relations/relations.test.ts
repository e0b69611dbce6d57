import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusDir, requireShared } from '../helpers/shared';
import { parseRelations, INVERSE_RELATION_NAME } from '../../../src/core/relations/relations';
import { parsePlanRecords } from '../../../src/core/relations/plan';
import { activeBlockers, computeBlockers } from '../../../src/core/relations/blockers';
import type { Relation } from '../../../src/core/relations/relations';
import type { TicketState } from '../../../src/core/states';

const ticketsRoot = join(corpusDir, '.yoi', 'tickets');
const A = '00001KVFDX9AY';
const B = '00001KV5W3PHW';
const C = '00001KV5W3PJ3';

test('corpus plan records: 134 files, 222 records, kinds and authors of §7.2, no problems', (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  let files = 0;
  const kinds = new Map<string, number>();
  const authors = new Map<string, number>();
  let total = 0;
  let withNote = 0;
  for (const id of readdirSync(ticketsRoot)) {
    const f = join(ticketsRoot, id, 'artifacts', 'orchestration-plan.jsonl');
    if (!existsSync(f)) continue;
    files++;
    const r = parsePlanRecords(readFileSync(f, 'utf8'), f, id);
    assert.deepEqual(r.problems, [], id);
    for (const rec of r.records) {
      total++;
      kinds.set(rec.kind, (kinds.get(rec.kind) ?? 0) + 1);
      authors.set(rec.author, (authors.get(rec.author) ?? 0) + 1);
      if (rec.kind === 'accepted_plan') {
        assert.ok(rec.acceptedPlan?.summary && rec.acceptedPlan.branch && rec.acceptedPlan.worktree && rec.acceptedPlan.rolePlan, rec.id);
        if (rec.note) withNote++;
      }
      assert.match(rec.id, /^orch-plan-\d{8}-\d{6}-\d+$/);
    }
  }
  assert.equal(files, 134);
  assert.equal(total, 222);
  assert.deepEqual(Object.fromEntries(kinds), { accepted_plan: 129, waiting_capacity_note: 43, blocked_by: 27, after: 11, before: 4, conflicts_with: 4, do_not_parallelize: 4 });
  assert.deepEqual(Object.fromEntries(authors), { 'yoi-orchestrator': 138, orchestrator: 84 });
  assert.equal(withNote, 20);
});

test('plan records: a bad line is located and the others are kept', () => {
  const ok = JSON.stringify({ id: 'orch-plan-20260716-192724-1', ticket_id: A, kind: 'waiting_capacity_note', note: 'wait', author: 'o', at: '2026-07-16T19:27:24Z' });
  const text = [ok, '', '{not json', JSON.stringify({ id: 'x', ticket_id: A, kind: 'after', author: 'o', at: 't', extra: 1 }), JSON.stringify({ id: 'y', ticket_id: A, kind: 'blocked_by', author: 'o', at: 't', accepted_plan: { summary: 's' } })].join('\n');
  const r = parsePlanRecords(text, 'plan.jsonl', A);
  assert.equal(r.records.length, 3);
  assert.deepEqual(r.problems.map((p) => `${p.code}@${p.line}`), ['plan.invalid-json@3', 'plan.unknown-key@4', 'plan.missing-field@4', 'plan.missing-field@5', 'plan.unexpected-accepted-plan@5']);
});

test('relations.json validation (§7.1) with located problems', () => {
  const rel = (o: object) => ({ ticket_id: A, kind: 'depends_on', target: B, author: 'yoi ticket', at: '2026-06-19T07:54:32Z', ...o });
  const text = JSON.stringify({ version: 1, relations: [rel({}), rel({ kind: 'related', note: 'n' }), rel({}), rel({ target: A }), rel({ kind: 'parent_of' }), rel({ target: 'nope' }), rel({ colour: 'x', target: C })] }, null, 2);
  const r = parseRelations(text, 'relations.json', A);
  assert.deepEqual(r.relations.map((x) => `${x.kind}:${x.target}`), [`depends_on:${B}`, `related:${B}`, `depends_on:${C}`]);
  assert.deepEqual(r.problems.map((p) => p.code), ['relations.duplicate', 'relations.self', 'relations.invalid-kind', 'relations.invalid-target', 'relations.unknown-key']);
  const lines = text.split('\n');
  for (const p of r.problems) assert.equal(lines[p.line - 1].trim(), '{', p.code);
  assert.equal(r.relations[0].line, 4);
  const v2 = parseRelations('{"version":2,"relations":[]}', 'f', A);
  assert.deepEqual(v2.problems.map((p) => p.code), ['relations.unsupported-version']);
  const broken = parseRelations('{\n  "version": 1,\n  "relations": [\n}', 'f', A);
  assert.equal(broken.problems[0].code, 'relations.invalid-json');
  assert.equal(broken.problems[0].line, 4);
  assert.equal(INVERSE_RELATION_NAME.depends_on, 'dependency_of');
  assert.equal(INVERSE_RELATION_NAME.blocks, 'blocked_by');
});

test('blockers: depends_on out, blocks in, missing = planning, active = not queued/inprogress', () => {
  const r = (ticketId: string, kind: Relation['kind'], target: string): Relation => ({ ticketId, kind, target, author: 'a', at: 't', line: 1 });
  const states: Record<string, TicketState> = { D1: 'done', P1: 'planning', Q1: 'queued', I1: 'inprogress', C1: 'closed', S1: 'ready' };
  const out = [r('X', 'depends_on', 'D1'), r('X', 'depends_on', 'P1'), r('X', 'depends_on', 'Q1'), r('X', 'depends_on', 'GONE'), r('X', 'related', 'S1')];
  const incoming = [r('I1', 'blocks', 'X'), r('C1', 'blocks', 'X'), r('S1', 'related', 'X')];
  const b = computeBlockers(out, incoming, (id) => states[id]);
  assert.deepEqual(b.map((x) => [x.id, x.via, x.state, x.missing]), [
    ['P1', 'depends_on', 'planning', false], ['Q1', 'depends_on', 'queued', false], ['GONE', 'depends_on', 'planning', true], ['I1', 'blocks', 'inprogress', false],
  ]);
  assert.deepEqual(activeBlockers(b).map((x) => x.id), ['P1', 'GONE']);
});
