// Materialises a Plugin input the way `yoi plugin check` does: a directory (walked recursively
// in sorted order, any symlink is `traversal`, every regular file counts towards the bounds) or
// a `.yoi-plugin` file (size bound, then the stored-ZIP reader). The result is the normalised
// file map that the manifest rules and the digest work on.

import { lstat, readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { DEFAULT_LIMITS, PluginDiscoveryLimits } from '../limits';
import { DiagnosticKind, Finding, finding } from '../findings';
import { normalizeArchivePath } from '../names';
import { readStoredZip, ZipEntryInfo } from '../zip/storedZip';
import { compareUtf8 } from './digest';

export type InputKind = 'directory' | 'package';

export interface PackageEntry {
  path: string;
  size: number;
  /** Archive only: CRC status of the entry. */
  crc?: ZipEntryInfo['crcStatus'];
}

export interface PackageContents {
  inputKind: InputKind;
  /** Absolute path of the directory or archive. */
  packagePath: string;
  /** File or directory name (yoi's package label). */
  label: string;
  /** Normalised path → content, in byte-wise path order. */
  files: Map<string, Uint8Array>;
  entries: PackageEntry[];
  /** Informational findings (CRC notes). */
  notes: Finding[];
}

export type ReadPackageResult =
  | { ok: true; contents: PackageContents }
  | { ok: false; inputKind: InputKind; packagePath: string; label: string; failure: Finding };

function discovery(id: string, kind: DiagnosticKind, message: string, params?: Record<string, string | number>): Finding {
  return finding(id, 'yoi', 'error', kind, 'discovery', message, params);
}

/** yoi's `safe_io_error`: never leak OS error text. */
export function safeIoError(e: unknown): string {
  switch ((e as NodeJS.ErrnoException)?.code) {
    case 'ENOENT':
      return 'not found';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EEXIST':
      return 'already exists';
    case 'EINVAL':
      return 'invalid input';
    default:
      return 'I/O error';
  }
}

/** Reads `input` as `check` would: a directory if it is one (following a symlinked root), else a package file. */
export async function readPluginInput(input: string, limits: PluginDiscoveryLimits = DEFAULT_LIMITS): Promise<ReadPackageResult> {
  const packagePath = resolve(input);
  const label = basename(packagePath) || '<plugin-package>';
  let isDir = false;
  try {
    isDir = (await stat(packagePath)).isDirectory();
  } catch {
    isDir = false;
  }
  return isDir ? readPluginDirectory(packagePath, label, limits) : readPluginPackageFile(packagePath, label, limits);
}

export async function readPluginPackageFile(
  packagePath: string,
  label: string,
  limits: PluginDiscoveryLimits = DEFAULT_LIMITS,
): Promise<ReadPackageResult> {
  const failed = (failure: Finding): ReadPackageResult => ({ ok: false, inputKind: 'package', packagePath, label, failure });
  let size: number;
  try {
    const st = await stat(packagePath);
    if (!st.isFile()) return failed(discovery('package.not-regular-file', 'malformed', 'plugin package candidate is not a regular file'));
    size = st.size;
  } catch (e) {
    const reason = safeIoError(e);
    return failed(discovery('package.io', 'io', `plugin package content could not be read: ${reason}`, { reason }));
  }
  if (size > limits.maxPackageSizeBytes) {
    return failed(
      discovery('package.too-large', 'bounds', 'plugin package exceeds the configured package size bound', {
        size,
        limit: limits.maxPackageSizeBytes,
      }),
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(packagePath);
  } catch (e) {
    const reason = safeIoError(e);
    return failed(discovery('package.io', 'io', `plugin package content could not be read: ${reason}`, { reason }));
  }
  // The file may have grown between stat and read.
  if (bytes.length > limits.maxPackageSizeBytes) {
    return failed(discovery('package.too-large', 'bounds', 'plugin package exceeds the configured package size bound'));
  }
  const zip = readStoredZip(bytes, limits);
  if (!zip.ok) return failed(zip.failure);
  const files = new Map([...zip.files.entries()].sort((a, b) => compareUtf8(a[0], b[0])));
  const crcByPath = new Map(zip.entries.map((e) => [e.path, e.crcStatus]));
  const entries = [...files].map(([path, data]) => ({ path, size: data.length, crc: crcByPath.get(path) }));
  return { ok: true, contents: { inputKind: 'package', packagePath, label, files, entries, notes: zip.notes } };
}

class DirectoryFailure extends Error {
  constructor(readonly failure: Finding) {
    super(failure.message);
  }
}

export async function readPluginDirectory(
  packagePath: string,
  label: string,
  limits: PluginDiscoveryLimits = DEFAULT_LIMITS,
): Promise<ReadPackageResult> {
  const files = new Map<string, Uint8Array>();
  let expanded = 0;

  const walk = async (dir: string, prefix: string): Promise<void> => {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (e) {
      const reason = safeIoError(e);
      throw new DirectoryFailure(discovery('package.io', 'io', `plugin directory could not be listed: ${reason}`, { reason }));
    }
    names.sort(compareUtf8);
    for (const name of names) {
      const full = join(dir, name);
      const rel = prefix ? `${prefix}/${name}` : name;
      let st;
      try {
        st = await lstat(full);
      } catch (e) {
        const reason = safeIoError(e);
        throw new DirectoryFailure(discovery('package.io', 'io', `plugin directory entry could not be read: ${reason}`, { reason, entry: rel }));
      }
      if (st.isSymbolicLink()) {
        throw new DirectoryFailure(discovery('package.symlink', 'traversal', 'plugin directory contains a symlink', { entry: rel }));
      }
      if (st.isDirectory()) {
        await walk(full, rel);
        continue;
      }
      if (!st.isFile()) continue; // sockets, FIFOs, devices: skipped silently, as yoi does
      const normalized = normalizeArchivePath(rel);
      if (normalized === undefined) {
        throw new DirectoryFailure(discovery('package.traversal', 'traversal', 'plugin directory entry path escapes the package root', { entry: rel }));
      }
      if (files.size + 1 > limits.maxEntriesPerPackage) {
        throw new DirectoryFailure(
          discovery('package.too-many-entries', 'bounds', 'plugin directory contains more entries than the configured bound', {
            limit: limits.maxEntriesPerPackage,
            entry: rel,
          }),
        );
      }
      if (st.size > limits.maxFileSizeBytes) {
        throw new DirectoryFailure(
          discovery('package.file-too-large', 'bounds', 'plugin directory entry exceeds the configured per-file bound', {
            entry: rel,
            size: st.size,
            limit: limits.maxFileSizeBytes,
          }),
        );
      }
      expanded += st.size;
      if (expanded > limits.maxExpandedSizeBytes) {
        throw new DirectoryFailure(
          discovery('package.expanded-too-large', 'bounds', 'plugin directory expanded size exceeds the configured bound', {
            limit: limits.maxExpandedSizeBytes,
            entry: rel,
          }),
        );
      }
      let data: Uint8Array;
      try {
        data = await readFile(full);
      } catch (e) {
        const reason = safeIoError(e);
        throw new DirectoryFailure(discovery('package.io', 'io', `plugin directory entry could not be read: ${reason}`, { reason, entry: rel }));
      }
      if (data.length > limits.maxFileSizeBytes) {
        throw new DirectoryFailure(
          discovery('package.file-too-large', 'bounds', 'plugin directory entry exceeds the configured per-file bound', { entry: rel }),
        );
      }
      files.set(normalized, data);
    }
  };

  try {
    await walk(packagePath, '');
  } catch (e) {
    if (e instanceof DirectoryFailure) return { ok: false, inputKind: 'directory', packagePath, label, failure: e.failure };
    throw e;
  }
  const sorted = new Map([...files.entries()].sort((a, b) => compareUtf8(a[0], b[0])));
  const entries = [...sorted].map(([path, data]) => ({ path, size: data.length }));
  return { ok: true, contents: { inputKind: 'directory', packagePath, label, files: sorted, entries, notes: [] } };
}
