// The ticket workflow commands (create, mark ready, queue, return to planning, accept, mark done,
// close, edit, thread records, review, relation, plan note) over the pure write core. Every
// command: refuses in an untrusted workspace; resolves its ticket(s) from a tree node, an
// `(id, folderPath)` pair, an options object or a quick pick; refuses while an editor holds
// unsaved changes to the ticket's files; explains a disabled action with the state machine's
// reason; writes with the state and item.md hash seen before its prompts (a change on disk in
// between is a conflict, never an overwrite); and says which copy of the store it wrote.
import * as vscode from 'vscode';
import { PLAN_KINDS, PlanKind } from '../../core/relations/plan';
import { RELATION_KINDS, RelationKind } from '../../core/relations/relations';
import { TicketState } from '../../core/states';
import { ticketPaths } from '../../core/store/paths';
import { parseItem } from '../../core/ticket/item';
import {
  allowedActions, BlockerLike, checkStateAction, chooseCopy, DEFAULT_ACTOR, Expectation, GitPort, GuardReason, isWorkflowError,
  queueWithGit, readTicketSnapshot, StateAction, storeCopiesOf, TicketWorkflow, WorkflowError, WorkflowResult, WriteTarget,
} from '../../core/workflow';
import { freshBlockers, freshState } from '../../core/workflow/freshReads';
import { stateRank } from '../../core/states';
import type { FolderStores, WorkspaceStores } from '../tickets/workspaceStores';
import { stateLabel } from '../tickets/presentation';
import { readIntent } from './intentSummary';
import { actionLabel, CommandAction, copyLabel, describeBlockers, describeError, describeGuard } from './messages';
import { Prompts } from './prompts';
import { orchestratorWorker, queueLikePanel, workflowAuthor } from './settings';
import { notifyOrchestrator, NotifyOutcome } from './launchSupport';
import { queuedNotifyMessage } from '../../core/workflow/launch/roleLaunch';
import { parseArgs, pickFolder, pickTickets, resolveRefs, TicketRef, WorkflowCommandOptions } from './targets';

/** What every workflow command resolves to (tests and the ticket view read it). */
export interface CommandOutcome {
  ok: boolean;
  /** The sentence shown (or, with `quiet`, that would have been shown). */
  message?: string;
  cancelled?: boolean;
  /** Stable id of a refusal: `untrusted`, `dirty-editor`, `not-found`, a guard code or a WorkflowError reason. */
  refused?: string;
  ticketId?: string;
  results?: WorkflowResult[];
  /** Multi-ticket Queue: tickets left as they were, with the reason. */
  skipped?: Array<{ id: string; reason: string; message: string }>;
  /** The write happened but something needs attention (shown as a warning). */
  warning?: boolean;
  /** Extra facts of some commands (create: gitIgnored/staged; spawn: worktree, launch). */
  details?: Record<string, unknown>;
}

export interface WorkflowEnv {
  stores: WorkspaceStores;
  prompts: Prompts;
  git: GitPort;
  /** Extension storage (prompt files, compose documents). */
  storageDir: string;
  openTicket(id: string, folderPath: string): Promise<void>;
  log: vscode.LogOutputChannel;
  /** Called after worktrees were created or removed. */
  worktreesChanged(): void;
}

export interface WriteDone {
  results: WorkflowResult[];
  /** Replaces the default success sentence. */
  message?: string;
  /** Show as a warning (the write happened, but something needs attention). */
  warning?: boolean;
  details?: Record<string, unknown>;
}

export type PreparedWrite = () => Promise<WriteDone>;

export interface TicketContext {
  ref: TicketRef;
  opts: WorkflowCommandOptions;
  workflow: TicketWorkflow;
  /** The copy the action writes to (per its usual actor). */
  target: WriteTarget;
  /** State + item.md hash of the target copy when the command started. */
  expect: Expectation;
  title: string;
  blockers: BlockerLike[];
}

export interface TicketCommandSpec {
  /** States offered by the quick pick when no ticket was given. */
  states?: readonly TicketState[];
  /** Checked with the state machine before any prompt. */
  stateAction?: StateAction;
  /** Asks for the inputs, then returns the write (undefined = cancelled). */
  prepare(ctx: TicketContext): Promise<PreparedWrite | undefined>;
}

const REFRESH_COMMAND = 'yoi.tickets.refresh';

/** Which thread files an action may write, in both copies (for the unsaved-editor check). */
function ticketFiles(folder: FolderStores, id: string): string[] {
  const roots = [folder.main.root, ...(folder.location.orchestration.ticketsRoot ? [folder.location.orchestration.ticketsRoot] : [])];
  return roots.flatMap((r) => { const p = ticketPaths(r, id); return [p.item, p.thread, p.resolution, p.relations, p.plan]; });
}

