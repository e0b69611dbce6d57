// `doctor`: yoi's doctor checks (family `yoi`, yoi's severities) plus the extension's anomaly
// checks (family `extension`, Information), as compiler-style lines or versioned JSON.
// Exit 1 when there is an error, like `yoi ticket doctor`.
import { DoctorFamily } from '../core/doctor/catalog';
import { runDoctor } from '../core/doctor/doctor';
import { Finding } from '../core/doctor/finding';
import { flag, ParsedArgs, stringOption, UsageError } from './args';
import { CliCommand, CliIo, EXIT, HELP_OPTION, JSON_OPTION, WORKSPACE_OPTION } from './command';
import { CLI_JSON_VERSION, json, termSafe, workspacePath } from './output';
import { openWorkspace } from './workspace';

export function doctorFindingJson(root: string, f: Finding) {
  return {
    file: workspacePath(root, f.file),
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    severity: f.severity,
    code: f.code,
    family: f.family,
    message: f.message,
    ticket: f.ticket ?? null,
    params: f.params,
  };
}

function parseFamily(v: string | undefined): DoctorFamily[] | undefined {
  if (v === undefined || v === 'all') return undefined;
  if (v === 'yoi' || v === 'extension') return [v];
  throw new UsageError(`unknown family '${v}' (expected yoi, extension or all)`);
}

function counts(fs: readonly Finding[]) {
  return {
    errors: fs.filter((f) => f.severity === 'error').length,
    warnings: fs.filter((f) => f.severity === 'warning').length,
    infos: fs.filter((f) => f.severity === 'info').length,
  };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const doctorCommand: CliCommand = {
  name: 'doctor',
  summary: "Check the ticket store: yoi's doctor checks plus the extension's anomaly checks",
  usage: 'doctor [--workspace DIR] [--include-closed|--hide-closed] [--family yoi|extension|all] [--json]',
  options: [WORKSPACE_OPTION, JSON_OPTION, HELP_OPTION, { name: 'include-closed', value: false }, { name: 'hide-closed', value: false }, { name: 'family', value: true }],
  run(args: ParsedArgs, io: CliIo): number {
    if (args.positionals.length) throw new UsageError(`doctor takes no arguments (got ${args.positionals[0]})`);
    if (flag(args, 'include-closed') && flag(args, 'hide-closed')) throw new UsageError('--include-closed and --hide-closed exclude each other');
    // Like `yoi ticket doctor`, every ticket is checked unless --hide-closed is given.
    const includeClosed = !flag(args, 'hide-closed');
    const families = parseFamily(stringOption(args, 'family'));
    const stores = openWorkspace(args, io);
    const root = stores.location.workspaceRoot;
    const findings = runDoctor(stores.main, { includeClosed, families });
    const c = counts(findings);
    if (flag(args, 'json')) {
      io.stdout(json({
        version: CLI_JSON_VERSION,
        workspace: root,
        ticketsRoot: stores.main.root,
        includeClosed,
        families: families ?? ['yoi', 'extension'],
        summary: c,
        findings: findings.map((f) => doctorFindingJson(root, f)),
      }));
    } else {
      for (const f of findings) {
        const label = f.severity === 'info' ? 'info' : f.severity;
        io.stdout(`${workspacePath(root, f.file)}:${f.line}:${f.column}: ${label}: ${termSafe(f.message)} [${f.code}]${f.family === 'extension' ? ' (extension)' : ''}\n`);
      }
      if (!findings.length) io.stdout('doctor: ok\n');
      else io.stdout(`doctor: ${plural(c.errors, 'error', 'errors')}, ${plural(c.warnings, 'warning', 'warnings')}, ${plural(c.infos, 'note', 'notes')}${includeClosed ? '' : ' (closed tickets hidden)'}\n`);
    }
    return c.errors > 0 ? EXIT.failure : EXIT.ok;
  },
};
