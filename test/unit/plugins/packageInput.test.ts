// Directory and archive inputs as `check` materialises them, and the deterministic package digest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, symlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { readPluginInput, readPluginDirectory } from '../../../src/core/plugins/package/readPackage';
import { packageDigest, compareUtf8, digestMatches } from '../../../src/core/plugins/package/digest';
import { DEFAULT_LIMITS } from '../../../src/core/plugins/limits';
import { fixturesDir, requireShared } from '../helpers/shared';
import { tempDir, writePluginArchive, writePluginDir } from './helpers/pkg';

/** The digest written out from the spec's byte layout, independently of the implementation. */
function specDigest(files: Record<string, Uint8Array>): string {
  const parts: Buffer[] = [Buffer.from('yoi-plugin-package-digest-v1\0')];
  const paths = Object.keys(files).sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
  for (const p of paths) {
    const len = Buffer.alloc(8);
    len.writeBigUInt64BE(BigInt(files[p].length));
    parts.push(Buffer.from(p, 'utf8'), Buffer.from([0]), len, createHash('sha256').update(files[p]).digest());
  }
  return `sha256:${createHash('sha256').update(Buffer.concat(parts)).digest('hex')}`;
}

test('digest follows the spec layout and byte-wise path order (not localeCompare)', () => {
  const files = { 'b.txt': Buffer.from('b'), 'B.txt': Buffer.from('B'), 'a/é.txt': Buffer.from('e'), 'a/z.txt': Buffer.from(''), Z: Buffer.from('zz') };
  const digest = packageDigest(new Map(Object.entries(files)));
  assert.match(digest, /^sha256:[0-9a-f]{64}$/);
  assert.equal(digest, specDigest(files));
  // Insertion order does not matter.
  assert.equal(packageDigest(new Map(Object.entries(files).reverse())), digest);
  // Byte order puts uppercase before lowercase and `é` (0xC3…) after `z`.
  assert.deepEqual(Object.keys(files).sort(compareUtf8), ['B.txt', 'Z', 'a/z.txt', 'a/é.txt', 'b.txt']);
  // Content, name and even an empty file all count.
  assert.notEqual(packageDigest(new Map(Object.entries({ ...files, 'b.txt': Buffer.from('c') }))), digest);
  assert.notEqual(packageDigest(new Map(Object.entries({ ...files, 'new.txt': Buffer.alloc(0) }))), digest);
});

test('digest pins: `sha256:` prefix and case-sensitive hex', () => {
  const d = packageDigest(new Map([['a', Buffer.from('a')]]));
  assert.ok(digestMatches(d, d));
  assert.ok(!digestMatches(d.toUpperCase(), d));
  assert.ok(!digestMatches(d.slice(7), d));
  assert.ok(!digestMatches(`sha512:${d.slice(7)}`, d));
});

test('a folder and the archive packed from it have the same digest and entries', async () => {
  const t = tempDir();
  try {
    const files = { 'plugin.toml': 'x = 1\n', 'plugin.component.wasm': new Uint8Array([0, 97, 115, 109, 13, 0, 1, 0]), 'hooks/a.md': 'hook' };
    const dir = await readPluginInput(writePluginDir(t.dir, 'p', files));
    const zip = await readPluginInput(writePluginArchive(t.dir, 'p.yoi-plugin', files));
    assert.ok(dir.ok && zip.ok);
    assert.equal(dir.contents.inputKind, 'directory');
    assert.equal(zip.contents.inputKind, 'package');
    assert.deepEqual([...dir.contents.files.keys()], [...zip.contents.files.keys()]);
    assert.deepEqual([...dir.contents.files.keys()], ['hooks/a.md', 'plugin.component.wasm', 'plugin.toml']);
    assert.equal(packageDigest(dir.contents.files), packageDigest(zip.contents.files));
    assert.equal(packageDigest(dir.contents.files), specDigest(Object.fromEntries([...dir.contents.files])));
  } finally {
    t.dispose();
  }
});

