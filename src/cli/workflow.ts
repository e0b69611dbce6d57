// Write commands over the workflow core: `queue`, `state`, `close`, `comment`. Each takes the store
// lock, re-reads the Ticket, and refuses (exit 1, message on stderr) on guards, conflicts, a busy
// lock ("the ticket store is being written by another process") or diverged store copies.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isId } from '../core/ids';
import { isTicketState, TICKET_STATES } from '../core/states';
import { isWorkflowError } from '../core/workflow/errors';
import { RecordEventKind } from '../core/workflow/mutations';
import { TicketWorkflow, WorkflowResult } from '../core/workflow/ticketWorkflow';
import { resolveWorkspace } from '../core/workspace/discover';
import { flag, OptionSpec, ParsedArgs, stringOption, UsageError } from './args';
import { CliCommand, CliIo, EXIT, HELP_OPTION, JSON_OPTION, WORKSPACE_OPTION } from './command';
import { CLI_JSON_VERSION, json, termSafe, workspacePath } from './output';

const AUTHOR: OptionSpec = { name: 'author', value: true };
const EXPECT_STATE: OptionSpec = { name: 'expect-state', value: true };
const COMMON = [WORKSPACE_OPTION, AUTHOR, EXPECT_STATE, JSON_OPTION, HELP_OPTION];

function workflowFor(args: ParsedArgs, io: CliIo): TicketWorkflow {
  const dir = resolve(io.cwd, stringOption(args, 'workspace') ?? '.');
  if (!existsSync(dir)) throw new UsageError(`workspace ${dir} does not exist`);
  const loc = resolveWorkspace(dir);
  if (!loc.ticketsRootExists) throw new UsageError(`no ticket store in ${dir} (expected ${loc.ticketsRoot}; see .yoi/workspace.toml [ticket.backend].root)`);
  return new TicketWorkflow({ workspaceRoot: dir, author: stringOption(args, 'author') });
}

function ticketArg(args: ParsedArgs, index = 0): string {
  const id = args.positionals[index];
  if (id === undefined) throw new UsageError('missing ticket ID');
  if (!isId(id)) throw new UsageError(`'${id}' is not a ticket ID (13 characters of Crockford base32, uppercase)`);
  return id;
}

function expectation(args: ParsedArgs) {
  const s = stringOption(args, 'expect-state');
  if (s === undefined) return undefined;
  if (!isTicketState(s)) throw new UsageError(`unknown state '${s}'`);
  return { state: s };
}

