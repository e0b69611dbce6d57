// A small stored-only ZIP reader that applies yoi's `.yoi-plugin` rules in yoi's order
// (`parse_stored_zip` + `read_stored_entry`): EOCD scan, disk/entry-count/central-directory
// bounds, UTF-8 + normalised names, encryption, symlinks, stored method, size bounds, local
// header agreement and duplicates. The first failure wins, with yoi's kind, phase and message.
// CRC-32 is never an error: yoi's `pack` writes 0 there and yoi never checks it; the reader
// still computes it and reports mismatches as information.

import { DEFAULT_LIMITS, PluginDiscoveryLimits } from '../limits';
import { DiagnosticKind, Finding, finding } from '../findings';
import { normalizeArchivePath } from '../names';
import { crc32 } from './crc32';

const ZIP_EOCD = 0x06054b50;
const ZIP_CENTRAL_DIRECTORY = 0x02014b50;
const ZIP_LOCAL_FILE = 0x04034b50;
const ZIP_FLAG_ENCRYPTED = 0x0001;
const ZIP_COMPRESSION_STORED = 0;
const ZIP_UNIX_SYMLINK_TYPE = 0o120000;
const ZIP_UNIX_FILE_TYPE_MASK = 0o170000;
const EOCD_MIN = 22;
const EOCD_SCAN = 65_557;

export type CrcStatus = 'match' | 'zero' | 'mismatch';

export interface ZipEntryInfo {
  /** Normalised path. */
  path: string;
  size: number;
  /** CRC-32 field of the central directory. */
  storedCrc: number;
  actualCrc: number;
  crcStatus: CrcStatus;
  localHeaderOffset: number;
  dataOffset: number;
}

export type StoredZipResult =
  | { ok: true; files: Map<string, Uint8Array>; entries: ZipEntryInfo[]; notes: Finding[] }
  | { ok: false; failure: Finding };

interface CentralEntry {
  rawName: string;
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
  externalAttributes: number;
  localHeaderOffset: number;
}

class ZipFailure extends Error {
  constructor(readonly failure: Finding) {
    super(failure.message);
  }
}

function fail(id: string, kind: DiagnosticKind, message: string, params?: Record<string, string | number | boolean>): never {
  throw new ZipFailure(finding(`zip.${id}`, 'yoi', 'error', kind, 'discovery', message, params));
}

function malformed(id: string, message: string, params?: Record<string, string | number>): never {
  return fail(id, 'malformed', message, params);
}

function u16(b: Uint8Array, at: number): number | undefined {
  if (at < 0 || at + 2 > b.length) return undefined;
  return b[at] | (b[at + 1] << 8);
}

function u32(b: Uint8Array, at: number): number | undefined {
  if (at < 0 || at + 4 > b.length) return undefined;
  return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
}

