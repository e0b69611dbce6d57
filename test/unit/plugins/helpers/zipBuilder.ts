// Writes stored ZIP archives byte by byte for the reader tests: yoi's `pack` layout (sorted,
// CRC 0, UTF-8 flag, version 20) by default, with knobs to produce every defect the reader must
// catch (bad names, flags, methods, sizes, attributes, header disagreement, EOCD fields).

import { crc32 } from '../../../../src/core/plugins/zip/crc32';

export interface ZipEntrySpec {
  name: string | Uint8Array;
  data: Uint8Array | string;
  /** 'zero' (yoi pack), 'real' (computed) or an explicit value. Default 'zero'. */
  crc?: 'zero' | 'real' | number;
  method?: number;
  flags?: number;
  externalAttributes?: number;
  /** Local header overrides (to make it disagree with the central directory). */
  localFlags?: number;
  localMethod?: number;
  localSignature?: number;
  /** Central directory size overrides. */
  compressedSize?: number;
  uncompressedSize?: number;
  extra?: Uint8Array;
}

export interface ZipSpec {
  entries: ZipEntrySpec[];
  comment?: Uint8Array;
  diskNumber?: number;
  centralDisk?: number;
  entryCount?: number;
  centralOffset?: number;
  centralSize?: number;
  centralSignature?: number;
}

const bytes = (x: Uint8Array | string): Uint8Array => (typeof x === 'string' ? Buffer.from(x, 'utf8') : x);

export function buildZip(spec: ZipSpec): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of spec.entries) {
    const name = bytes(e.name);
    const data = bytes(e.data);
    const extra = e.extra ?? new Uint8Array(0);
    const crc = e.crc === 'real' ? crc32(data) : typeof e.crc === 'number' ? e.crc : 0;
    const flags = e.flags ?? 0x0800;
    const method = e.method ?? 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(e.localSignature ?? 0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.localFlags ?? flags, 6);
    local.writeUInt16LE(e.localMethod ?? method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(extra.length, 28);
    const localAll = Buffer.concat([local, name, extra, data]);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(spec.centralSignature ?? 0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(e.compressedSize ?? data.length, 20);
    central.writeUInt32LE(e.uncompressedSize ?? data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE((e.externalAttributes ?? 0) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(Buffer.concat([central, name]));
    locals.push(localAll);
    offset += localAll.length;
  }
  const cd = Buffer.concat(centrals);
  const comment = spec.comment ?? new Uint8Array(0);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(spec.diskNumber ?? 0, 4);
  eocd.writeUInt16LE(spec.centralDisk ?? 0, 6);
  eocd.writeUInt16LE(spec.entryCount ?? spec.entries.length, 8);
  eocd.writeUInt16LE(spec.entryCount ?? spec.entries.length, 10);
  eocd.writeUInt32LE(spec.centralSize ?? cd.length, 12);
  eocd.writeUInt32LE(spec.centralOffset ?? offset, 16);
  eocd.writeUInt16LE(comment.length, 20);
  return Buffer.concat([...locals, cd, eocd, comment]);
}

/** yoi's `pack`: entries in byte-wise path order, zero CRC, UTF-8 flag, external attributes 0. */
export function packLikeYoi(files: Record<string, Uint8Array | string>): Buffer {
  const names = Object.keys(files).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return buildZip({ entries: names.map((name) => ({ name, data: files[name] })) });
}
