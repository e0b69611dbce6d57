// Small helpers to give JSON problems a line: JSON.parse reports only an offset (and not always).
import { offsetToLineCol } from '../problems';

/** Line/column of a JSON.parse error: from Node's message when it has a position, else found by
 * a small validating scan (Node 20 omits the position for some errors). */
export function jsonErrorPosition(text: string, e: unknown): { line: number; column?: number } {
  const msg = String((e as Error)?.message ?? '');
  const lc = /line (\d+) column (\d+)/.exec(msg);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/.exec(msg);
  if (pos) return offsetToLineCol(text, Number(pos[1]));
  const off = jsonErrorOffset(text);
  return off === undefined ? { line: 1 } : offsetToLineCol(text, off);
}

/** Offset of the first JSON syntax error, or undefined when the text is valid JSON. */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const str = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail();
      if (text[i] === '\\') i++;
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        str();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') return void i++;
        fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') return void i++;
        fail();
      }
    }
    if (c === '"') return str();
    const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 64));
    if (!m) fail();
    i += m![0].length;
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return undefined;
  } catch (at) {
    return typeof at === 'number' ? Math.min(at, text.length) : undefined;
  }
}

/** File lines where each element of the array at `depth` (counting `{`/`[` nesting) opens with `{`.
 * For text JSON.parse accepted: a valid string holds no raw line break, so strings are skipped with
 * indexOf rather than walked (this runs for every relations.json of a cold build). */
export function objectStartLines(text: string, depth: number): number[] {
  const out: number[] = [];
  let d = 0;
  let line = 1;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // To the closing quote: the next quote not escaped by an odd run of backslashes.
      let j = i;
      for (;;) {
        j = text.indexOf('"', j + 1);
        if (j < 0) return out;
        let k = j - 1;
        while (text.charCodeAt(k) === 92) k--;
        if (((j - 1 - k) & 1) === 0) break;
      }
      i = j;
    } else if (c === 10) line++;
    else if (c === 123 || c === 91) {
      d++;
      if (c === 123 && d === depth) out.push(line);
    } else if (c === 125 || c === 93) d--;
  }
  return out;
}