export class WorkflowCommands {
  constructor(readonly env: WorkflowEnv) {}

  // ---- shared machinery -------------------------------------------------------------------------

  workflowFor(folder: FolderStores): TicketWorkflow {
    return new TicketWorkflow({ workspaceRoot: folder.location.workspaceRoot, author: workflowAuthor() });
  }

  /** Refusal in an untrusted workspace (every write and spawn). */
  untrusted(action: CommandAction, opts: WorkflowCommandOptions): CommandOutcome {
    const message = vscode.l10n.t('{0} is disabled because this workspace is not trusted: yoi does not write tickets, run git or launch processes in an untrusted workspace. Trust the folder to use it.', actionLabel(action));
    if (!opts.quiet) {
      const manage = vscode.l10n.t('Manage Workspace Trust');
      void vscode.window.showWarningMessage(message, manage).then((b) => { if (b === manage) void vscode.commands.executeCommand('workbench.trust.manage'); });
    }
    return { ok: false, refused: 'untrusted', message };
  }

  refuse(action: CommandAction, id: string | undefined, refused: string, reason: string, opts: WorkflowCommandOptions): CommandOutcome {
    const message = id ? vscode.l10n.t('{0} ({1}) was not done: {2}', actionLabel(action), id, reason) : vscode.l10n.t('{0} was not done: {1}', actionLabel(action), reason);
    if (!opts.quiet) void vscode.window.showWarningMessage(message);
    this.env.log.info(message);
    return { ok: false, refused, message, ...(id ? { ticketId: id } : {}) };
  }

