// The stored-only ZIP reader against archives built byte by byte: yoi's pack layout (CRC 0) reads
// fine, and every rule of spec §1 fails with yoi's kind, in yoi's order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readStoredZip, findEocd } from '../../../src/core/plugins/zip/storedZip';
import { DEFAULT_LIMITS } from '../../../src/core/plugins/limits';
import { buildZip, packLikeYoi } from './helpers/zipBuilder';

const MANIFEST = 'schema_version = 1\nid = "x"\nname = "X"\nversion = "1"\n';

function failure(buf: Uint8Array, limits = DEFAULT_LIMITS) {
  const r = readStoredZip(buf, limits);
  assert.equal(r.ok, false, 'expected a failure');
  if (r.ok) throw new Error('unreachable');
  return r.failure;
}

test('reads a yoi-pack archive with zero CRC fields (not an error, one info note)', () => {
  const zip = packLikeYoi({ 'plugin.toml': MANIFEST, 'plugin.component.wasm': new Uint8Array([0, 97, 115, 109]) });
  const r = readStoredZip(zip);
  assert.ok(r.ok);
  assert.deepEqual([...r.files.keys()], ['plugin.component.wasm', 'plugin.toml']);
  assert.equal(Buffer.from(r.files.get('plugin.toml')!).toString(), MANIFEST);
  assert.deepEqual(r.entries.map((e) => e.crcStatus), ['zero', 'zero']);
  assert.deepEqual(r.notes.map((n) => [n.id, n.severity]), [['zip.crc-zero', 'info']]);
});

test('real CRCs match; a wrong non-zero CRC is a warning, never a rejection', () => {
  const ok = readStoredZip(buildZip({ entries: [{ name: 'a', data: 'hello', crc: 'real' }] }));
  assert.ok(ok.ok);
  assert.equal(ok.entries[0].crcStatus, 'match');
  assert.equal(ok.notes.length, 0);
  const bad = readStoredZip(buildZip({ entries: [{ name: 'a', data: 'hello', crc: 0x12345678 }] }));
  assert.ok(bad.ok);
  assert.equal(bad.entries[0].crcStatus, 'mismatch');
  assert.deepEqual(bad.notes.map((n) => [n.id, n.severity]), [['zip.crc-mismatch', 'warning']]);
});

test('EOCD: found behind a comment, missing when too small or too far from the end', () => {
  const withComment = buildZip({ entries: [{ name: 'a', data: 'x' }], comment: Buffer.alloc(1000, 0x41) });
  assert.ok(readStoredZip(withComment).ok);
  assert.equal(failure(Buffer.alloc(21)).id, 'zip.eocd-missing');
  assert.equal(failure(Buffer.from('not a zip at all, just text that is long enough')).kind, 'malformed');
  // The EOCD scan covers only the last 65,557 bytes: a record further away is not found.
  const far = Buffer.concat([buildZip({ entries: [] }), Buffer.alloc(65_557, 0x20)]);
  assert.equal(findEocd(far), undefined);
  assert.equal(failure(far).id, 'zip.eocd-missing');
  const near = Buffer.concat([buildZip({ entries: [] }), Buffer.alloc(65_535 - 22, 0x20)]);
  assert.notEqual(findEocd(near), undefined);
});

test('multi-disk archives are malformed', () => {
  const f = failure(buildZip({ entries: [{ name: 'a', data: 'x' }], diskNumber: 1 }));
  assert.deepEqual([f.id, f.kind, f.phase], ['zip.multi-disk', 'malformed', 'discovery']);
  assert.equal(failure(buildZip({ entries: [{ name: 'a', data: 'x' }], centralDisk: 2 })).id, 'zip.multi-disk');
});

test('entry count bound (512) is `bounds`, checked before the central directory', () => {
  const f = failure(buildZip({ entries: [], entryCount: 513 }));
  assert.deepEqual([f.id, f.kind], ['zip.too-many-entries', 'bounds']);
  const entries = Array.from({ length: 512 }, (_, i) => ({ name: `f${i}`, data: '' }));
  assert.ok(readStoredZip(buildZip({ entries })).ok);
});

test('central directory outside the file, bad signature, truncated entry', () => {
  assert.equal(failure(buildZip({ entries: [{ name: 'a', data: 'x' }], centralOffset: 100_000 })).id, 'zip.central-directory-outside');
  assert.equal(failure(buildZip({ entries: [{ name: 'a', data: 'x' }], centralSignature: 0x01020304 })).id, 'zip.central-entry-malformed');
  // Claim two entries while the directory holds one: the second read runs into the EOCD record.
  assert.equal(failure(buildZip({ entries: [{ name: 'a', data: 'x' }], entryCount: 2 })).id, 'zip.central-entry-malformed');
  const one = buildZip({ entries: [{ name: 'a', data: 'x' }] });
  const cdStart = one.readUInt32LE(one.length - 22 + 16);
  const truncated = Buffer.concat([one.subarray(0, cdStart + 20)]);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(0, 12);
  eocd.writeUInt32LE(cdStart, 16);
  // The entry header starts 22 bytes before the end; its fields run past the file end.
  const f = failure(Buffer.concat([truncated.subarray(0, cdStart), Buffer.from([0x50, 0x4b, 0x01, 0x02]), eocd]));
  assert.equal(f.kind, 'malformed');
});

test('an entry name running past the end of the file is malformed', () => {
  const zip = buildZip({ entries: [{ name: 'a', data: 'x' }] });
  const cd = zip.readUInt32LE(zip.length - 22 + 16);
  zip.writeUInt16LE(60_000, cd + 28); // name length
  const f = failure(zip);
  assert.deepEqual([f.id, f.kind], ['zip.name-outside', 'malformed']);
});

