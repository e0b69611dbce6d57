import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeId, encodeId, explainInvalidId, idToDate, isId, mintCandidates } from '../../src/core/ids';

test('decodes the spec example', () => {
  assert.equal(decodeId('00001KV10SN02'), 1781372081154);
  assert.equal(idToDate('00001KV10SN02')!.toISOString(), '2026-06-13T17:34:41.154Z');
  assert.equal(encodeId(1781372081154), '00001KV10SN02');
});

test('migrated legacy name maps to the documented ID', () => {
  // 20260527-000001-001 → that second with .000 ms
  assert.equal(encodeId(Date.UTC(2026, 4, 27, 0, 0, 1)), '00001KSKBP8Z8');
});

test('round-trips and keeps lexicographic == chronological order', () => {
  const values = [0, 1, 31, 32, 1781372081154, Date.UTC(2099, 0, 1), Number.MAX_SAFE_INTEGER];
  for (const v of values) assert.equal(decodeId(encodeId(v)), v);
  const ids = values.map(encodeId);
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(encodeId(0), '0000000000000');
});

test('rejects lowercase, I/L/O/U, wrong length, other characters and overflow', () => {
  for (const bad of ['00001kv10sn02', '00001KV10SNO2', '00001KV10SNI2', '00001KV10SNL2', '00001KV10SNU2', '00001KV10SN0', '00001KV10SN022', '00001KV10SN-2', '']) {
    assert.equal(isId(bad), false, bad);
    assert.equal(decodeId(bad), undefined, bad);
    assert.ok(explainInvalidId(bad), bad);
  }
  // 13 × 5 = 65 bits: anything with the top digit ≥ 'G' (16) overflows u64.
  assert.equal(isId('G000000000000'), false);
  assert.match(explainInvalidId('ZZZZZZZZZZZZZ')!, /overflow/);
  assert.equal(isId('FZZZZZZZZZZZZ'), true); // exactly 2^64 - 1
  assert.equal(decodeId('FZZZZZZZZZZZZ'), undefined); // valid but beyond a safe JS number
  assert.throws(() => encodeId(-1));
  assert.throws(() => encodeId(1.5));
});

test('mint candidates advance one millisecond at a time', () => {
  const c = [...mintCandidates(1781372081154, 3)];
  assert.deepEqual(c.map((x) => decodeId(x)), [1781372081154, 1781372081155, 1781372081156]);
});