  /** Ticket files with unsaved changes in an editor (never clobbered). */
  dirtyFiles(folder: FolderStores, id: string): string[] {
    const files = new Set(ticketFiles(folder, id));
    return vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === 'file' && files.has(d.uri.fsPath)).map((d) => d.uri.fsPath);
  }

  dirtyReason(files: string[]): string {
    const names = files.map((f) => vscode.workspace.asRelativePath(f, false) || f).join(', ');
    return vscode.l10n.t('{0} has unsaved changes in an editor; save or revert them first (yoi never overwrites unsaved edits)', names);
  }

  targetOf(folder: FolderStores, id: string, action: string): { target: WriteTarget; other?: WriteTarget } {
    const loc = this.workflowFor(folder).location();
    return chooseCopy(storeCopiesOf(loc), id, DEFAULT_ACTOR[action] ?? 'human');
  }

  /** Why a state action is unavailable now (fresh reads), with the blockers it refers to. */
  availability(id: string, action: StateAction, target: WriteTarget, other?: WriteTarget): { reason?: GuardReason; blockers: BlockerLike[] } {
    const blockers: BlockerLike[] = freshBlockers(target.ticketsRoot, id);
    const state = freshState(target.ticketsRoot, id) ?? undefined;
    if (target.copy === 'orchestration') return { reason: checkStateAction(action, state, blockers), blockers };
    // Human writes: the orchestration copy being further along disables them (yoi's overlay).
    const otherState = other ? freshState(other.ticketsRoot, id) : undefined;
    const overlay = otherState && state && stateRank(otherState) > stateRank(state) ? { state: otherState } : undefined;
    const a = allowedActions({ state }, blockers, overlay).find((x) => x.action === action);
    return { reason: a && !a.enabled ? a.reason : undefined, blockers };
  }

  async show(outcome: CommandOutcome, opts: WorkflowCommandOptions, ref?: { id: string; folder: FolderStores }, warning = false): Promise<void> {
    if (opts.quiet || !outcome.message) return;
    const open = vscode.l10n.t('Open Ticket');
    const p = warning ? vscode.window.showWarningMessage(outcome.message, ...(ref ? [open] : [])) : vscode.window.showInformationMessage(outcome.message, ...(ref ? [open] : []));
    // Never wait for the notification to be dismissed.
    void p.then((b) => { if (b === open && ref) void this.env.openTicket(ref.id, ref.folder.folder.uri.fsPath); });
  }

  /** Runs one ticket command on one ticket (no notification; the caller shows the outcome). */
  async runOn(action: CommandAction, ref: TicketRef, opts: WorkflowCommandOptions, spec: TicketCommandSpec): Promise<CommandOutcome> {
    const { folder, id } = ref;
    let blockers: BlockerLike[] = [];
    try {
      const dirty = this.dirtyFiles(folder, id);
      if (dirty.length) return this.refuse(action, id, 'dirty-editor', this.dirtyReason(dirty), { ...opts, quiet: true });
      const workflow = this.workflowFor(folder);
      const { target, other } = this.targetOf(folder, id, action);
      if (spec.stateAction) {
        const a = this.availability(id, spec.stateAction, target, other);
        blockers = a.blockers;
        if (a.reason) return this.refuse(action, id, a.reason.code, describeGuard(a.reason, a.blockers), { ...opts, quiet: true });
      }
      const snap = readTicketSnapshot(target.ticketsRoot, id);
      const seen = opts.expectState ?? (target.copy === 'workspace' ? ref.seenState : undefined);
      if (seen && snap.state !== seen) {
        throw new WorkflowError('conflict', 'state changed', 'conflict.state', { id, expected: seen, actual: snap.state ?? 'unknown' });
      }
      const expect: Expectation = { itemHash: snap.itemHash, ...(snap.state ? { state: snap.state } : {}) };
      const write = await spec.prepare({ ref, opts, workflow, target, expect, title: snap.title ?? '', blockers: blockers.length ? blockers : freshBlockers(target.ticketsRoot, id) });
      if (!write) return { ok: false, cancelled: true, ticketId: id };
      // The prompts may have taken a while: check the editors again right before writing.
      const dirtyNow = this.dirtyFiles(folder, id);
      if (dirtyNow.length) return this.refuse(action, id, 'dirty-editor', this.dirtyReason(dirtyNow), { ...opts, quiet: true });
      const done = await write();
      const message = done.message ?? this.successMessage(done.results[0], folder);
      return { ok: true, ticketId: id, results: done.results, message, ...(done.details ? { details: done.details } : {}), ...(done.warning ? { warning: true } : {}) };
    } catch (e) {
      if (!isWorkflowError(e)) throw e;
      const outcome = this.refuse(action, id, e.reason, describeError(e, blockers), { ...opts, quiet: true });
      if (e.code === 'conflict') await vscode.commands.executeCommand(REFRESH_COMMAND);
      return outcome;
    }
  }

  /** Parses the arguments, checks trust, finds (or asks for) one ticket, runs, and shows the outcome. */
  async single(action: CommandAction, args: unknown[], spec: TicketCommandSpec, pickTitle?: string): Promise<CommandOutcome> {
    const parsed = parseArgs(...args);
    const opts = parsed.opts;
    if (!vscode.workspace.isTrusted) return this.untrusted(action, opts);
    let refs: TicketRef[];
    if (parsed.refs.length) {
      const r = await resolveRefs(this.env.stores, parsed);
      if (r.missing.length) return this.refuse(action, r.missing[0], 'not-found', vscode.l10n.t('the ticket was not found in this workspace'), opts);
      refs = r.refs;
    } else {
      const picked = await pickTickets(this.env.stores, { title: pickTitle ?? actionLabel(action), states: spec.states });
      if (!picked) return { ok: false, cancelled: true };
      refs = picked;
    }
    const ref = refs[0];
    const outcome = await this.runOn(action, ref, opts, spec);
    if (outcome.cancelled) return outcome;
    if (!outcome.ok) {
      if (!opts.quiet && outcome.message) void vscode.window.showWarningMessage(outcome.message);
      return outcome;
    }
    await this.show(outcome, opts, ref, outcome.warning);
    return outcome;
  }

  successMessage(r: WorkflowResult | undefined, folder: FolderStores): string {
    if (!r) return '';
    // An Orchestrator write that landed in the workspace copy says why.
    const copy = !r.note ? copyLabel(r.copy)
      : storeCopiesOf(folder.location).orchestration || this.workflowFor(folder).location().orchestration.ticketsRootExists
        ? vscode.l10n.t('{0}, as the orchestration copy does not have this ticket yet', copyLabel(r.copy))
        : vscode.l10n.t('{0}, as there is no orchestration worktree', copyLabel(r.copy));
    const st = (s: TicketState | undefined) => (s ? stateLabel(s) : '?');
    let m: string;
    switch (r.action) {
      case 'comment': m = vscode.l10n.t('Comment added to {0} (written to {1}).', r.ticketId, copy); break;
      case 'plan': m = vscode.l10n.t('Plan added to {0} (written to {1}).', r.ticketId, copy); break;
      case 'decision': m = vscode.l10n.t('Decision added to {0} (written to {1}).', r.ticketId, copy); break;
      case 'implementationReport': m = vscode.l10n.t('Implementation report added to {0} (written to {1}).', r.ticketId, copy); break;
      case 'review': m = vscode.l10n.t('Review ({0}) added to {1} (written to {2}).', r.events[0]?.status === 'approve' ? vscode.l10n.t('approve') : vscode.l10n.t('request changes'), r.ticketId, copy); break;
      case 'editItem': m = vscode.l10n.t('Ticket {0} updated (written to {1}).', r.ticketId, copy); break;
      case 'addRelation': m = vscode.l10n.t('Relation added to {0} (written to {1}).', r.ticketId, copy); break;
      case 'recordPlan': m = vscode.l10n.t('Orchestration plan record added to {0} (written to {1}).', r.ticketId, copy); break;
      case 'create': m = vscode.l10n.t('Ticket {0} created (written to {1}).', r.ticketId, copy); break;
      default: m = vscode.l10n.t('Ticket {0}: {1} → {2} (written to {3}).', r.ticketId, st(r.from), st(r.to), copy);
    }
    if (r.sanitized.length) m += ' ' + vscode.l10n.t('{0} line(s) of the text were changed slightly so they cannot break thread.md.', r.sanitized.length);
    return m;
  }

  // ---- commands ---------------------------------------------------------------------------------

  async createTicket(...args: unknown[]): Promise<CommandOutcome> {
    const parsed = parseArgs(...args);
    const opts = parsed.opts;
    if (!vscode.workspace.isTrusted) return this.untrusted('create', opts);
    const folder = parsed.storeFolder ?? (await pickFolder(this.env.stores, actionLabel('create'), opts.folderPath));
    if (!folder) {
      if (!this.env.stores.all().length) return this.refuse('create', undefined, 'not-found', vscode.l10n.t('there is no yoi ticket store in this workspace'), opts);
      return { ok: false, cancelled: true };
    }
    const p = this.env.prompts;
    const title = opts.title ?? (await p.line({ title: actionLabel('create'), prompt: vscode.l10n.t('Title of the new ticket'), validate: (v) => (!v.trim() ? vscode.l10n.t('A ticket needs a title.') : /[\r\n]/.test(v) ? vscode.l10n.t('The title must be a single line.') : undefined) }));
    if (title === undefined) return { ok: false, cancelled: true };
    // Options that carry the title carry everything (no body = yoi's default body).
    const body = opts.body ?? (opts.title !== undefined ? '' : await p.text({
      title: actionLabel('create'), prompt: vscode.l10n.t('Body of the new ticket (Markdown, optional: leave empty for yoi\'s default Background / Acceptance criteria sections)'), optional: true,
    }));
    if (body === undefined) return { ok: false, cancelled: true };
    try {
      const wf = this.workflowFor(folder);
      const r = await wf.create({ title: title.trim(), ...(body && body.trim() ? { body: body.endsWith('\n') ? body : body + '\n' } : {}) });
      const details: Record<string, unknown> = { dir: ticketPaths(r.ticketsRoot, r.ticketId).dir };
      let message = this.successMessage(r, folder);
      const ignored = await this.gitIgnored(folder, r.ticketId);
      details.gitIgnored = ignored;
      const outcome: CommandOutcome = { ok: true, ticketId: r.ticketId, results: [r], message, details };
      if (ignored) {
        const stage = vscode.l10n.t('Stage with git add -f');
        const warn = vscode.l10n.t('The new ticket folder {0} is ignored by git (.yoi/.gitignore ignores `tickets`): it will not be committed unless it is force-added.', r.ticketId);
        let doStage = opts.stageIgnored;
        if (doStage === undefined && !opts.quiet) {
          void vscode.window.showWarningMessage(warn, stage).then(async (b) => { if (b === stage) await this.stageTicket(folder, r.ticketId, true); });
        }
        if (doStage) details.staged = await this.stageTicket(folder, r.ticketId, !opts.quiet);
        message += ' ' + warn;
        outcome.message = message;
      }
      if (!opts.quiet) void vscode.window.showInformationMessage(outcome.message!);
      if (opts.open !== false) await this.env.openTicket(r.ticketId, folder.folder.uri.fsPath);
      return outcome;
    } catch (e) {
      if (!isWorkflowError(e)) throw e;
      return this.refuse('create', undefined, e.reason, describeError(e), opts);
    }
  }

  /** Whether git ignores the ticket's item.md (spec §1.1); false outside a git repository. */
  private async gitIgnored(folder: FolderStores, id: string): Promise<boolean> {
    try {
      const r = await this.env.git.run(folder.location.workspaceRoot, ['check-ignore', '-q', '--', ticketPaths(folder.main.root, id).item]);
      return r.code === 0;
    } catch {
      return false;
    }
  }

  private async stageTicket(folder: FolderStores, id: string, notify: boolean): Promise<boolean> {
    const dir = ticketPaths(folder.main.root, id).dir;
    const r = await this.env.git.run(folder.location.workspaceRoot, ['add', '-f', '--', dir]).catch((e: Error) => ({ code: 1, stdout: '', stderr: e.message }));
    if (notify) {
      if (r.code === 0) void vscode.window.showInformationMessage(vscode.l10n.t('Staged {0} with git add -f.', id));
      else void vscode.window.showWarningMessage(vscode.l10n.t('git add -f failed: {0}', (r.stderr || r.stdout).trim()));
    }
    return r.code === 0;
  }

  markReady(...args: unknown[]): Promise<CommandOutcome> {
    return this.single('markReady', args, {
      states: ['planning'], stateAction: 'markReady',
      prepare: async ({ ref, opts, workflow, expect }) => {
        const summary = opts.summary ?? (await this.env.prompts.text({
          title: vscode.l10n.t('Mark Ready: {0}', ref.id), prompt: vscode.l10n.t('Intake summary: what was agreed and what the Orchestrator needs to know (required)'),
        }));
        if (summary === undefined) return undefined;
        return async () => ({ results: [await workflow.markReady(ref.id, { summary: asBody(summary) }, { expect })] });
      },
    });
  }

  async queue(...args: unknown[]): Promise<CommandOutcome> {
    const parsed = parseArgs(...args);
    const opts = parsed.opts;
    if (!vscode.workspace.isTrusted) return this.untrusted('queue', opts);
    let refs: TicketRef[];
    if (parsed.refs.length) {
      const r = await resolveRefs(this.env.stores, parsed);
      if (r.missing.length) return this.refuse('queue', r.missing[0], 'not-found', vscode.l10n.t('the ticket was not found in this workspace'), opts);
      refs = r.refs;
    } else {
      const picked = await pickTickets(this.env.stores, { title: actionLabel('queue'), states: ['ready'], many: true });
      if (!picked) return { ok: false, cancelled: true };
      refs = picked;
    }
    const likePanel = queueLikePanel();
    const spec: TicketCommandSpec = {
      stateAction: 'queue',
      prepare: async ({ ref, workflow, expect }) => async () => {
        if (!likePanel) return { results: [await workflow.queue(ref.id, { queuedBy: workflowAuthor() }, { expect })] };
        const q = await queueWithGit(this.env.git, workflow, ref.id, { queuedBy: workflowAuthor() });
        const short = q.commit.slice(0, 10);
        if (q.fastForwardError) {
          return { results: [q.queue], warning: true, message: vscode.l10n.t('Ticket {0} queued and committed ({1}), but the orchestration worktree was not fast-forwarded: {2}', ref.id, short, q.fastForwardError), details: { commit: q.commit, syncMerge: q.syncMerge } };
        }
        // Step 5 of the panel's queue: tell a live Orchestrator Worker the human authorized routing.
        const n = await notifyOrchestrator(orchestratorWorker(), queuedNotifyMessage(ref.id));
        const queued = vscode.l10n.t('Ticket {0} queued like the yoi panel: committed {1} and fast-forwarded the orchestration worktree (written to {2}).', ref.id, short, copyLabel(q.queue.copy));
        return { results: [q.queue], message: `${queued} ${notifyText(n)}`, warning: !n.notified && n.reason !== 'not-live', details: { commit: q.commit, syncMerge: q.syncMerge, notified: n } };
      },
    };
    if (refs.length === 1) {
      const outcome = await this.runOn('queue', refs[0], opts, spec);
      if (!opts.quiet && outcome.message) {
        if (outcome.ok) await this.show(outcome, opts, refs[0], outcome.warning);
        else void vscode.window.showWarningMessage(outcome.message);
      }
      return outcome;
    }
    // Several selected tickets: queue each that may be queued, report the others.
    const results: WorkflowResult[] = [];
    const skipped: NonNullable<CommandOutcome['skipped']> = [];
    const messages: string[] = [];
    for (const ref of refs) {
      const o = await this.runOn('queue', ref, { ...opts, quiet: true }, spec);
      if (o.ok && o.results) { results.push(...o.results); if (likePanel && o.message) messages.push(o.message); }
      else if (!o.cancelled) skipped.push({ id: ref.id, reason: o.refused ?? 'refused', message: o.message ?? '' });
    }
    const copies = [...new Set(results.map((r) => copyLabel(r.copy)))].join(', ');
    let message = results.length
      ? vscode.l10n.t('Queued {0} ticket(s): {1} (written to {2}).', results.length, results.map((r) => r.ticketId).join(', '), copies)
      : vscode.l10n.t('No ticket was queued.');
    if (skipped.length) message += ' ' + vscode.l10n.t('Not queued: {0}', skipped.map((s) => s.message).join(' '));
    const outcome: CommandOutcome = { ok: results.length > 0, results, skipped, message };
    if (!opts.quiet) {
      if (skipped.length) void vscode.window.showWarningMessage(message);
      else void vscode.window.showInformationMessage(message);
    }
    return outcome;
  }

  returnToPlanning(...args: unknown[]): Promise<CommandOutcome> {
    return this.single('returnToPlanning', args, {
      states: ['ready', 'queued'], stateAction: 'returnToPlanning',
      prepare: async ({ ref, opts, workflow, expect }) => {
        const why = opts.reason ?? (await this.env.prompts.text({
          title: vscode.l10n.t('Return to Planning: {0}', ref.id),
          prompt: vscode.l10n.t('What is missing: the concrete decision or information planning must settle (required)'),
        }));
        if (why === undefined) return undefined;
        const from = expect.state ?? 'ready';
        const body = `Returned ${from} Ticket ${ref.id} to planning from VS Code for requirements sync. This is not Queue routing and must not start implementation.\n\n## User refinement instruction\n\n${asBody(why)}\n`;
        return async () => ({ results: [await workflow.returnToPlanning(ref.id, { reason: 'return_to_planning', body }, { expect })] });
      },
    });
  }

  accept(...args: unknown[]): Promise<CommandOutcome> {
    return this.single('accept', args, {
      states: ['queued'], stateAction: 'accept',
      prepare: async ({ ref, opts, workflow, expect, target, title, blockers }) => {
        const intent = readIntent(ref.folder, ref.id, target.copy);
        const detail = [
          `“${title}”`, '', intent.text, '',
          blockers.length ? vscode.l10n.t('Blockers: {0}', describeBlockers(blockers, 10)) : vscode.l10n.t('Blockers: none'),
          '', vscode.l10n.t('Written to {0}.', copyLabel(target.copy)),
        ].join('\n');
        const ok = await this.env.prompts.confirm(vscode.l10n.t('Accept ticket {0} for implementation (Queued → In progress)?', ref.id), detail, vscode.l10n.t('Accept'), opts.confirmed);
        if (!ok) return undefined;
        return async () => ({ results: [await workflow.accept(ref.id, opts.reason ? { body: asBody(opts.reason) } : {}, { expect })] });
      },
    });
  }

  markDone(...args: unknown[]): Promise<CommandOutcome> {
    return this.single('markDone', args, {
      states: ['inprogress'], stateAction: 'markDone',
      prepare: async ({ ref, opts, workflow, expect }) => {
        const note = opts.reason ?? (await this.env.prompts.text({
          title: vscode.l10n.t('Mark Done: {0}', ref.id), optional: true,
          prompt: vscode.l10n.t('Optional note for the state change (what was merged and validated)'),
        }));
        if (note === undefined) return undefined;
        return async () => ({ results: [await workflow.markDone(ref.id, note.trim() ? { body: asBody(note) } : {}, { expect })] });
      },
    });
  }

  closeTicket(...args: unknown[]): Promise<CommandOutcome> {
    return this.single('close', args, {
      states: ['planning', 'ready', 'queued', 'inprogress', 'done'], stateAction: 'close',
      prepare: async ({ ref, opts, workflow, expect }) => {
        const resolution = opts.resolution ?? (await this.env.prompts.text({
          title: vscode.l10n.t('Close Ticket: {0}', ref.id), prompt: vscode.l10n.t('Resolution: how the ticket ended (written to resolution.md; required)'),
        }));
        if (resolution === undefined) return undefined;
        return async () => ({ results: [await workflow.close(ref.id, { resolution: withNewline(resolution) }, { expect })] });
      },
    });
  }

  editTicket(...args: unknown[]): Promise<CommandOutcome> {
    return this.single('editItem', args, {
      prepare: async ({ ref, opts, workflow, expect, title }) => {
        let newTitle = opts.title;
        let newBody = opts.body;
        if (newTitle === undefined && newBody === undefined) {
          const which = await this.env.prompts.pick(
            [{ label: vscode.l10n.t('Title'), description: title, key: 'title' as const }, { label: vscode.l10n.t('Body'), description: vscode.l10n.t('Edit the Markdown body in an editor'), key: 'body' as const }],
            vscode.l10n.t('Edit Ticket: {0}', ref.id), vscode.l10n.t('What do you want to change?'),
          );
          if (!which) return undefined;
          if (which.key === 'title') {
            newTitle = await this.env.prompts.line({ title: vscode.l10n.t('Edit Ticket: {0}', ref.id), prompt: vscode.l10n.t('New title'), value: title, validate: (v) => (!v.trim() ? vscode.l10n.t('A ticket needs a title.') : undefined) });
            if (newTitle === undefined || newTitle.trim() === title) return undefined;
          } else {
            const snap = readTicketSnapshot(ref.folder.main.root, ref.id);
            const current = parseItem(snap.itemText, snap.paths.item).body ?? '';
            // The blank line after the front matter is kept as it was.
            const lead = current.startsWith('\n') ? '\n' : '';
            newBody = await this.env.prompts.compose(vscode.l10n.t('Edit Ticket {0}', ref.id), vscode.l10n.t('Edit the body of item.md.'), current.slice(lead.length), true);
            if (newBody === undefined) return undefined;
            newBody = lead + newBody;
          }
        }
        const input = { ...(newTitle !== undefined ? { title: newTitle.trim() } : {}), ...(newBody !== undefined ? { body: newBody } : {}) };
        return async () => ({ results: [await workflow.editItem(ref.id, input, { expect })] });
      },
    });
  }

  /** comment (default) or, with `kind`, plan / decision / implementation_report. */
  addComment(...args: unknown[]): Promise<CommandOutcome> {
    return this.record('comment', args);
  }

  /** Plan, decision or implementation report (asks which). */
  addThreadEntry(...args: unknown[]): Promise<CommandOutcome> {
    return this.record(undefined, args);
  }

  private async record(fixed: 'comment' | undefined, args: unknown[]): Promise<CommandOutcome> {
    const parsed = parseArgs(...args);
    type Kind = 'comment' | 'plan' | 'decision' | 'implementation_report';
    const kinds: readonly Kind[] = ['comment', 'plan', 'decision', 'implementation_report'];
    let kind = (parsed.opts.kind ?? fixed) as Kind | undefined;
    if (!vscode.workspace.isTrusted) return this.untrusted(kind === 'implementation_report' ? 'implementationReport' : kind ?? 'comment', parsed.opts);
    if (kind !== undefined && !kinds.includes(kind)) return this.refuse('comment', undefined, 'input.event-kind', vscode.l10n.t('unknown thread entry kind {0}', String(kind)), parsed.opts);
    if (!kind) {
      // The kind decides the copy (implementation reports are the Orchestrator's), so it is asked first.
      const labels: Record<Kind, string> = { comment: vscode.l10n.t('Comment'), plan: vscode.l10n.t('Plan'), decision: vscode.l10n.t('Decision'), implementation_report: vscode.l10n.t('Implementation report') };
      const picked = await this.env.prompts.pick((['plan', 'decision', 'implementation_report'] as Kind[]).map((k) => ({ label: labels[k], k })), vscode.l10n.t('Add to Thread'), vscode.l10n.t('Kind of entry'));
      if (!picked) return { ok: false, cancelled: true };
      kind = picked.k;
    }
    const k = kind;
    const action: CommandAction = k === 'implementation_report' ? 'implementationReport' : k;
    return this.single(action, args, {
      prepare: async ({ ref, opts, workflow, expect }) => {
        const text = opts.text ?? opts.body ?? (await this.env.prompts.text({ title: `${actionLabel(action)}: ${ref.id}`, prompt: vscode.l10n.t('Text (Markdown)') }));
        if (text === undefined) return undefined;
        return async () => ({ results: [await workflow.recordEvent(ref.id, k, { body: asBody(text) }, { expect })] });
      },
    });
  }

  addReview(...args: unknown[]): Promise<CommandOutcome> {
    return this.single('review', args, {
      prepare: async ({ ref, opts, workflow, expect }) => {
        let status = opts.status;
        if (!status) {
          const picked = await this.env.prompts.pick(
            [{ label: `$(check) ${vscode.l10n.t('Approve')}`, s: 'approve' as const }, { label: `$(request-changes) ${vscode.l10n.t('Request changes')}`, s: 'request_changes' as const }],
            vscode.l10n.t('Add Review: {0}', ref.id), vscode.l10n.t('Verdict'),
          );
          if (!picked) return undefined;
          status = picked.s;
        }
        if (status !== 'approve' && status !== 'request_changes') return async () => { throw new WorkflowError('invalid-input', 'review status must be approve or request_changes', 'input.review-status'); };
        const s = status;
        const text = opts.text ?? opts.body ?? (await this.env.prompts.text({ title: vscode.l10n.t('Add Review: {0}', ref.id), prompt: vscode.l10n.t('Review (Markdown): findings, requested changes, validation') }));
        if (text === undefined) return undefined;
        return async () => ({ results: [await workflow.review(ref.id, { status: s, body: asBody(text) }, { expect })] });
      },
    });
  }

  addRelation(...args: unknown[]): Promise<CommandOutcome> {
    return this.single('addRelation', args, {
      prepare: async ({ ref, opts, workflow, expect }) => {
        let kind = opts.relation as RelationKind | undefined;
        if (!kind) {
          const picked = await this.env.prompts.pick(RELATION_KINDS.map((k) => ({ label: k, description: relationHint(k), k })), vscode.l10n.t('Add Relation: {0}', ref.id), vscode.l10n.t('Kind of relation'));
          if (!picked) return undefined;
          kind = picked.k;
        }
        let target = opts.target;
        if (!target) {
          const others = ref.folder.main.summaries().filter((s) => s.id !== ref.id).sort((a, b) => (b.updatedAt ?? '').localeCompare(a.updatedAt ?? ''));
          const picked = await this.env.prompts.pick(others.map((s) => ({ label: s.title || s.id, description: `${s.id} · ${s.state ? stateLabel(s.state) : ''}`, id: s.id })), vscode.l10n.t('Add Relation: {0} {1} …', ref.id, kind), vscode.l10n.t('Related ticket'));
          if (!picked) return undefined;
          target = picked.id;
        }
        const note = opts.note ?? (await this.env.prompts.line({ title: vscode.l10n.t('Add Relation: {0} {1} {2}', ref.id, kind, target), prompt: vscode.l10n.t('Note (optional)'), optional: true }));
        if (note === undefined) return undefined;
        const k = kind;
        const t = target;
        return async () => ({ results: [await workflow.addRelation(ref.id, { kind: k, target: t, ...(note.trim() ? { note: note.trim() } : {}) }, { expect })] });
      },
    });
  }

  addPlanNote(...args: unknown[]): Promise<CommandOutcome> {
    return this.single('recordPlan', args, {
      prepare: async ({ ref, opts, workflow, expect }) => {
        let kind = opts.kind as PlanKind | undefined;
        if (!kind) {
          const picked = await this.env.prompts.pick(PLAN_KINDS.map((k) => ({ label: k, description: planHint(k), k })), vscode.l10n.t('Orchestration Plan Note: {0}', ref.id), vscode.l10n.t('Kind of plan record'));
          if (!picked) return undefined;
          kind = picked.k;
        }
        const needsRelated = ['before', 'after', 'blocked_by', 'blocks', 'conflicts_with', 'do_not_parallelize'].includes(kind);
        let related = opts.relatedTicket;
        if (needsRelated && !related) {
          const others = ref.folder.main.summaries().filter((s) => s.id !== ref.id && s.state !== 'closed');
          const picked = await this.env.prompts.pick(others.map((s) => ({ label: s.title || s.id, description: `${s.id} · ${s.state ? stateLabel(s.state) : ''}`, id: s.id })), vscode.l10n.t('Orchestration Plan Note: {0} {1} …', ref.id, kind), vscode.l10n.t('Related ticket'));
          if (!picked) return undefined;
          related = picked.id;
        }
        const noteRequired = kind === 'waiting_capacity_note' || kind === 'accepted_plan';
        const note = opts.note ?? opts.text ?? (await this.env.prompts.text({ title: vscode.l10n.t('Orchestration Plan Note: {0} {1}', ref.id, kind), prompt: kind === 'accepted_plan' ? vscode.l10n.t('Summary of the accepted plan (required)') : noteRequired ? vscode.l10n.t('Note (required)') : vscode.l10n.t('Note (optional)'), optional: !noteRequired }));
        if (note === undefined) return undefined;
        const k = kind;
        const input = k === 'accepted_plan'
          ? { kind: k, acceptedPlan: { summary: note.trim() } }
          : { kind: k, ...(related ? { relatedTicket: related } : {}), ...(note.trim() ? { note: note.trim() } : {}) };
        return async () => ({ results: [await workflow.recordPlan(ref.id, input, { expect })] });
      },
    });
  }
}

