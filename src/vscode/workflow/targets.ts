// What a workflow command acts on. Commands are invoked from the tree (node, selected nodes),
// from CodeLenses and the ticket view (`id, folderPath`), from the palette (nothing: a quick pick
// of eligible tickets), and from tests/other extensions (an options object carrying every input).
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { isId } from '../../core/ids';
import { TicketState } from '../../core/states';
import { compareByUpdatedDesc } from '../../core/query/ticketQuery';
import type { TicketTreeNode } from '../tickets/ticketTree';
import type { FolderStores, WorkspaceStores } from '../tickets/workspaceStores';
import { stateIcon, stateLabel, relativeTimeLabel } from '../tickets/presentation';

/** Every input a command may need; a command asks only for what is missing. */
export interface WorkflowCommandOptions {
  id?: string;
  /** Several tickets (Queue). */
  ids?: string[];
  /** Workspace folder (or tickets root) the ticket belongs to. */
  folderPath?: string;
  /** The state the caller last saw; a different state on disk refuses the write. */
  expectState?: TicketState;
  title?: string;
  body?: string;
  /** Intake summary (Mark Ready). */
  summary?: string;
  /** Why (Return to Planning: the missing decision/information; Accept/Mark Done: optional note). */
  reason?: string;
  resolution?: string;
  /** Comment/plan/decision/report/review text. */
  text?: string;
  /** comment | plan | decision | implementation_report (Add to Thread); plan record kind (Plan Note). */
  kind?: string;
  status?: 'approve' | 'request_changes';
  relation?: string;
  target?: string;
  note?: string;
  relatedTicket?: string;
  /** Spawn: worktree slug, reuse of an existing branch, launch and open choices. */
  slug?: string;
  reuseBranch?: boolean;
  launch?: boolean;
  openIn?: 'none' | 'newWindow' | 'addToWorkspace';
  /** Remove worktree: its path. */
  path?: string;
  /** Create: stage a git-ignored new ticket folder with `git add -f` (true/false = do not ask). */
  stageIgnored?: boolean;
  /** Create: open the new ticket (default true). */
  open?: boolean;
  /** Skip the modal confirmation. Only an explicit `true` does; tests use it. */
  confirmed?: boolean;
  /** No notification (the ticket view shows the outcome itself). */
  quiet?: boolean;
}

export interface TicketRef {
  folder: FolderStores;
  id: string;
  /** State the user saw where the command was invoked (tree node), if known. */
  seenState?: TicketState;
}

export interface ParsedArgs {
  refs: Array<{ id: string; folderPath?: string; seenState?: TicketState; folder?: FolderStores }>;
  opts: WorkflowCommandOptions;
  /** A store node (create in that folder). */
  storeFolder?: FolderStores;
}

const isNode = (v: unknown): v is TicketTreeNode =>
  typeof v === 'object' && v !== null && ['store', 'group', 'ticket'].includes((v as { kind?: unknown }).kind as string) && 'folder' in v;

/** Normalizes `(node, selected[])`, `(id, folderPath, opts?)`, `(opts)` or `()`. */
export function parseArgs(a?: unknown, b?: unknown, c?: unknown): ParsedArgs {
  if (isNode(a)) {
    const nodes = Array.isArray(b) && b.length > 1 && b.every(isNode) && b.includes(a) ? (b as TicketTreeNode[]) : [a];
    const refs = nodes.flatMap((n) => (n.kind === 'ticket' ? [{ id: n.id, folder: n.folder, seenState: n.summary.state }] : []));
    return { refs, opts: isOptions(c) ? c : {}, storeFolder: a.kind === 'store' || a.kind === 'group' ? a.folder : undefined };
  }
  if (typeof a === 'string') {
    return { refs: [{ id: a.trim(), folderPath: typeof b === 'string' ? b : undefined }], opts: isOptions(c) ? c : isOptions(b) ? b : {} };
  }
  if (isOptions(a)) {
    const ids = a.ids ?? (a.id ? [a.id] : []);
    return { refs: ids.map((id) => ({ id, folderPath: a.folderPath, seenState: a.expectState })), opts: a };
  }
  return { refs: [], opts: {} };
}

