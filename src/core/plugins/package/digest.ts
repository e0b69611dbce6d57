// yoi's deterministic package digest (spec §1): computed over the normalised file map, not the
// ZIP bytes, so a directory and the archive packed from it have the same digest.

import { createHash } from 'node:crypto';

const PREFIX = Buffer.from('yoi-plugin-package-digest-v1\0', 'utf8');

/** Byte-wise UTF-8 order, as Rust's `BTreeMap<String, _>` iterates (not `localeCompare`). */
export function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export function sortedPaths(files: ReadonlyMap<string, Uint8Array>): string[] {
  return [...files.keys()].sort(compareUtf8);
}

/** `sha256:<64 lowercase hex>`. */
export function packageDigest(files: ReadonlyMap<string, Uint8Array>): string {
  const h = createHash('sha256');
  h.update(PREFIX);
  const len = Buffer.alloc(8);
  for (const path of sortedPaths(files)) {
    const content = files.get(path)!;
    h.update(Buffer.from(path, 'utf8'));
    h.update(Buffer.from([0]));
    len.writeBigUInt64BE(BigInt(content.length));
    h.update(len);
    h.update(createHash('sha256').update(content).digest());
  }
  return `sha256:${h.digest('hex')}`;
}

/** yoi's pin rule: `expected` must start with `sha256:` and the hex must be equal (case-sensitive). */
export function digestMatches(expected: string, actual: string): boolean {
  if (!expected.startsWith('sha256:') || !actual.startsWith('sha256:')) return false;
  return expected.slice(7) === actual.slice(7);
}

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