/** Offset of the end-of-central-directory record, scanning at most the last 65,557 bytes. */
export function findEocd(bytes: Uint8Array): number | undefined {
  if (bytes.length < EOCD_MIN) return undefined;
  const start = Math.max(0, bytes.length - EOCD_SCAN);
  for (let at = bytes.length - EOCD_MIN; at >= start; at--) if (u32(bytes, at) === ZIP_EOCD) return at;
  return undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function readStoredZip(bytes: Uint8Array, limits: PluginDiscoveryLimits = DEFAULT_LIMITS): StoredZipResult {
  try {
    return read(bytes, limits);
  } catch (e) {
    if (e instanceof ZipFailure) return { ok: false, failure: e.failure };
    throw e;
  }
}

function read(bytes: Uint8Array, limits: PluginDiscoveryLimits): StoredZipResult {
  const eocd = findEocd(bytes);
  if (eocd === undefined) malformed('eocd-missing', 'zip end-of-central-directory was not found');
  const truncatedEnd = (): never => malformed('eocd-truncated', 'zip end record is truncated');
  const diskNumber = u16(bytes, eocd + 4) ?? truncatedEnd();
  const centralDisk = u16(bytes, eocd + 6) ?? truncatedEnd();
  const entryCount = u16(bytes, eocd + 10) ?? truncatedEnd();
  const centralSize = u32(bytes, eocd + 12) ?? truncatedEnd();
  const centralOffset = u32(bytes, eocd + 16) ?? truncatedEnd();
  if (diskNumber !== 0 || centralDisk !== 0) malformed('multi-disk', 'multi-disk zip packages are unsupported');
  if (entryCount > limits.maxEntriesPerPackage) {
    fail('too-many-entries', 'bounds', 'plugin package contains more entries than the configured bound', {
      entries: entryCount,
      limit: limits.maxEntriesPerPackage,
    });
  }
  if (centralOffset + centralSize > bytes.length) {
    malformed('central-directory-outside', 'zip central directory points outside the package');
  }

  let cursor = centralOffset;
  const central: CentralEntry[] = [];
  for (let i = 0; i < entryCount; i++) {
    if (u32(bytes, cursor) !== ZIP_CENTRAL_DIRECTORY) {
      malformed('central-entry-malformed', 'zip central directory entry is malformed', { index: i });
    }
    const truncated = (): never =>
      malformed('central-entry-truncated', 'zip central directory entry is truncated', { index: i });
    const flags = u16(bytes, cursor + 8) ?? truncated();
    const method = u16(bytes, cursor + 10) ?? truncated();
    const crc = u32(bytes, cursor + 16) ?? truncated();
    const compressedSize = u32(bytes, cursor + 20) ?? truncated();
    const uncompressedSize = u32(bytes, cursor + 24) ?? truncated();
    const nameLen = u16(bytes, cursor + 28) ?? truncated();
    const extraLen = u16(bytes, cursor + 30) ?? truncated();
    const commentLen = u16(bytes, cursor + 32) ?? truncated();
    const externalAttributes = u32(bytes, cursor + 38) ?? truncated();
    const localHeaderOffset = u32(bytes, cursor + 42) ?? truncated();
    const nameStart = cursor + 46;
    const nameEnd = nameStart + nameLen;
    if (nameEnd > bytes.length) malformed('name-outside', 'zip entry name points outside the package', { index: i });
    let rawName: string;
    try {
      rawName = utf8.decode(bytes.subarray(nameStart, nameEnd));
    } catch {
      malformed('name-not-utf8', 'zip entry name is not UTF-8', { index: i });
    }
    const name = normalizeArchivePath(rawName);
    if (name === undefined) {
      // yoi normalises before it looks at the trailing `/` of directory entries, so a directory
      // entry written by a generic zip tool is rejected here too.
      fail('traversal', 'traversal', 'plugin package entry path escapes the archive root', {
        entry: rawName,
        directoryEntry: rawName.endsWith('/'),
      });
    }
    cursor = nameEnd + extraLen + commentLen;
    central.push({ rawName, name, flags, method, crc, compressedSize, uncompressedSize, externalAttributes, localHeaderOffset });
  }

  const files = new Map<string, Uint8Array>();
  const entries: ZipEntryInfo[] = [];
  const notes: Finding[] = [];
  let expanded = 0;
  for (const entry of central) {
    if (entry.flags & ZIP_FLAG_ENCRYPTED) malformed('encrypted', 'encrypted zip packages are unsupported', { entry: entry.name });
    if (((entry.externalAttributes >>> 16) & ZIP_UNIX_FILE_TYPE_MASK) === ZIP_UNIX_SYMLINK_TYPE) {
      fail('symlink', 'traversal', 'plugin package contains a symlink entry', { entry: entry.name });
    }
    if (entry.name.endsWith('/')) continue; // unreachable after normalisation, kept as in yoi
    if (entry.method !== ZIP_COMPRESSION_STORED) {
      fail('compressed', 'api', 'plugin package uses an unsupported zip compression method', {
        entry: entry.name,
        method: entry.method,
      });
    }
    if (entry.uncompressedSize > limits.maxFileSizeBytes) {
      fail('file-too-large', 'bounds', 'plugin package entry exceeds the configured per-file bound', {
        entry: entry.name,
        size: entry.uncompressedSize,
        limit: limits.maxFileSizeBytes,
      });
    }
    expanded += entry.uncompressedSize;
    if (expanded > limits.maxExpandedSizeBytes) {
      fail('expanded-too-large', 'bounds', 'plugin package expanded size exceeds the configured bound', {
        limit: limits.maxExpandedSizeBytes,
      });
    }
    const { data, dataOffset } = readLocalEntry(bytes, entry);
    if (data.length !== entry.uncompressedSize || data.length !== entry.compressedSize) {
      malformed('size-mismatch', 'zip stored entry size does not match central directory', { entry: entry.name });
    }
    if (files.has(entry.name)) {
      fail('duplicate', 'duplicate', 'plugin package contains duplicate normalized entry paths', { entry: entry.name });
    }
    files.set(entry.name, data);
    const actualCrc = crc32(data);
    const crcStatus: CrcStatus = actualCrc === entry.crc ? 'match' : entry.crc === 0 ? 'zero' : 'mismatch';
    entries.push({
      path: entry.name,
      size: data.length,
      storedCrc: entry.crc,
      actualCrc,
      crcStatus,
      localHeaderOffset: entry.localHeaderOffset,
      dataOffset,
    });
  }

  const zeroCrc = entries.filter((e) => e.crcStatus === 'zero');
  if (zeroCrc.length) {
    notes.push(
      finding(
        'zip.crc-zero',
        'inspector',
        'info',
        'malformed',
        'discovery',
        'CRC-32 fields are 0, as `yoi plugin pack` writes them; yoi ignores CRC, but generic zip tools report a bad CRC',
        { entries: zeroCrc.length },
      ),
    );
  }
  for (const e of entries.filter((x) => x.crcStatus === 'mismatch')) {
    notes.push(
      finding(
        'zip.crc-mismatch',
        'inspector',
        'warning',
        'malformed',
        'discovery',
        `CRC-32 of \`${e.path}\` does not match its central directory entry (yoi does not check CRC; the file may be corrupted)`,
        { entry: e.path },
        { file: e.path },
      ),
    );
  }
  return { ok: true, files, entries, notes };
}

function readLocalEntry(bytes: Uint8Array, entry: CentralEntry): { data: Uint8Array; dataOffset: number } {
  const at = entry.localHeaderOffset;
  if (u32(bytes, at) !== ZIP_LOCAL_FILE) malformed('local-header-malformed', 'zip local file header is malformed', { entry: entry.name });
  const truncated = (): never => malformed('local-header-truncated', 'zip local file header is truncated', { entry: entry.name });
  const localFlags = u16(bytes, at + 6) ?? truncated();
  const localMethod = u16(bytes, at + 8) ?? truncated();
  const nameLen = u16(bytes, at + 26) ?? truncated();
  const extraLen = u16(bytes, at + 28) ?? truncated();
  if (localFlags !== entry.flags || localMethod !== entry.method) {
    malformed('local-header-mismatch', 'zip local header disagrees with central directory', { entry: entry.name });
  }
  const dataOffset = at + 30 + nameLen + extraLen;
  const dataEnd = dataOffset + entry.compressedSize;
  if (dataEnd > bytes.length) malformed('data-outside', 'zip entry data points outside the package', { entry: entry.name });
  return { data: bytes.subarray(dataOffset, dataEnd), dataOffset };
}
