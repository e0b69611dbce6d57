// `plugin check PATH [--json]`: yoi's `plugin check` verdict for a plugin folder or `.yoi-plugin`
// archive (same JSON fields and human lines), plus the inspector's binary checks; a standalone
// `.wasm` gets the binary checks only. Exit 1 when yoi would reject the package (with --strict,
// also when the runtime would reject the artifact); for a .wasm, when the runtime would reject it.

import { flag, parseArgs, ParsedArgs, stringOption, UsageError } from './args';
import { CliCommand, CliIo, EXIT, HELP_OPTION, JSON_OPTION } from './command';
import { termSafe } from './output';
import {
  CheckReport,
  Finding,
  INSTANCE_WORLD,
  inspectPluginPath,
  PluginInspectionReport,
  PluginInspector,
  renderCheckHuman,
  TOOL_WORLD,
} from '../core/plugins';

const USAGE = 'plugin check PATH [--json] [--world tool|instance] [--strict] [--timeout MS]';

const OPTIONS = [JSON_OPTION, HELP_OPTION, { name: 'world', value: true }, { name: 'strict', value: false }, { name: 'timeout', value: true }];

function worldOption(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (v === 'tool' || v === TOOL_WORLD) return TOOL_WORLD;
  if (v === 'instance' || v === INSTANCE_WORLD) return INSTANCE_WORLD;
  throw new UsageError(`unknown world '${v}' (expected tool or instance)`);
}

/** The `--json` document: yoi's CheckReport fields at the top level, the full inspection under `inspection`. */
export type CheckJson = Omit<CheckReport, 'input_kind'> & {
  /** `wasm` for a standalone binary (then `status` is the inspector's verdict: rejected when the runtime would reject it). */
  input_kind: CheckReport['input_kind'] | 'wasm';
  inspection: Omit<PluginInspectionReport, 'check'>;
};

export function checkJson(report: PluginInspectionReport): CheckJson {
  const { check, ...inspection } = report;
  if (check) return { ...check, inspection };
  const rejected = report.verdict.runtimeWouldReject.length > 0 || report.findings.some((f) => f.severity === 'error');
  return {
    command: 'check',
    status: rejected ? 'rejected' : 'active',
    input_path: report.input.path,
    input_kind: 'wasm',
    package: null,
    diagnostics: report.findings.filter((f) => f.severity === 'error').map((f) => ({ kind: f.kind, phase: f.phase, message: f.message })),
    static_inspection: null,
    safety: { no_network: true, no_plugin_execution: true, no_enablement_config_mutation: true, no_secrets_generated: true },
    next_steps: [],
    inspection,
  };
}

function where(f: Finding): string {
  const l = f.location;
  if (!l) return '';
  return l.start ? `${l.file}:${l.start.line}:${l.start.column}` : l.file;
}

