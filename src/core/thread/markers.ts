// Event marker lines: `<!-- event: kind author: a at: t ... -->`, parsed exactly as yoi does (§5.1).

export interface MarkerAttr {
  key: string;
  value: string;
  quoted: boolean;
}

export interface ParsedMarker {
  attrs: MarkerAttr[];
  /** Words without `:` that yoi skips, with the key whose unquoted value they followed (if any). */
  strayWords: Array<{ word: string; afterKey?: string }>;
}

/** Whether a line is an event marker for yoi: after trimming it starts with `<!--` and ends with `-->`. */
export function markerInner(line: string): string | undefined {
  const t = line.trim();
  if (t.length < 7 || !t.startsWith('<!--') || !t.endsWith('-->')) return undefined;
  return t.slice(4, -3);
}

const isWs = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';

/** Tokenizes marker attributes: `key: value` pairs; values bare or `"…"` with `\x` → x. */
export function parseMarkerAttrs(inner: string): ParsedMarker {
  const attrs: MarkerAttr[] = [];
  const strayWords: ParsedMarker['strayWords'] = [];
  let i = 0;
  const n = inner.length;
  let lastUnquotedKey: string | undefined;
  while (i < n) {
    while (i < n && isWs(inner[i])) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && !isWs(inner[i]) && inner[i] !== ':') i++;
    const key = inner.slice(start, i);
    if (inner[i] !== ':' || key === '') {
      // A word without a colon (or a stray colon): yoi skips it.
      while (i < n && !isWs(inner[i])) i++;
      strayWords.push({ word: inner.slice(start, i), afterKey: lastUnquotedKey });
      continue;
    }
    i++; // ':'
    while (i < n && isWs(inner[i])) i++;
    let value = '';
    let quoted = false;
    if (inner[i] === '"') {
      quoted = true;
      i++;
      while (i < n && inner[i] !== '"') {
        if (inner[i] === '\\' && i + 1 < n) i++;
        value += inner[i];
        i++;
      }
      i++; // closing quote
    } else {
      const vs = i;
      while (i < n && !isWs(inner[i])) i++;
      value = inner.slice(vs, i);
    }
    attrs.push({ key, value, quoted });
    lastUnquotedKey = quoted ? undefined : key;
  }
  return { attrs, strayWords };
}

/** Quotes an attribute value the way yoi writes it (§5.3). Throws for values yoi rejects. */
export function quoteAttrValue(v: string): string {
  if (/[\r\n]/.test(v) || v.includes('-->')) throw new Error('attribute values must not contain CR, LF or -->');
  if (v === '' || /[\s"\\]/.test(v)) return `"${v.replace(/[\\"]/g, (c) => '\\' + c)}"`;
  return v;
}
