// Command-line parsing shared by all subcommands: `--opt value`, `--opt=value`, boolean flags and
// positionals. Like yoi, option values may not start with `-`.

export interface OptionSpec {
  name: string;
  /** True for `--name VALUE`, false for a boolean flag. */
  value: boolean;
}

export interface ParsedArgs {
  positionals: string[];
  options: Map<string, string | true>;
}

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const out: ParsedArgs = { positionals: [], options: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const spec = byName.get(name);
      if (!spec) throw new UsageError(`unknown option --${name}`);
      if (!spec.value) {
        if (eq >= 0) throw new UsageError(`--${name} takes no value`);
        out.options.set(name, true);
        continue;
      }
      let v: string | undefined = eq >= 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined || v === '' || v.startsWith('-')) throw new UsageError(`--${name} needs a value`);
      out.options.set(name, v);
      continue;
    }
    if (a.startsWith('-') && a !== '-') {
      if (a === '-h') {
        out.options.set('help', true);
        continue;
      }
      throw new UsageError(`unknown option ${a}`);
    }
    out.positionals.push(a);
  }
  return out;
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.options.get(name);
  return typeof v === 'string' ? v : undefined;
}

export function flag(args: ParsedArgs, name: string): boolean {
  return args.options.get(name) === true;
}