/** `--message T` or `--file P` (yoi's CLI appends a trailing newline to either). */
function textArg(args: ParsedArgs, io: CliIo, textOpt: string): string | undefined {
  const text = stringOption(args, textOpt);
  const file = stringOption(args, 'file');
  if (text !== undefined && file !== undefined) throw new UsageError(`give --${textOpt} or --file, not both`);
  let v = text;
  if (file !== undefined) {
    try {
      v = readFileSync(resolve(io.cwd, file), 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
    }
  }
  if (v === undefined) return undefined;
  return v.endsWith('\n') ? v : v + '\n';
}

function resultJson(root: string, r: WorkflowResult) {
  return {
    version: CLI_JSON_VERSION,
    ticketId: r.ticketId,
    action: r.action,
    copy: r.copy,
    from: r.from ?? null,
    to: r.to ?? null,
    events: r.events,
    written: r.written.map((p) => workspacePath(root, p)),
    sanitized: r.sanitized,
    itemHash: r.itemHash,
    note: r.note ?? null,
  };
}

async function execute(name: string, args: ParsedArgs, io: CliIo, op: (w: TicketWorkflow) => Promise<WorkflowResult>): Promise<number> {
  const w = workflowFor(args, io);
  let r: WorkflowResult;
  try {
    r = await op(w);
  } catch (e) {
    if (isWorkflowError(e)) {
      if (flag(args, 'json')) io.stdout(json({ version: CLI_JSON_VERSION, error: { code: e.code, reason: e.reason, message: e.message, params: e.params } }));
      io.stderr(`yoi-vscode ${name}: ${termSafe(e.message)}\n`);
      return EXIT.failure;
    }
    throw e;
  }
  const root = w.location().workspaceRoot;
  if (flag(args, 'json')) io.stdout(json(resultJson(root, r)));
  else {
    const change = r.from !== undefined && r.to !== undefined && r.from !== r.to ? `${r.from} -> ${r.to}` : r.events.map((e) => e.kind).join(', ') || r.action;
    io.stdout(`${r.ticketId}\t${change}\t(${r.copy} copy)\n`);
  }
  for (const s of r.sanitized) io.stderr(`yoi-vscode ${name}: body line ${s.line} changed so it cannot break thread.md: ${termSafe(s.before)} -> ${termSafe(s.after)}\n`);
  if (r.note) io.stderr(`yoi-vscode ${name}: ${r.note}\n`);
  return EXIT.ok;
}

function noExtraPositionals(args: ParsedArgs, n: number): void {
  if (args.positionals.length > n) throw new UsageError(`unexpected argument '${args.positionals[n]}'`);
}

export function runQueue(args: ParsedArgs, io: CliIo): Promise<number> {
  const id = ticketArg(args);
  noExtraPositionals(args, 1);
  return execute('queue', args, io, (w) => w.queue(id, { queuedBy: stringOption(args, 'author') }, { expect: expectation(args) }));
}

export function runState(args: ParsedArgs, io: CliIo): Promise<number> {
  const id = ticketArg(args);
  const to = args.positionals[1];
  if (to === undefined) throw new UsageError('missing target state');
  if (!isTicketState(to)) throw new UsageError(`unknown state '${to}' (expected ${TICKET_STATES.join(', ')})`);
  if (to === 'closed') throw new UsageError("use 'close ID --resolution TEXT' to close a ticket (it writes resolution.md)");
  noExtraPositionals(args, 2);
  const body = stringOption(args, 'body');
  const reason = stringOption(args, 'reason');
  const summary = stringOption(args, 'summary');
  return execute('state', args, io, (w) => w.setState(id, to, {
    author: stringOption(args, 'author'),
    reason: reason ?? (to === 'ready' ? undefined : 'cli_state'),
    body: body === undefined ? undefined : body.endsWith('\n') ? body : body + '\n',
    summary: summary ?? (to === 'ready' ? 'Marked ready by `yoi-vscode state`.' : undefined),
  }, { expect: expectation(args) }));
}

export function runClose(args: ParsedArgs, io: CliIo): Promise<number> {
  const id = ticketArg(args);
  noExtraPositionals(args, 1);
  const resolution = textArg(args, io, 'resolution');
  if (resolution === undefined) throw new UsageError('give the resolution with --resolution TEXT or --file PATH');
  return execute('close', args, io, (w) => w.close(id, { resolution, author: stringOption(args, 'author') }, { expect: expectation(args) }));
}

const ROLES: RecordEventKind[] = ['comment', 'plan', 'decision', 'implementation_report'];

export function runComment(args: ParsedArgs, io: CliIo): Promise<number> {
  const id = ticketArg(args);
  noExtraPositionals(args, 1);
  const role = (stringOption(args, 'role') ?? 'comment') as RecordEventKind;
  if (!ROLES.includes(role)) throw new UsageError(`unknown --role '${role}' (expected ${ROLES.join(', ')})`);
  const body = textArg(args, io, 'message');
  if (body === undefined) throw new UsageError('give the text with --message TEXT or --file PATH');
  return execute('comment', args, io, (w) => w.recordEvent(id, role, { body, author: stringOption(args, 'author') }, { expect: expectation(args) }));
}

export const queueCommand: CliCommand = {
  name: 'queue',
  summary: 'Queue a ready ticket for the Orchestrator (ready -> queued)',
  usage: 'queue ID [--workspace DIR] [--author A] [--expect-state S] [--json]',
  options: COMMON,
  run: runQueue,
};

export const stateCommand: CliCommand = {
  name: 'state',
  summary: 'Change a ticket state (planning|ready|queued|inprogress|done)',
  usage: 'state ID TO [--workspace DIR] [--author A] [--reason R] [--body B] [--summary S] [--expect-state S] [--json]',
  options: [...COMMON, { name: 'reason', value: true }, { name: 'body', value: true }, { name: 'summary', value: true }],
  run: runState,
};

export const closeCommand: CliCommand = {
  name: 'close',
  summary: 'Close a ticket with a resolution (writes resolution.md)',
  usage: 'close ID (--resolution TEXT | --file PATH) [--workspace DIR] [--author A] [--expect-state S] [--json]',
  options: [...COMMON, { name: 'resolution', value: true }, { name: 'file', value: true }],
  run: runClose,
};

export const commentCommand: CliCommand = {
  name: 'comment',
  summary: 'Append a comment (or plan/decision/implementation_report) event',
  usage: 'comment ID (--message TEXT | --file PATH) [--role comment|plan|decision|implementation_report] [--workspace DIR] [--author A] [--json]',
  options: [...COMMON, { name: 'message', value: true }, { name: 'file', value: true }, { name: 'role', value: true }],
  run: runComment,
};

export const WORKFLOW_COMMANDS: CliCommand[] = [queueCommand, stateCommand, closeCommand, commentCommand];