function isOptions(v: unknown): v is WorkflowCommandOptions {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isNode(v) && !(v instanceof vscode.Uri);
}

/** Resolves parsed refs to loaded stores; returns the IDs that were not found. */
export async function resolveRefs(stores: WorkspaceStores, parsed: ParsedArgs): Promise<{ refs: TicketRef[]; missing: string[] }> {
  await stores.ready();
  const refs: TicketRef[] = [];
  const missing: string[] = [];
  for (const r of parsed.refs) {
    // A ticket written a moment ago may not be indexed yet (file events are coalesced): look on disk too.
    const folder = r.folder ?? stores.find(r.id, r.folderPath) ?? stores.all().find((f) =>
      (!r.folderPath || f.folder.uri.fsPath === r.folderPath || f.main.root === r.folderPath) && isId(r.id) && existsSync(f.main.paths(r.id).item));
    if (folder) refs.push({ folder, id: r.id, ...(r.seenState ? { seenState: r.seenState } : {}) });
    else missing.push(r.id);
  }
  return { refs, missing };
}

interface TicketPick extends vscode.QuickPickItem { ref: TicketRef }

/** A quick pick of the tickets a command may act on (by state), newest first. */
export async function pickTickets(
  stores: WorkspaceStores,
  o: { title: string; states?: readonly TicketState[]; many?: boolean },
): Promise<TicketRef[] | undefined> {
  await stores.ready();
  const multi = stores.all().length > 1;
  const items: TicketPick[] = [];
  for (const f of stores.all()) {
    const list = o.states ? f.overlay.summaries({ states: o.states }) : f.overlay.summaries().filter((s) => s.state !== undefined);
    for (const s of list.sort(compareByUpdatedDesc)) {
      items.push({
        ref: { folder: f, id: s.id, ...(s.state ? { seenState: s.state } : {}) },
        label: `$(${s.state ? stateIcon(s.state).id : 'error'}) ${s.title || s.id}`,
        description: `${s.id} · ${s.state ? stateLabel(s.state) : ''}`,
        detail: [relativeTimeLabel(s.updatedAt), multi ? f.folder.name : '', s.activeBlockers.length ? vscode.l10n.t('blocked by {0}', s.activeBlockers.map((b) => b.id).join(', ')) : ''].filter(Boolean).join(' · ') || undefined,
      });
    }
  }
  if (!items.length) {
    void vscode.window.showInformationMessage(o.states
      ? vscode.l10n.t('{0}: no ticket is in the state {1}.', o.title, o.states.map(stateLabel).join(vscode.l10n.t(' or ')))
      : vscode.l10n.t('{0}: there are no tickets.', o.title));
    return undefined;
  }
  const placeHolder = vscode.l10n.t('Type a ticket ID or words of its title');
  if (o.many) {
    const picked = await vscode.window.showQuickPick(items, { title: o.title, placeHolder, canPickMany: true, matchOnDescription: true, matchOnDetail: true });
    return picked?.length ? picked.map((p) => p.ref) : undefined;
  }
  const picked = await vscode.window.showQuickPick(items, { title: o.title, placeHolder, matchOnDescription: true, matchOnDetail: true });
  return picked ? [picked.ref] : undefined;
}

/** The store folder to create a ticket in (asks when several are open). */
export async function pickFolder(stores: WorkspaceStores, title: string, folderPath?: string): Promise<FolderStores | undefined> {
  await stores.ready();
  const all = stores.all();
  if (folderPath) return all.find((f) => f.folder.uri.fsPath === folderPath || f.main.root === folderPath || f.location.workspaceRoot === folderPath);
  if (all.length <= 1) return all[0];
  const picked = await vscode.window.showQuickPick(all.map((f) => ({ label: f.folder.name, description: f.main.root, f })), { title, placeHolder: vscode.l10n.t('Workspace folder') });
  return picked?.f;
}
