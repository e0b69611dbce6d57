// Replays yoi's own history: cut each real thread just before an event yoi wrote, rebuild the
// Ticket as it was (as far as derivable), run the same mutation with the same author and clock,
// and compare bytes with the real files. The oracle is yoi's output in the corpus, never ours.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { corpusDir, requireShared } from '../helpers/shared';
import { corpusTickets, CorpusTicket, RawEvent } from './corpusEvents';
import { snapshotFromTexts } from '../../../src/core/workflow/freshReads';
import { frontMatterLine, lineKey, patchFrontMatter, splitFrontMatter } from '../../../src/core/workflow/frontMatterPatch';
import {
  planClose, planCreate, planMarkReady, planQueue, planRecordEvent, planReview, planStateChange, planAddRelation, planRecordPlan,
} from '../../../src/core/workflow/mutations';
import { fixedClock, sequenceClock, RecordLanguage } from '../../../src/core/workflow/ports';
import { sanitizeBody } from '../../../src/core/workflow/events';
import { idToDate } from '../../../src/core/ids';
import { formatRelationsFile } from '../../../src/core/workflow/relationsWriter';
import { RelationKind } from '../../../src/core/relations/relations';
import { PlanKind } from '../../../src/core/relations/plan';

const ROOT = join(corpusDir, '.yoi', 'tickets');

let cache: CorpusTicket[] | undefined;
const tickets = () => (cache ??= [...corpusTickets(ROOT)]);

/** The item.md before a mutation, derived from the final file: drop `remove` keys, set `set`. */
function itemBefore(final: string, set: Array<[string, string]>, remove: string[] = []): string {
  const { bom, lines, closing } = splitFrontMatter(final);
  const kept = lines.filter((l, i) => i === 0 || i >= closing || !remove.includes(lineKey(l.text) ?? ''));
  return patchFrontMatter(bom + kept.map((l) => l.text + l.eol).join(''), set);
}

const safe = (body: string | undefined) => body !== undefined && sanitizeBody(body).changes.length === 0;

interface Tally {
  eligible: number;
  matched: number;
  mismatches: string[];
  skipped: Record<string, number>;
}
const tally = (): Tally => ({ eligible: 0, matched: 0, mismatches: [], skipped: {} });
const skip = (t: Tally, why: string) => { t.skipped[why] = (t.skipped[why] ?? 0) + 1; };
function check(t: Tally, label: string, actual: string, expected: string) {
  t.eligible++;
  if (actual === expected) t.matched++;
  else t.mismatches.push(`${label}\n  expected ${JSON.stringify(expected.slice(0, 300))}\n  actual   ${JSON.stringify(actual.slice(0, 300))}`);
}
function report(ctx: { diagnostic(s: string): void }, name: string, t: Tally) {
  ctx.diagnostic(`${name}: ${t.matched}/${t.eligible} byte-exact; skipped ${JSON.stringify(t.skipped)}`);
  for (const m of t.mismatches.slice(0, 5)) ctx.diagnostic(m);
}

test('replay: every modern ready → queued event (thread bytes + queued_* lines)', (ctx) => {
  if (!requireShared(ctx, ROOT)) return;
  const th = tally();
  const fm = tally();
  for (const tk of tickets()) {
    const queues = tk.events.filter((e) => e.kind === 'state_changed' && e.attrs.from === 'ready' && e.attrs.to === 'queued' && e.attrs.reason === 'queued');
    for (const e of queues) {
      if (e.attrs.field !== 'state') { skip(th, 'legacy field: workflow_state'); continue; }
      const lang: RecordLanguage = e.body?.includes('queued にしました') ? 'ja' : 'en';
      const first = queues.filter((q) => q.attrs.field === 'state')[0] === e;
      const before = itemBefore(tk.item, [['state', 'ready'], ['updated_at', '2000-01-01T00:00:00Z']], first ? ['queued_by', 'queued_at'] : []);
      const s = snapshotFromTexts(ROOT, tk.id, before);
      const plan = planQueue(s, { queuedBy: e.attrs.author }, [], { clock: fixedClock(e.attrs.at), language: lang });
      check(th, `${tk.id} event ${e.index}`, plan.threadAppend, e.text);
      const out = plan.item!;
      assert.equal(frontMatterLine(out, 'state'), "state: 'queued'");
      assert.equal(frontMatterLine(out, 'updated_at'), `updated_at: '${e.attrs.at}'`);
      // The last queue of a Ticket is what its final item.md still shows (queued_* are never cleared).
      if (e === queues[queues.length - 1]) {
        check(fm, `${tk.id} queued_by/queued_at`, [frontMatterLine(out, 'queued_by'), frontMatterLine(out, 'queued_at')].join('\n'),
          [frontMatterLine(tk.item, 'queued_by'), frontMatterLine(tk.item, 'queued_at')].join('\n'));
      }
    }
  }
  report(ctx, 'queue thread', th);
  report(ctx, 'queue front matter', fm);
  assert.ok(th.eligible >= 180, `expected ~183 modern queue events, found ${th.eligible}`);
  assert.deepEqual(th.mismatches, []);
  assert.deepEqual(fm.mismatches, []);
});
