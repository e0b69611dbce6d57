// Component-model binary outline, read from the sections directly: every embedded core module
// (byte range, depth, how often it is instantiated), nested components, top-level imports with
// the function types of imported instances (jco's WIT printer only names imported interfaces),
// top-level export names and the producers section. Sections it does not need (canon, start,
// values) are skipped by their size, so new proposals do not break it. It stops at the first
// structural error and keeps what it has.

import { ByteReader, WasmParseError } from './reader';
import { valType as coreValType } from './coreModule';
import { parseProducers, ProducerField } from './producers';

export interface ComponentFunc {
  name: string;
  /** `(string)->string`; parameter names dropped, as wasmtime's typed lookup ignores them. */
  signature: string;
}

export type ComponentSort = 'module' | 'func' | 'value' | 'type' | 'component' | 'instance' | 'core';

export interface ComponentImport {
  name: string;
  sort: ComponentSort;
  /** Instance imports: the functions of the imported instance type, when decodable. */
  functions?: ComponentFunc[];
  /** Function imports. */
  signature?: string;
}

export interface ComponentExport {
  name: string;
  sort: ComponentSort;
}

export interface EmbeddedModule {
  /** Order of appearance in the file (0-based, all depths). */
  index: number;
  /** Absolute [start, end) of the core module bytes (from its `\0asm` header). */
  start: number;
  end: number;
  /** 0 for modules of the top-level component, 1 inside a nested component, … */
  depth: number;
  /** `instantiate` entries naming this module in its component (0 if never instantiated). */
  instantiations: number;
}

export interface ComponentOutline {
  imports: ComponentImport[];
  exports: ComponentExport[];
  modules: EmbeddedModule[];
  nestedComponents: number;
  /** Core instances created by `instantiate` (all depths). */
  coreInstantiations: number;
  producers: ProducerField[];
  customSections: string[];
  error?: { message: string; offset: number };
}

type CType =
  | { t: 'func'; params: string[]; result?: string }
  | { t: 'instance'; funcs: ComponentFunc[] }
  | { t: 'val'; text: string }
  | { t: 'resource' }
  | { t: 'component' }
  | { t: 'unknown' };

const PRIMS: Record<number, string> = {
  0x7f: 'bool',
  0x7e: 's8',
  0x7d: 'u8',
  0x7c: 's16',
  0x7b: 'u16',
  0x7a: 's32',
  0x79: 'u32',
  0x78: 's64',
  0x77: 'u64',
  0x76: 'f32',
  0x75: 'f64',
  0x74: 'char',
  0x73: 'string',
  0x64: 'error-context',
};

const SORTS: Record<number, ComponentSort> = { 0x00: 'core', 0x01: 'func', 0x02: 'value', 0x03: 'type', 0x04: 'component', 0x05: 'instance' };

export function funcSignature(t: CType | undefined): string {
  if (!t || t.t !== 'func') return '?';
  return `(${t.params.join(',')})${t.result !== undefined ? `->${t.result}` : ''}`;
}

function render(t: CType | undefined, idx: number): string {
  if (!t) return `type${idx}`;
  if (t.t === 'val') return t.text;
  if (t.t === 'func') return funcSignature(t);
  return t.t === 'resource' ? `resource${idx}` : `type${idx}`;
}

class Decoder {
  constructor(private readonly r: ByteReader) {}

  valType(space: CType[]): string {
    const b = this.r.peek();
    if (PRIMS[b] && (b & 0x80) === 0 && (b & 0x40) !== 0) {
      this.r.byte();
      return PRIMS[b];
    }
    const at = this.r.pos;
    const idx = this.r.s33();
    if (idx < 0) this.r.fail('unknown component value type', at);
    return render(space[idx], idx);
  }

  private optVal(space: CType[]): string | undefined {
    const at = this.r.pos;
    const tag = this.r.byte();
    if (tag === 0x00) return undefined;
    if (tag === 0x01) return this.valType(space);
    return this.r.fail('invalid optional value type', at);
  }

