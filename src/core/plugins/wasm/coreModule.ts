// A core WebAssembly module's outline read from its sections: function types, imports, exports
// (with signatures, which V8's reflection does not give), defined memories and tables (for yoi's
// store limits) and custom sections (producers). Validation proper is V8's job
// (`WebAssembly.validate`); this reader only needs the structure and stops at what it cannot read.

import { ByteReader, WasmParseError } from './reader';
import { parseProducers, ProducerField } from './producers';

export type ExternKind = 'func' | 'table' | 'memory' | 'global' | 'tag';
const EXTERN_KINDS: ExternKind[] = ['func', 'table', 'memory', 'global', 'tag'];

export interface Limits {
  min: number;
  max?: number;
  shared?: boolean;
  index64?: boolean;
  /** Custom page size log2 (custom-page-sizes proposal), when present. */
  pageSizeLog2?: number;
}

export interface FuncType {
  params: string[];
  results: string[];
}

export interface CoreImport {
  module: string;
  name: string;
  kind: ExternKind;
  /** Functions: `(i32,i32)->i32`. */
  signature?: string;
  limits?: Limits;
}

export interface CoreExport {
  name: string;
  kind: ExternKind;
  index: number;
  signature?: string;
}

export interface CoreTable {
  element: string;
  limits: Limits;
}

export interface CoreSection {
  id: number;
  name: string;
  /** Absolute offsets of the section content. */
  start: number;
  size: number;
}

export interface CoreModuleOutline {
  /** Absolute [start, end) of the module in the enclosing file. */
  start: number;
  end: number;
  sections: CoreSection[];
  types: (FuncType | undefined)[];
  imports: CoreImport[];
  exports: CoreExport[];
  /** Defined (not imported) memories and tables. */
  memories: Limits[];
  tables: CoreTable[];
  definedFunctions: number;
  customSections: string[];
  producers: ProducerField[];
  /** Set when the structure could not be read to the end. */
  error?: { message: string; offset: number };
}

const SECTION_NAMES: Record<number, string> = {
  0: 'custom',
  1: 'type',
  2: 'import',
  3: 'function',
  4: 'table',
  5: 'memory',
  6: 'global',
  7: 'export',
  8: 'start',
  9: 'element',
  10: 'code',
  11: 'data',
  12: 'datacount',
  13: 'tag',
};

const VALTYPES: Record<number, string> = {
  0x7f: 'i32',
  0x7e: 'i64',
  0x7d: 'f32',
  0x7c: 'f64',
  0x7b: 'v128',
  0x70: 'funcref',
  0x6f: 'externref',
  0x6e: 'anyref',
  0x6d: 'eqref',
  0x6c: 'i31ref',
  0x6b: 'structref',
  0x6a: 'arrayref',
  0x71: 'nullref',
  0x72: 'nullexternref',
  0x73: 'nullfuncref',
  0x69: 'exnref',
};

export function formatSignature(t: FuncType | undefined): string | undefined {
  return t ? `(${t.params.join(',')})->${t.results.length ? t.results.join(',') : '()'}` : undefined;
}

function heapType(r: ByteReader): string {
  const at = r.pos;
  const b = r.peek();
  if (VALTYPES[b] && (b & 0x40)) {
    r.byte();
    return VALTYPES[b].replace(/ref$/, '');
  }
  const idx = r.s33();
  if (idx < 0) r.fail('unknown heap type', at);
  return `$${idx}`;
}

export function valType(r: ByteReader): string {
  const at = r.pos;
  const b = r.byte();
  if (b === 0x64 || b === 0x63) return `(ref ${b === 0x63 ? 'null ' : ''}${heapType(r)})`;
  const t = VALTYPES[b];
  if (!t) r.fail(`unknown value type 0x${b.toString(16)}`, at);
  return t;
}

function limits(r: ByteReader, memory: boolean): Limits {
  const at = r.pos;
  const flags = r.byte();
  if (flags & ~0x0f) r.fail(`unknown limits flags 0x${flags.toString(16)}`, at);
  const index64 = (flags & 0x04) !== 0;
  const read = () => (index64 ? r.u64() : r.u32());
  const l: Limits = { min: read() };
  if (flags & 0x01) l.max = read();
  if (flags & 0x02) l.shared = true;
  if (index64) l.index64 = true;
  if (memory && flags & 0x08) l.pageSizeLog2 = r.u32();
  return l;
}

function tableType(r: ByteReader): CoreTable {
  const element = valType(r);
  return { element, limits: limits(r, false) };
}

