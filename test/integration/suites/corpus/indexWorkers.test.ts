// The index worker inside the real extension host: the bundled dist/indexWorker.js starts, reads
// the corpus's Ticket folders beside the host thread and hands back records equal to a
// single-thread read (the corpus is below the size where the extension shares a build, so the
// job is run directly on the extension's own pool).
import * as assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import type { YoiApi } from '../../../../src/extension';
import { TicketRecord, TicketStore } from '../../../../src/core/store/ticketStore';
import { runJob } from '../../../../src/core/store/indexWorkers';
import { api } from '../../util';

const pause = () => new Promise<void>((r) => setImmediate(r));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Index workers in the extension host (corpus)', () => {
  let yoi: YoiApi;

  before(async () => {
    yoi = await api<YoiApi>();
    await yoi.stores.ready();
  });

  it('the pool is idle after activating on a small store', () => {
    assert.equal(yoi.indexWorkers.size, Math.min(3, availableParallelism() - 1));
    assert.equal(yoi.indexWorkers.wants(352), false);
    assert.equal(yoi.indexWorkers.counters.started, 0);
  });

  it('a shared read of every ticket folder equals a single-thread read', async () => {
    const pool = yoi.indexWorkers;
    assert.ok(pool.size >= 1, 'CI machines have two cores: one worker beside the host thread');
    // The oracle: a single-thread read of the same folders now (earlier suites edit the copy).
    const store = new TicketStore(yoi.stores.all()[0].main.root).loadSync();
    const ids = [...store.ids()];
    const oracle = new Map([...store.cacheRecords()].map((r) => [r.id, r]));
    assert.ok(ids.length >= 352);
    pool.warmUp();
    await sleep(500); // started and waiting for a job
    let byWorker = 0;
    for (let attempt = 0; attempt < 10 && byWorker === 0; attempt++) {
      const got = new Map<string, TicketRecord>();
      await runJob(pool.read(store.root, ids, Date.now(), (r) => got.set(r.id, r), 25), pause);
      byWorker = pool.lastRead.chunks - pool.lastRead.here;
      assert.equal(got.size, ids.length);
      for (const id of ids) {
        const r = got.get(id)!;
        const o = oracle.get(id)!;
        assert.deepEqual([r.state, r.data, r.fields, r.keyLines, r.problems, r.relations, r.hasRelationsFile], [o.state, o.data, o.fields, o.keyLines, o.problems, o.relations, o.hasRelationsFile], id);
      }
    }
    assert.ok(byWorker > 0, 'the worker read no chunk in 10 attempts');
    assert.equal(pool.counters.lost, 0);
    assert.ok(pool.liveWorkers >= 1);
  });
});