  private labels(): string[] {
    const n = this.r.count();
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.r.name());
    return out;
  }

  defType(space: CType[], outer: CType[][]): CType {
    const r = this.r;
    const at = r.pos;
    const b = r.byte();
    switch (b) {
      case 0x40: {
        const params: string[] = [];
        const np = r.count();
        for (let i = 0; i < np; i++) {
          r.name();
          params.push(this.valType(space));
        }
        const tag = r.byte();
        if (tag === 0x00) return { t: 'func', params, result: this.valType(space) };
        if (tag !== 0x01) r.fail('invalid function result list', at);
        const nr = r.count();
        const named: string[] = [];
        for (let i = 0; i < nr; i++) {
          r.name();
          named.push(this.valType(space));
        }
        return { t: 'func', params, result: nr === 0 ? undefined : `(${named.join(',')})` };
      }
      case 0x41: {
        const local: CType[] = [];
        const n = r.count();
        for (let i = 0; i < n; i++) this.decl(local, [...outer, space], undefined, true);
        return { t: 'component' };
      }
      case 0x42: {
        const local: CType[] = [];
        const funcs: ComponentFunc[] = [];
        const n = r.count();
        for (let i = 0; i < n; i++) this.decl(local, [...outer, space], funcs, false);
        return { t: 'instance', funcs };
      }
      case 0x3f: {
        r.byte(); // representation (i32)
        if (r.byte() === 0x01) r.u32(); // destructor
        return { t: 'resource' };
      }
      default:
        r.pos = at;
        return { t: 'val', text: this.defValType(space) };
    }
  }

  private defValType(space: CType[]): string {
    const r = this.r;
    const at = r.pos;
    const b = r.byte();
    if (PRIMS[b]) return PRIMS[b];
    switch (b) {
      case 0x72: {
        const n = r.count();
        const fields: string[] = [];
        for (let i = 0; i < n; i++) fields.push(`${r.name()}: ${this.valType(space)}`);
        return `record { ${fields.join(', ')} }`;
      }
      case 0x71: {
        const n = r.count();
        const cases: string[] = [];
        for (let i = 0; i < n; i++) {
          const name = r.name();
          const t = this.optVal(space);
          if (r.byte() === 0x01) r.u32(); // legacy `refines`
          cases.push(t ? `${name}(${t})` : name);
        }
        return `variant { ${cases.join(', ')} }`;
      }
      case 0x70:
        return `list<${this.valType(space)}>`;
      case 0x67: {
        const t = this.valType(space);
        return `list<${t}, ${r.u32()}>`;
      }
      case 0x6f: {
        const n = r.count();
        const ts: string[] = [];
        for (let i = 0; i < n; i++) ts.push(this.valType(space));
        return `tuple<${ts.join(', ')}>`;
      }
      case 0x6e:
        return `flags { ${this.labels().join(', ')} }`;
      case 0x6d:
        return `enum { ${this.labels().join(', ')} }`;
      case 0x6b:
        return `option<${this.valType(space)}>`;
      case 0x6a: {
        const ok = this.optVal(space);
        const err = this.optVal(space);
        return `result<${ok ?? '_'}, ${err ?? '_'}>`;
      }
      case 0x69:
      case 0x68: {
        const idx = r.u32();
        return `${b === 0x69 ? 'own' : 'borrow'}<${render(space[idx], idx)}>`;
      }
      case 0x66:
      case 0x65: {
        const t = this.optVal(space);
        return `${b === 0x66 ? 'stream' : 'future'}${t ? `<${t}>` : ''}`;
      }
      default:
        return r.fail(`unsupported component type 0x${b.toString(16)}`, at);
    }
  }

  /** One instance/component type declaration; exported functions land in `funcs`. */
  private decl(space: CType[], outer: CType[][], funcs: ComponentFunc[] | undefined, component: boolean): void {
    const r = this.r;
    const at = r.pos;
    const tag = r.byte();
    switch (tag) {
      case 0x00:
        this.skipCoreDefType();
        return;
      case 0x01:
        space.push(this.defType(space, outer));
        return;
      case 0x02:
        space.push(...this.alias(space, outer));
        return;
      case 0x03:
        if (!component) r.fail('import declaration in an instance type', at);
        this.externName();
        this.externDesc(space);
        return;
      case 0x04: {
        const name = this.externName();
        const desc = this.externDesc(space);
        if (desc.sort === 'func' && funcs) funcs.push({ name, signature: funcSignature(space[desc.index]) });
        return;
      }
      default:
        r.fail(`unknown type declaration 0x${tag.toString(16)}`, at);
    }
  }

  /** Returns the types an alias adds to the type index space (0 or 1 entries). */
  alias(space: CType[], outer: CType[][]): CType[] {
    const r = this.r;
    const sortByte = r.byte();
    if (sortByte === 0x00) r.byte(); // core sort
    const at = r.pos;
    const target = r.byte();
    let resolved: CType | undefined;
    if (target === 0x00 || target === 0x01) {
      r.u32();
      r.name();
    } else if (target === 0x02) {
      const ct = r.u32();
      const idx = r.u32();
      resolved = ct === 0 ? space[idx] : outer[outer.length - ct]?.[idx];
    } else r.fail('unknown alias target', at);
    return sortByte === 0x03 ? [resolved ?? { t: 'unknown' }] : [];
  }

  externName(): string {
    const r = this.r;
    const at = r.pos;
    const tag = r.byte();
    if (tag === 0x00) return r.name();
    if (tag === 0x01) {
      const name = r.name();
      r.name(); // version suffix
      return name;
    }
    return r.fail('invalid extern name', at);
  }

  externDesc(space: CType[]): { sort: ComponentSort | 'module'; index: number } {
    const r = this.r;
    const at = r.pos;
    const tag = r.byte();
    switch (tag) {
      case 0x00:
        if (r.byte() !== 0x11) r.fail('invalid core module type', at);
        return { sort: 'module', index: r.u32() };
      case 0x01:
        return { sort: 'func', index: r.u32() };
      case 0x02:
        if (r.byte() === 0x00) r.u32();
        else this.valType(space);
        return { sort: 'value', index: -1 };
      case 0x03: {
        const bound = r.byte();
        if (bound === 0x00) {
          const idx = r.u32();
          space.push(space[idx] ?? { t: 'unknown' });
        } else if (bound === 0x01) space.push({ t: 'resource' });
        else r.fail('invalid type bound', at);
        return { sort: 'type', index: space.length - 1 };
      }
      case 0x04:
        return { sort: 'component', index: r.u32() };
      case 0x05:
        return { sort: 'instance', index: r.u32() };
      default:
        return r.fail(`invalid extern descriptor 0x${tag.toString(16)}`, at);
    }
  }

  skipCoreDefType(): void {
    const r = this.r;
    const at = r.pos;
    const form = r.byte();
    if (form === 0x60) {
      const np = r.count();
      for (let i = 0; i < np; i++) coreValType(r);
      const nr = r.count();
      for (let i = 0; i < nr; i++) coreValType(r);
    } else if (form === 0x50) {
      const n = r.count();
      for (let i = 0; i < n; i++) {
        const dat = r.pos;
        const tag = r.byte();
        if (tag === 0x00) {
          r.name();
          r.name();
          this.skipCoreImportDesc();
        } else if (tag === 0x01) this.skipCoreDefType();
        else if (tag === 0x02) {
          r.byte();
          if (r.byte() !== 0x01) r.fail('invalid core alias', dat);
          r.u32();
          r.u32();
        } else if (tag === 0x03) {
          r.name();
          this.skipCoreImportDesc();
        } else r.fail('unknown module type declaration', dat);
      }
    } else r.fail(`unsupported core type form 0x${form.toString(16)}`, at);
  }

  private skipCoreImportDesc(): void {
    const r = this.r;
    const at = r.pos;
    const kind = r.byte();
    if (kind === 0x00) r.u32();
    else if (kind === 0x01) {
      coreValType(r);
      this.skipLimits();
    } else if (kind === 0x02) this.skipLimits();
    else if (kind === 0x03) {
      coreValType(r);
      r.byte();
    } else if (kind === 0x04) {
      r.byte();
      r.u32();
    } else r.fail('unknown core import kind', at);
  }

  private skipLimits(): void {
    const r = this.r;
    const flags = r.byte();
    const read = () => (flags & 0x04 ? r.u64() : r.u32());
    read();
    if (flags & 0x01) read();
    if (flags & 0x08) r.u32();
  }
}

