// Executes mutation plans safely: take the store lock, re-read the Ticket from disk, compare it with
// what the caller last saw (state, item.md hash/mtime), plan against the fresh bytes, then write
// durably — side files first, thread.md append, plan-record append, item.md last (item.md's
// `state` is the commit point, as in yoi, which appends the event before patching state).
import { closeSync, constants, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { TicketState } from '../states';
import { ticketPaths } from '../store/paths';
import { WorkflowError } from './errors';
import { EventAttributes } from './events';
import { appendDurable, fsyncDir, writeFileAtomic } from './durableFs';
import { hashText, readTicketSnapshot, TicketSnapshot } from './freshReads';
import { CreateInput, CreatePlan, MutationAction, MutationEnv, MutationPlan, planCreate, SanitizeReport } from './mutations';
import { acquireStoreLock, LockMechanism, LockOptions } from './storeLock';

export type StoreCopy = 'workspace' | 'orchestration';

export interface WriteTarget {
  copy: StoreCopy;
  ticketsRoot: string;
}

/** What the caller last saw; any difference on disk is a conflict. */
export interface Expectation {
  state?: TicketState;
  /** sha256 hex of item.md as the user last saw it. */
  itemHash?: string;
  itemMtimeMs?: number;
}

export interface MutationResult {
  ticketId: string;
  copy: StoreCopy;
  ticketsRoot: string;
  action: MutationAction | 'create';
  from?: TicketState;
  to?: TicketState;
  events: EventAttributes[];
  /** Absolute paths written. */
  written: string[];
  sanitized: SanitizeReport[];
  /** sha256 of item.md after the write (for the next expectation). */
  itemHash: string;
  lock: LockMechanism;
}

export interface ExecuteOptions {
  lock?: LockOptions;
  /** Runs under the lock after the fresh read, before planning (e.g. the copies check). */
  check?: (snapshot: TicketSnapshot) => void;
}

export function checkExpectation(s: TicketSnapshot, expect: Expectation | undefined): void {
  if (!expect) return;
  if (expect.state !== undefined && s.state !== expect.state) {
    throw new WorkflowError('conflict', `ticket ${s.id} is ${s.state ?? 'unreadable'} on disk, not ${expect.state} as you saw it; reload and try again`, 'conflict.state', { id: s.id, expected: expect.state, actual: s.state ?? 'unknown' });
  }
  if ((expect.itemHash !== undefined && expect.itemHash !== s.itemHash) || (expect.itemMtimeMs !== undefined && expect.itemMtimeMs !== s.itemMtimeMs)) {
    throw new WorkflowError('conflict', `item.md of ${s.id} changed on disk since you last saw it; reload and try again`, 'conflict.item-changed', { id: s.id });
  }
}

/** Writes a plan's bytes (caller holds the lock). Returns the paths written. */
export function writePlan(s: TicketSnapshot, plan: MutationPlan): string[] {
  const written: string[] = [];
  for (const f of plan.files) {
    const p = join(s.paths.dir, f.relPath);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileAtomic(p, f.content);
    written.push(p);
  }
  if (plan.threadAppend) {
    appendDurable(s.paths.thread, plan.threadAppend);
    written.push(s.paths.thread);
  }
  if (plan.planAppend) {
    mkdirSync(s.paths.artifacts, { recursive: true });
    appendDurable(s.paths.plan, plan.planAppend);
    written.push(s.paths.plan);
  }
  if (plan.item !== undefined && plan.item !== s.itemText) {
    writeFileAtomic(s.paths.item, plan.item);
    written.push(s.paths.item);
  }
  return written;
}

/** Lock → fresh read → expectation check → plan → durable writes → unlock. */
export async function executeMutation(
  target: WriteTarget,
  ticketId: string,
  expect: Expectation | undefined,
  planner: (snapshot: TicketSnapshot) => MutationPlan,
  opts: ExecuteOptions = {},
): Promise<MutationResult> {
  if (!existsSync(target.ticketsRoot)) {
    throw new WorkflowError('not-found', `the ticket store ${target.ticketsRoot} does not exist`, 'store.not-found', { root: target.ticketsRoot });
  }
  const lock = await acquireStoreLock(target.ticketsRoot, opts.lock);
  try {
    const s = readTicketSnapshot(target.ticketsRoot, ticketId);
    checkExpectation(s, expect);
    opts.check?.(s);
    const plan = planner(s);
    const written = writePlan(s, plan);
    const finalItem = plan.item ?? s.itemText;
    return {
      ticketId, copy: target.copy, ticketsRoot: target.ticketsRoot, action: plan.action, from: plan.from, to: plan.to,
      events: plan.events.map((e) => e.attributes), written, sanitized: plan.sanitized, itemHash: hashText(finalItem), lock: lock.mechanism,
    };
  } finally {
    lock.release();
  }
}

function writeNewFile(path: string, content: string): void {
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
  try {
    const data = Buffer.from(content, 'utf8');
    let off = 0;
    while (off < data.length) off += writeSync(fd, data, off, data.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export interface CreateResult extends MutationResult {
  plan: CreatePlan;
}

/** Creates a Ticket under the lock: mints the ID, builds the folder under a dot-name (readers skip
 * those) and renames it into place, so nobody ever sees a half-written Ticket. */
export async function executeCreate(target: WriteTarget, input: CreateInput, env: MutationEnv, opts: { lock?: LockOptions } = {}): Promise<CreateResult> {
  mkdirSync(target.ticketsRoot, { recursive: true });
  const lock = await acquireStoreLock(target.ticketsRoot, opts.lock);
  try {
    const plan = planCreate(input, (id) => existsSync(join(target.ticketsRoot, id)), env);
    const final = ticketPaths(target.ticketsRoot, plan.id);
    const tmp = join(target.ticketsRoot, `.${plan.id}.tmp.${process.pid}`);
    rmSync(tmp, { recursive: true, force: true });
    try {
      mkdirSync(join(tmp, 'artifacts'), { recursive: true });
      writeNewFile(join(tmp, 'artifacts', '.gitkeep'), '');
      writeNewFile(join(tmp, 'item.md'), plan.item);
      writeNewFile(join(tmp, 'thread.md'), plan.thread);
      fsyncDir(join(tmp, 'artifacts'));
      fsyncDir(tmp);
      renameSync(tmp, final.dir);
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
    fsyncDir(target.ticketsRoot);
    return {
      ticketId: plan.id, copy: target.copy, ticketsRoot: target.ticketsRoot, action: 'create', to: input.state ?? 'planning',
      events: [plan.event.attributes], written: [final.item, final.thread, join(final.artifacts, '.gitkeep')], sanitized: plan.sanitized,
      itemHash: hashText(plan.item), lock: lock.mechanism, plan,
    };
  } finally {
    lock.release();
  }
}