/** Skips a constant expression (table initialisers). */
function skipConstExpr(r: ByteReader): void {
  for (let guard = 0; guard < 10_000; guard++) {
    const at = r.pos;
    const op = r.byte();
    switch (op) {
      case 0x0b:
        return;
      case 0x41:
        r.skipSleb(5);
        break;
      case 0x42:
        r.skipSleb(10);
        break;
      case 0x43:
        r.skip(4);
        break;
      case 0x44:
        r.skip(8);
        break;
      case 0x23:
      case 0xd2:
        r.u32();
        break;
      case 0xd0:
        heapType(r);
        break;
      case 0x6a:
      case 0x6b:
      case 0x6c:
      case 0x7c:
      case 0x7d:
      case 0x7e:
        break;
      case 0xfd:
        if (r.u32() !== 12) r.fail('unsupported SIMD constant expression', at);
        r.skip(16);
        break;
      default:
        r.fail(`unsupported constant expression opcode 0x${op.toString(16)}`, at);
    }
  }
  r.fail('constant expression too long');
}

function parseTypes(r: ByteReader, types: (FuncType | undefined)[]): void {
  const n = r.count();
  for (let i = 0; i < n; i++) {
    const at = r.pos;
    const form = r.byte();
    if (form !== 0x60) {
      // GC proposal forms (rec/sub/struct/array) are beyond what yoi modules use; stop here.
      r.fail(`unsupported type form 0x${form.toString(16)}`, at);
    }
    const params: string[] = [];
    const np = r.count();
    for (let j = 0; j < np; j++) params.push(valType(r));
    const results: string[] = [];
    const nr = r.count();
    for (let j = 0; j < nr; j++) results.push(valType(r));
    types.push({ params, results });
  }
}

export function parseCoreModule(bytes: Uint8Array, start = 0, end = bytes.length): CoreModuleOutline {
  const out: CoreModuleOutline = {
    start,
    end,
    sections: [],
    types: [],
    imports: [],
    exports: [],
    memories: [],
    tables: [],
    definedFunctions: 0,
    customSections: [],
    producers: [],
  };
  const funcTypeIdx: number[] = []; // imported functions first, then defined ones
  try {
    const r = new ByteReader(bytes, start, end);
    if (end - start < 8) r.fail('module header is truncated');
    r.skip(8);
    while (!r.done) {
      const id = r.byte();
      const size = r.u32();
      const contentStart = r.pos;
      if (contentStart + size > end) r.fail(`${SECTION_NAMES[id] ?? `section ${id}`} section extends past the end of the module`, contentStart);
      out.sections.push({ id, name: SECTION_NAMES[id] ?? `unknown(${id})`, start: contentStart, size });
      const s = new ByteReader(bytes, contentStart, contentStart + size);
      switch (id) {
        case 0: {
          const name = s.name();
          out.customSections.push(name);
          if (name === 'producers') out.producers = parseProducers(s);
          break;
        }
        case 1:
          parseTypes(s, out.types);
          break;
        case 2: {
          const n = s.count();
          for (let i = 0; i < n; i++) {
            const module = s.name();
            const name = s.name();
            const at = s.pos;
            const kindByte = s.byte();
            const kind = EXTERN_KINDS[kindByte];
            if (!kind) s.fail(`unknown import kind 0x${kindByte.toString(16)}`, at);
            const imp: CoreImport = { module, name, kind };
            if (kind === 'func') {
              const t = s.u32();
              funcTypeIdx.push(t);
              imp.signature = formatSignature(out.types[t]);
            } else if (kind === 'table') imp.limits = tableType(s).limits;
            else if (kind === 'memory') imp.limits = limits(s, true);
            else if (kind === 'global') {
              valType(s);
              s.byte();
            } else {
              s.byte();
              s.u32();
            }
            out.imports.push(imp);
          }
          break;
        }
        case 3: {
          const n = s.count();
          for (let i = 0; i < n; i++) funcTypeIdx.push(s.u32());
          out.definedFunctions = n;
          break;
        }
        case 4: {
          const n = s.count();
          for (let i = 0; i < n; i++) {
            if (s.peek() === 0x40) {
              s.byte();
              if (s.byte() !== 0x00) s.fail('unknown table encoding');
              out.tables.push(tableType(s));
              skipConstExpr(s);
            } else out.tables.push(tableType(s));
          }
          break;
        }
        case 5: {
          const n = s.count();
          for (let i = 0; i < n; i++) out.memories.push(limits(s, true));
          break;
        }
        case 7: {
          const n = s.count();
          for (let i = 0; i < n; i++) {
            const name = s.name();
            const at = s.pos;
            const kindByte = s.byte();
            const kind = EXTERN_KINDS[kindByte];
            if (!kind) s.fail(`unknown export kind 0x${kindByte.toString(16)}`, at);
            const index = s.u32();
            const exp: CoreExport = { name, kind, index };
            if (kind === 'func') exp.signature = formatSignature(out.types[funcTypeIdx[index]]);
            out.exports.push(exp);
          }
          break;
        }
        default:
          break; // global, start, element, code, data, datacount, tag: not needed
      }
      r.pos = contentStart + size;
    }
  } catch (e) {
    if (!(e instanceof WasmParseError)) throw e;
    out.error = { message: e.message, offset: e.offset };
  }
  return out;
}
