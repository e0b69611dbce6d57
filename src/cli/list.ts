// `list`: every Ticket (or some states) as an aligned table or versioned JSON (docs/cli.md).
import { isTicketState, TICKET_STATES, TicketState, STATE_SHORT_LABEL } from '../core/states';
import { OverlaidSummary } from '../core/store/overlay';
import { flag, ParsedArgs, stringOption, UsageError } from './args';
import { CliCommand, CliIo, EXIT, HELP_OPTION, JSON_OPTION, WORKSPACE_OPTION } from './command';
import { CLI_JSON_VERSION, json, jsonProblem, oneLine, table } from './output';
import { openWorkspace } from './workspace';

/** Parses `--state planning,ready` (also `active` = all but closed, `all`). */
export function parseStateFilter(v: string | undefined): TicketState[] | undefined {
  if (v === undefined || v === 'all') return undefined;
  if (v === 'active') return TICKET_STATES.filter((s) => s !== 'closed');
  const out: TicketState[] = [];
  for (const part of v.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (part === 'active') out.push(...TICKET_STATES.filter((s) => s !== 'closed'));
    else if (isTicketState(part)) out.push(part);
    else throw new UsageError(`unknown state '${part}' (expected ${TICKET_STATES.join(', ')}, active or all)`);
  }
  if (!out.length) throw new UsageError('--state needs at least one state');
  return [...new Set(out)];
}

export function listTicketJson(workspaceRoot: string, s: OverlaidSummary) {
  return {
    id: s.id,
    state: s.state ?? null,
    title: s.title,
    createdAt: s.createdAt ?? null,
    updatedAt: s.updatedAt ?? null,
    readiness: s.readiness ?? null,
    riskFlags: s.riskFlags,
    blockedBy: s.blockedBy,
    overlay: s.overlay ?? null,
    problems: s.problems.map((p) => jsonProblem(workspaceRoot, p)),
  };
}

function hints(s: OverlaidSummary): string {
  const h: string[] = [];
  if (s.readiness) h.push(`readiness:${s.readiness}`);
  if (s.blockedBy.length) h.push(`blocked-by:${s.blockedBy.join(',')}`);
  if (s.overlay) h.push(`orchestration:${s.overlay.state}`);
  const errors = s.problems.filter((p) => p.severity === 'error').length;
  if (s.problems.length) h.push(`problems:${s.problems.length}${errors ? `(${errors} errors)` : ''}`);
  return h.join(' ');
}

export const listCommand: CliCommand = {
  name: 'list',
  summary: 'List tickets (every state by default)',
  usage: 'list [--workspace DIR] [--state S[,S…]|active|all] [--json]',
  options: [WORKSPACE_OPTION, JSON_OPTION, HELP_OPTION, { name: 'state', value: true }],
  run(args: ParsedArgs, io: CliIo): number {
    if (args.positionals.length) throw new UsageError(`list takes no arguments (got ${args.positionals[0]})`);
    const states = parseStateFilter(stringOption(args, 'state'));
    const stores = openWorkspace(args, io);
    const root = stores.location.workspaceRoot;
    const tickets = stores.overlay.summaries(states ? { states } : undefined);
    if (flag(args, 'json')) {
      const storeProblems = [...stores.location.problems, ...stores.main.problems].map((p) => jsonProblem(root, p));
      io.stdout(json({
        version: CLI_JSON_VERSION,
        workspace: root,
        ticketsRoot: stores.main.root,
        tickets: tickets.map((s) => listTicketJson(root, s)),
        problems: storeProblems,
      }));
      return EXIT.ok;
    }
    const rows = [['STATE', 'ID', 'UPDATED', 'TITLE', 'HINTS']];
    for (const s of tickets) {
      const state = s.state ? (s.overlay ? `${s.state}→${STATE_SHORT_LABEL[s.overlay.state]}` : s.state) : '?';
      rows.push([state, s.id, s.updatedAt ?? '', oneLine(s.title || '(no title)'), hints(s)]);
    }
    io.stdout(table(rows));
    for (const p of [...stores.location.problems, ...stores.main.problems]) io.stderr(`${p.severity}: ${p.file}:${p.line}: ${p.message}\n`);
    return EXIT.ok;
  },
};
