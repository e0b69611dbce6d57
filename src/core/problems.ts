// Located problems: every parse/validation issue in the core is reported as data, never thrown,
// so one bad file never hides the rest of the store. `code` is stable and `params` carry the
// variable parts so an adapter can localize `message` (which is English).

export type Severity = 'error' | 'warning' | 'info';

export interface Problem {
  /** Absolute path of the file the problem is in. */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column, when known. */
  column?: number;
  severity: Severity;
  /** Stable identifier, e.g. `item.invalid-state`. */
  code: string;
  /** English message for logs/CLI. */
  message: string;
  params?: Record<string, string | number>;
}

export function problem(
  file: string,
  line: number,
  severity: Severity,
  code: string,
  message: string,
  params?: Record<string, string | number>,
  column?: number,
): Problem {
  const p: Problem = { file, line, severity, code, message };
  if (column !== undefined) p.column = column;
  if (params) p.params = params;
  return p;
}

/** 1-based line/column of a character offset. */
export function offsetToLineCol(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