const withNewline = (s: string) => (s.endsWith('\n') ? s : s + '\n');
/** An event body as typed: outer blank lines and trailing spaces dropped (yoi adds the separator). */
const asBody = (s: string) => s.replace(/^\s*\n/, '').replace(/\s+$/, '');

function relationHint(k: RelationKind): string {
  switch (k) {
    case 'depends_on': return vscode.l10n.t('this ticket needs the other one done first (blocks queueing)');
    case 'blocks': return vscode.l10n.t('the other ticket waits for this one');
    case 'related': return vscode.l10n.t('informational link');
    case 'supersedes': return vscode.l10n.t('this ticket replaces the other one');
    case 'duplicate_of': return vscode.l10n.t('this ticket duplicates the other one');
  }
}

function planHint(k: PlanKind): string {
  switch (k) {
    case 'waiting_capacity_note': return vscode.l10n.t('why the ticket waits (note required)');
    case 'accepted_plan': return vscode.l10n.t('the accepted implementation plan (summary)');
    default: return vscode.l10n.t('ordering constraint with another ticket');
  }
}

/** One sentence on the Orchestrator notification of a queue like the panel. */
function notifyText(n: NotifyOutcome): string {
  if (n.notified) return vscode.l10n.t('Notified the Orchestrator Worker {0}.', n.worker);
  switch (n.reason) {
    case 'not-live': return n.worker ? vscode.l10n.t('The Orchestrator Worker {0} is not running; nobody was notified.', n.worker) : vscode.l10n.t('No Orchestrator Worker is running; nobody was notified.');
    case 'ambiguous': return vscode.l10n.t('Several Orchestrator Workers are running ({0}); set yoi.workflow.orchestratorWorker to notify one.', n.detail ?? '');
    default: return vscode.l10n.t('The Orchestrator Worker {0} could not be notified: {1}', n.worker ?? '', n.detail ?? n.reason);
  }
}
