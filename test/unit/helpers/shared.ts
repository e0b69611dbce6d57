// Locates ../shared (the real corpus and fixtures). Locally a missing ../shared skips the test
// with a clear message; under CI (CI set) it is a failure, because CI always has it.
import { existsSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestContext } from 'node:test';

const REPO = resolve(__dirname, '..', '..', '..', '..');
export const repoRoot = REPO;
export const sharedDir = process.env.YOI_SHARED_DIR ?? resolve(REPO, '..', 'shared');
export const corpusDir = join(sharedDir, 'corpus', 'yoi-a8c27f57');
export const fixturesDir = join(sharedDir, 'fixtures');
export const sampleDir = join(REPO, 'sample');

/** Returns the path when present; otherwise skips (locally) or throws (CI). */
export function requireShared(t: TestContext, path: string): string | undefined {
  if (existsSync(path)) return path;
  const msg = `../shared is missing (${path}); this test needs the real corpus/fixtures`;
  if (process.env.CI) throw new Error(msg);
  t.skip(msg);
  return undefined;
}

/** Copies a directory tree into a fresh temp dir (write tests never touch the originals). */
export function tempCopy(src: string, prefix = 'yoi-test-'): { dir: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(src, dir, { recursive: true });
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
