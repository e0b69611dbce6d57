// Durable file writes (§4.5): replace via a temp file `.<name>.tmp.<pid>` in the same directory
// (fsync, rename, fsync the directory), and appends written in one call then fsynced.
import { closeSync, constants, fstatSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

function writeAll(fd: number, data: Buffer): void {
  let off = 0;
  while (off < data.length) off += writeSync(fd, data, off, data.length - off);
}

/** fsync a directory so a rename/create in it survives a crash (best effort: not every platform allows it). */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, constants.O_RDONLY);
    fsyncSync(fd);
  } catch {
    // Windows and some file systems cannot fsync directories
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp.${process.pid}`);
}

/** Atomically replaces (or creates) `path` with `content`. Keeps the mode of an existing file;
 * a new file gets `newFileMode` (default 0644). */
export function writeFileAtomic(path: string, content: string | Buffer, newFileMode = 0o644): void {
  const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const tmp = tempPathFor(path);
  let mode = newFileMode;
  try {
    mode = statSync(path).mode & 0o7777;
  } catch {
    // new file
  }
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC, mode);
  try {
    writeAll(fd, data);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    try { unlinkSync(tmp); } catch { /* already gone */ }
    throw e;
  }
  closeSync(fd);
  try {
    renameSync(tmp, path);
  } catch (e) {
    try { unlinkSync(tmp); } catch { /* already gone */ }
    throw e;
  }
  fsyncDir(dirname(path));
}

/** Appends `content` in a single write and fsyncs (creates the file if missing). Returns the size before. */
export function appendDurable(path: string, content: string | Buffer): number {
  const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o644);
  try {
    const before = fstatSync(fd).size;
    writeAll(fd, data);
    fsyncSync(fd);
    return before;
  } finally {
    closeSync(fd);
  }
}
