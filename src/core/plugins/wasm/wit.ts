// Reads the `world root { … }` that jco's `componentWit` prints for a component (the original
// world name is not in the binary, it always prints `root:component/root`) into import/export
// items, and reduces function types to shapes like `(string,string)->string` — parameter names
// dropped, as wasmtime's typed export lookup ignores them.

export type WorldItemKind = 'func' | 'interface' | 'inline-interface' | 'other';

export interface WorldItem {
  kind: WorldItemKind;
  name: string;
  /** WIT type text for functions (`func(tool-name: string, input-json: string) -> string`). */
  type?: string;
  /** Shape for functions (`(string,string)->string`). */
  shape?: string;
}

export interface RootWorld {
  imports: WorldItem[];
  exports: WorldItem[];
}

/** Splits on commas at nesting depth 0 (`<>`, `()`, `{}`). */
export function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of s) {
    if (c === '<' || c === '(' || c === '{') depth++;
    else if (c === '>' || c === ')' || c === '}') depth--;
    if (c === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  if (cur.trim()) out.push(cur);
  return out.map((x) => x.trim()).filter((x) => x.length > 0);
}

/** `func(a: string, b: list<u8>) -> string` → `(string,list<u8>)->string`. */
export function funcShape(type: string): string {
  const t = type.trim().replace(/^async\s+/, '');
  const m = /^func\s*\(/.exec(t);
  if (!m) return t;
  let depth = 0;
  let close = -1;
  for (let i = m[0].length - 1; i < t.length; i++) {
    if (t[i] === '(') depth++;
    else if (t[i] === ')' && --depth === 0) {
      close = i;
      break;
    }
  }
  if (close < 0) return t;
  const params = splitTopLevel(t.slice(m[0].length, close)).map((p) => {
    const colon = p.indexOf(':');
    return (colon >= 0 ? p.slice(colon + 1) : p).trim().replace(/\s+/g, ' ');
  });
  const rest = t.slice(close + 1).trim();
  const result = rest.startsWith('->') ? rest.slice(2).trim().replace(/\s+/g, ' ') : '';
  return `(${params.join(',')})${result ? `->${result}` : ''}`;
}

/** Parses the root world of `componentWit` output; tolerant of docs, types and inline interfaces. */
export function parseRootWorld(wit: string): RootWorld {
  const imports: WorldItem[] = [];
  const exports: WorldItem[] = [];
  const lines = wit.split('\n');
  let i = lines.findIndex((l) => /^\s*world\s+root\s*\{/.test(l));
  if (i < 0) return { imports, exports };
  let depth = 0;
  for (i = i + 1; i < lines.length; i++) {
    const line = lines[i].trim();
    if (depth === 0 && line === '}') break;
    if (depth > 0) {
      depth += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
      continue;
    }
    if (!line || line.startsWith('//')) continue;
    const m = /^(import|export)\s+(.*?);?$/.exec(line);
    if (!m) {
      depth += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
      continue;
    }
    const list = m[1] === 'import' ? imports : exports;
    const body = m[2];
    let n: RegExpExecArray | null;
    if ((n = /^(%?[a-z][a-z0-9-]*)\s*:\s*((?:async\s+)?func\s*\(.*)$/.exec(body))) {
      const type = n[2].replace(/;\s*$/, '');
      list.push({ kind: 'func', name: n[1].replace(/^%/, ''), type, shape: funcShape(type) });
    } else if ((n = /^(%?[a-z][a-z0-9-]*)\s*:\s*interface\s*\{/.exec(body))) {
      list.push({ kind: 'inline-interface', name: n[1].replace(/^%/, '') });
      depth += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
    } else if ((n = /^([a-z][\w-]*:[\w/@.+-]+)$/.exec(body.replace(/;$/, '')))) {
      list.push({ kind: 'interface', name: n[1] });
    } else {
      list.push({ kind: 'other', name: body.replace(/;$/, '') });
      depth += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
    }
  }
  return { imports, exports };
}