test('the shared fixture folder digests the same across runs', (t) => {
  const dir = requireShared(t, join(fixturesDir, 'plugins', 'tool-valid'));
  if (!dir) return;
  return (async () => {
    const a = await readPluginInput(dir);
    const b = await readPluginInput(dir);
    assert.ok(a.ok && b.ok);
    assert.equal(packageDigest(a.contents.files), packageDigest(b.contents.files));
    const raw = {
      'plugin.component.wasm': readFileSync(join(dir, 'plugin.component.wasm')),
      'plugin.toml': readFileSync(join(dir, 'plugin.toml')),
    };
    assert.equal(packageDigest(a.contents.files), specDigest(raw));
  })();
});

test('directory input: any symlink is traversal, even deep and pointing inside', async () => {
  const t = tempDir();
  try {
    const root = writePluginDir(t.dir, 'p', { 'plugin.toml': 'x', 'sub/deep/file': 'y' });
    symlinkSync(join(root, 'plugin.toml'), join(root, 'sub', 'deep', 'link'));
    const r = await readPluginInput(root);
    assert.ok(!r.ok);
    assert.deepEqual([r.failure.kind, r.failure.phase, r.failure.params?.entry], ['traversal', 'discovery', 'sub/deep/link']);
  } finally {
    t.dispose();
  }
});

test('directory input: non-regular files are skipped silently', async () => {
  const t = tempDir();
  const root = writePluginDir(t.dir, 'p', { 'plugin.toml': 'x' });
  const server = createServer();
  try {
    await new Promise<void>((res) => server.listen(join(root, 'sock'), res));
    const r = await readPluginInput(root);
    assert.ok(r.ok);
    assert.deepEqual([...r.contents.files.keys()], ['plugin.toml']);
  } finally {
    await new Promise<void>((res) => server.close(() => res()));
    t.dispose();
  }
});

test('directory input: every file counts towards the entry, file and expanded bounds (a target/ folder breaks it)', async () => {
  const t = tempDir();
  try {
    const root = writePluginDir(t.dir, 'p', { 'plugin.toml': 'x' });
    mkdirSync(join(root, 'target', 'debug'), { recursive: true });
    for (let i = 0; i < 512; i++) writeFileSync(join(root, 'target', 'debug', `f${i}`), '');
    const r = await readPluginInput(root);
    assert.ok(!r.ok);
    assert.deepEqual([r.failure.id, r.failure.kind], ['package.too-many-entries', 'bounds']);
    const small = { ...DEFAULT_LIMITS, maxFileSizeBytes: 3, maxExpandedSizeBytes: 5 };
    const big = writePluginDir(t.dir, 'q', { 'a': '1234' });
    const f1 = await readPluginDirectory(big, 'q', small);
    assert.ok(!f1.ok && f1.failure.id === 'package.file-too-large');
    const many = writePluginDir(t.dir, 'r', { a: '123', b: '123' });
    const f2 = await readPluginDirectory(many, 'r', small);
    assert.ok(!f2.ok && f2.failure.id === 'package.expanded-too-large');
  } finally {
    t.dispose();
  }
});

test('package file input: missing, a directory named .yoi-plugin is read as a folder, oversized files are bounds', async () => {
  const t = tempDir();
  try {
    const missing = await readPluginInput(join(t.dir, 'nope.yoi-plugin'));
    assert.ok(!missing.ok);
    assert.deepEqual([missing.failure.kind, missing.failure.message], ['io', 'plugin package content could not be read: not found']);
    const big = join(t.dir, 'big.yoi-plugin');
    writeFileSync(big, Buffer.alloc(16 * 1024 * 1024 + 1));
    const r = await readPluginInput(big);
    assert.ok(!r.ok);
    assert.deepEqual([r.failure.id, r.failure.kind], ['package.too-large', 'bounds']);
    const notZip = join(t.dir, 'text.yoi-plugin');
    writeFileSync(notZip, 'hello, not an archive, but long enough for an EOCD scan');
    const z = await readPluginInput(notZip);
    assert.ok(!z.ok && z.failure.id === 'zip.eocd-missing');
  } finally {
    t.dispose();
  }
});