interface Level {
  types: CType[];
  /** Core module index space: index into `outline.modules`, or -1 for imported/aliased modules. */
  coreModules: number[];
  /** Component index space: whether it is a nested component defined here. */
  components: number;
}

export function parseComponent(bytes: Uint8Array): ComponentOutline {
  const out: ComponentOutline = {
    imports: [],
    exports: [],
    modules: [],
    nestedComponents: 0,
    coreInstantiations: 0,
    producers: [],
    customSections: [],
  };
  try {
    walk(bytes, 0, bytes.length, 0, out, []);
  } catch (e) {
    if (!(e instanceof WasmParseError)) throw e;
    out.error = { message: e.message, offset: e.offset };
  }
  return out;
}

function walk(bytes: Uint8Array, start: number, end: number, depth: number, out: ComponentOutline, outer: CType[][]): void {
  const r = new ByteReader(bytes, start, end);
  if (end - start < 8) r.fail('component header is truncated');
  r.skip(8);
  const level: Level = { types: [], coreModules: [], components: 0 };
  const top = depth === 0;
  while (!r.done) {
    const id = r.byte();
    const size = r.u32();
    const cs = r.pos;
    const ce = cs + size;
    if (ce > end) r.fail(`component section ${id} extends past the end of its component`, cs);
    const s = new ByteReader(bytes, cs, ce);
    const d = new Decoder(s);
    switch (id) {
      case 0: {
        const name = s.name();
        if (top) {
          out.customSections.push(name);
          if (name === 'producers') out.producers = parseProducers(s);
        }
        break;
      }
      case 1:
        level.coreModules.push(out.modules.length);
        out.modules.push({ index: out.modules.length, start: cs, end: ce, depth, instantiations: 0 });
        break;
      case 2: {
        const n = s.count();
        for (let i = 0; i < n; i++) {
          const at = s.pos;
          const kind = s.byte();
          if (kind === 0x00) {
            const moduleIdx = s.u32();
            const args = s.count();
            for (let j = 0; j < args; j++) {
              s.name();
              if (s.byte() !== 0x12) s.fail('invalid core instantiate argument', at);
              s.u32();
            }
            out.coreInstantiations++;
            const m = level.coreModules[moduleIdx];
            if (m !== undefined && m >= 0) out.modules[m].instantiations++;
          } else if (kind === 0x01) {
            const exports = s.count();
            for (let j = 0; j < exports; j++) {
              s.name();
              s.byte();
              s.u32();
            }
          } else s.fail('unknown core instance kind', at);
        }
        break;
      }
      case 3: {
        const n = s.count();
        for (let i = 0; i < n; i++) d.skipCoreDefType();
        break;
      }
      case 4:
        out.nestedComponents++;
        level.components++;
        walk(bytes, cs, ce, depth + 1, out, [...outer, level.types]);
        break;
      case 6: {
        const n = s.count();
        for (let i = 0; i < n; i++) {
          const sortAt = s.pos;
          const sortByte = s.peek();
          const coreSort = sortByte === 0x00 ? bytes[sortAt + 1] : undefined;
          level.types.push(...d.alias(level.types, outer));
          if (coreSort === 0x11) level.coreModules.push(-1);
        }
        break;
      }
      case 7: {
        const n = s.count();
        for (let i = 0; i < n; i++) level.types.push(d.defType(level.types, outer));
        break;
      }
      case 10: {
        const n = s.count();
        for (let i = 0; i < n; i++) {
          const name = d.externName();
          const desc = d.externDesc(level.types);
          if (desc.sort === 'module') level.coreModules.push(-1);
          if (!top) continue;
          const imp: ComponentImport = { name, sort: desc.sort };
          const t = level.types[desc.index];
          if (desc.sort === 'instance' && t?.t === 'instance') imp.functions = t.funcs;
          if (desc.sort === 'func' && t?.t === 'func') imp.signature = funcSignature(t);
          out.imports.push(imp);
        }
        break;
      }
      case 11: {
        const n = s.count();
        for (let i = 0; i < n; i++) {
          const name = d.externName();
          const at = s.pos;
          const sortByte = s.byte();
          if (sortByte === 0x00) s.byte();
          const sort = SORTS[sortByte];
          if (!sort) s.fail('unknown export sort', at);
          const idx = s.u32();
          if (s.byte() === 0x01) d.externDesc(level.types);
          else if (sort === 'type') level.types.push(level.types[idx] ?? { t: 'unknown' });
          if (top) out.exports.push({ name, sort });
        }
        break;
      }
      default:
        break; // core instance exports, component instances, canon, start, values: skipped by size
    }
    r.pos = ce;
  }
}