/** The inspector's part of the human output (after yoi's lines). */
export function renderInspectionHuman(r: PluginInspectionReport): string {
  const out: string[] = ['', `inspector: ${r.verdict.summary} (errors=${r.verdict.errors} warnings=${r.verdict.warnings})`];
  if (r.digest) out.push(`digest: ${r.digest}`);
  const a = r.artifact;
  if (a) {
    out.push(`artifact: ${termSafe(a.path)} ${a.size} bytes kind=${a.kind} inspection=${a.inspection}${a.inspectionError ? ` (${termSafe(a.inspectionError)})` : ''}`);
    if (a.declaredWorld || a.checkedWorld) out.push(`  world: declared=${termSafe(a.declaredWorld ?? '(none)')} checked=${a.checkedWorld ?? '(none)'}`);
    for (const w of a.worlds) {
      out.push(`  ${w.world}: ${w.conforms === undefined ? 'unverified' : w.conforms ? 'conforms' : 'does not conform'}${w.problems.length ? ` (${termSafe(w.problems.join('; '))})` : ''}`);
    }
    if (a.legacyAbi) {
      out.push(`  retired raw ABI (yoi-plugin-wasm-1): ${a.legacyAbi.conforms ? 'conforms' : `does not conform (${termSafe(a.legacyAbi.problems.join('; '))})`}`);
    }
    if (a.imports.length) {
      out.push('  imports:');
      for (const i of a.imports) {
        const status = i.allowed ? (i.permission ? `needs ${i.permission}` : 'provided by the raw ABI') : 'not provided by yoi';
        out.push(`    - ${termSafe(i.name)} [${i.kind}] ${status}`);
        for (const fn of i.functions) out.push(`        ${termSafe(fn.name)} ${fn.signature}${fn.expected && !fn.ok ? ` (host: ${fn.expected})` : ''}`);
      }
    }
    if (a.exports.length) {
      out.push('  exports:');
      for (const e of a.exports) out.push(`    - ${termSafe(e.name)} ${e.shape ?? e.kind}${e.expected && !e.ok ? ` (expected ${e.expected})` : ''}`);
    }
    if (a.modules.length) {
      out.push('  core modules:');
      for (const m of a.modules) {
        const mem = m.memories.map((x) => `${x.minPages}${x.maxPages !== undefined ? `..${x.maxPages}` : ''} pages`).join(', ');
        out.push(`    - #${m.index}${m.depth ? ` (depth ${m.depth})` : ''} ${m.size} bytes ${m.valid ? 'valid' : 'INVALID'}${mem ? ` memory ${mem}` : ''}${m.tables.length ? ` tables ${m.tables.length}` : ''}`);
      }
    }
    const producers = a.producers.map((p) => `${p.field}: ${p.values.map((v) => `${v.name} ${v.version}`).join(', ')}`);
    if (producers.length) out.push(`  producers: ${termSafe(producers.join('; '))}`);
  }
  if (r.verdict.runtimeWouldReject.length) {
    out.push('the runtime would reject:');
    for (const m of r.verdict.runtimeWouldReject) out.push(`  - ${termSafe(m)}`);
  }
  const others = r.findings.filter((f) => !f.reportedByYoi && !(f.origin === 'runtime' && f.severity === 'error'));
  if (others.length) {
    out.push('findings:');
    for (const f of others) out.push(`  - ${f.severity} ${f.id}${where(f) ? ` at ${termSafe(where(f))}` : ''}: ${termSafe(f.message)}`);
  }
  return out.join('\n') + '\n';
}

async function execute(args: ParsedArgs, io: CliIo): Promise<number> {
  const [sub, path, ...extra] = args.positionals;
  if (sub !== 'check') throw new UsageError(sub === undefined ? 'missing subcommand (check)' : `unknown plugin subcommand '${sub}'`);
  if (!path) throw new UsageError('missing PATH');
  if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`);
  const world = worldOption(stringOption(args, 'world'));
  const timeoutText = stringOption(args, 'timeout');
  const timeoutMs = timeoutText === undefined ? undefined : Number(timeoutText);
  if (timeoutMs !== undefined && (!Number.isInteger(timeoutMs) || timeoutMs <= 0)) throw new UsageError('--timeout needs a positive number of milliseconds');

  const inspector = new PluginInspector({ idleMs: 0 });
  let report: PluginInspectionReport;
  try {
    report = await inspectPluginPath(path, { inspector, world, timeoutMs });
  } finally {
    await inspector.dispose();
  }
  if (flag(args, 'json')) io.stdout(JSON.stringify(checkJson(report), null, 2) + '\n');
  else {
    if (report.check) io.stdout(termSafe(renderCheckHuman(report.check)));
    else io.stdout(`plugin check: ${termSafe(report.input.path)} input_kind=wasm\n`);
    io.stdout(renderInspectionHuman(report));
  }
  const runtimeRejects = report.verdict.runtimeWouldReject.length > 0;
  if (report.check) return report.check.status === 'rejected' || (flag(args, 'strict') && runtimeRejects) ? EXIT.failure : EXIT.ok;
  return checkJson(report).status === 'rejected' ? EXIT.failure : EXIT.ok;
}

export const pluginCommand: CliCommand = {
  name: 'plugin',
  summary: "Check a plugin folder, .yoi-plugin or .wasm (yoi's check + binary inspection)",
  usage: USAGE,
  options: OPTIONS,
  run: execute,
};

/** Standalone entry: `args` are the words after `plugin` (e.g. `['check', PATH, '--json']`). */
export async function run(args: string[], io: CliIo = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), cwd: process.cwd() }): Promise<number> {
  try {
    const parsed = parseArgs(args, OPTIONS);
    if (flag(parsed, 'help')) {
      io.stdout(`usage: yoi-vscode ${USAGE}\n`);
      return EXIT.ok;
    }
    return await execute(parsed, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`yoi-vscode plugin: ${e.message}\nusage: yoi-vscode ${USAGE}\n`);
      return EXIT.usage;
    }
    throw e;
  }
}