test('entry names: UTF-8 required, and they must normalise (traversal)', () => {
  const bad = [
    '../evil',
    'a/../b',
    '/abs',
    '~/home',
    'C:/x',
    'c:x',
    'a\\b',
    'a\0b',
    'a//b',
    './a',
    'a/.',
    'dir/',
  ];
  for (const name of bad) {
    const f = failure(buildZip({ entries: [{ name, data: 'x' }] }));
    assert.deepEqual([f.id, f.kind, f.phase], ['zip.traversal', 'traversal', 'discovery'], name);
  }
  // A directory entry written by generic zip tools is rejected too (yoi normalises first).
  assert.equal(failure(buildZip({ entries: [{ name: 'dir/', data: '' }] })).params?.directoryEntry, true);
  const notUtf8 = failure(buildZip({ entries: [{ name: new Uint8Array([0x61, 0xff, 0x62]), data: 'x' }] }));
  assert.deepEqual([notUtf8.id, notUtf8.kind], ['zip.name-not-utf8', 'malformed']);
  assert.ok(readStoredZip(buildZip({ entries: [{ name: 'dir/sub/file.txt', data: 'x' }, { name: 'ünïcode ok.txt', data: 'y' }] })).ok);
});

test('encrypted entries are malformed; symlinks are traversal', () => {
  const enc = failure(buildZip({ entries: [{ name: 'a', data: 'x', flags: 0x0801 }] }));
  assert.deepEqual([enc.id, enc.kind], ['zip.encrypted', 'malformed']);
  const link = failure(buildZip({ entries: [{ name: 'a', data: 'target', externalAttributes: (0o120777 << 16) >>> 0 }] }));
  assert.deepEqual([link.id, link.kind], ['zip.symlink', 'traversal']);
  // A regular file mode is fine.
  assert.ok(readStoredZip(buildZip({ entries: [{ name: 'a', data: 'x', externalAttributes: (0o100644 << 16) >>> 0 }] })).ok);
});

test('compression other than stored is `api`; checks run per entry in yoi order', () => {
  const f = failure(buildZip({ entries: [{ name: 'a', data: 'x', method: 8 }] }));
  assert.deepEqual([f.id, f.kind, f.params?.method], ['zip.compressed', 'api', 8]);
  // Encryption is checked before the method, the name (first loop) before both.
  assert.equal(failure(buildZip({ entries: [{ name: 'a', data: 'x', method: 8, flags: 1 }] })).id, 'zip.encrypted');
  assert.equal(failure(buildZip({ entries: [{ name: 'ok', data: 'x', method: 8 }, { name: '../x', data: 'y' }] })).id, 'zip.traversal');
});

test('per-file and expanded-size bounds', () => {
  const small = { ...DEFAULT_LIMITS, maxFileSizeBytes: 4, maxExpandedSizeBytes: 6 };
  assert.equal(failure(buildZip({ entries: [{ name: 'a', data: '12345' }] }), small).id, 'zip.file-too-large');
  assert.equal(failure(buildZip({ entries: [{ name: 'a', data: '1234' }, { name: 'b', data: '123' }] }), small).id, 'zip.expanded-too-large');
  assert.ok(readStoredZip(buildZip({ entries: [{ name: 'a', data: '1234' }, { name: 'b', data: '12' }] }), small).ok);
  // The default 8 MiB bound is checked against the declared size before any data is read.
  assert.equal(failure(buildZip({ entries: [{ name: 'a', data: 'x', uncompressedSize: 8 * 1024 * 1024 + 1 }] })).id, 'zip.file-too-large');
});

test('local header must agree with the central directory and lie inside the file', () => {
  assert.equal(failure(buildZip({ entries: [{ name: 'a', data: 'x', localSignature: 0 }] })).id, 'zip.local-header-malformed');
  assert.equal(failure(buildZip({ entries: [{ name: 'a', data: 'x', localFlags: 0 }] })).id, 'zip.local-header-mismatch');
  assert.equal(failure(buildZip({ entries: [{ name: 'a', data: 'x', localMethod: 8, method: 0 }] })).id, 'zip.local-header-mismatch');
  assert.equal(failure(buildZip({ entries: [{ name: 'a', data: 'x', compressedSize: 1_000_000, uncompressedSize: 1_000_000 }] })).id, 'zip.data-outside');
  assert.equal(failure(buildZip({ entries: [{ name: 'a', data: 'xyz', uncompressedSize: 2 }] })).id, 'zip.size-mismatch');
});

test('two entries with the same normalised path are a duplicate', () => {
  const f = failure(buildZip({ entries: [{ name: 'a/b', data: 'x' }, { name: 'a/b', data: 'y' }] }));
  assert.deepEqual([f.id, f.kind, f.phase], ['zip.duplicate', 'duplicate', 'discovery']);
});

test('hostile input: truncations and byte flips of a valid archive never throw', () => {
  const zip = packLikeYoi({ 'plugin.toml': MANIFEST, 'a/b.bin': new Uint8Array(300).fill(7), 'c.txt': 'hello' });
  fc.assert(
    fc.property(fc.nat(zip.length), fc.array(fc.tuple(fc.nat(zip.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), (cut, flips) => {
      const b = Buffer.from(zip.subarray(0, cut));
      for (const [i, v] of flips) if (i < b.length) b[i] = v;
      const r = readStoredZip(b);
      if (r.ok) for (const [path, data] of r.files) assert.ok(path.length > 0 && data.length <= b.length);
      else assert.ok(['malformed', 'traversal', 'bounds', 'api', 'duplicate'].includes(r.failure.kind));
    }),
    { numRuns: 400 },
  );
});
