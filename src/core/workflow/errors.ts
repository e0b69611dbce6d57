// Every refusal of the write core is a WorkflowError with a stable `code` and `params`, so an
// adapter can localize the message; `message` is English (CLI, logs).

export type WorkflowErrorCode =
  /** The store lock is held by another process. */
  | 'lock-busy'
  /** On-disk state differs from what the caller expected (state, item.md hash/mtime). */
  | 'conflict'
  /** The state machine or a guard (blockers, …) forbids the action. */
  | 'guard'
  /** Bad input (empty title, CR/LF in a single-line field, oversize text, …). */
  | 'invalid-input'
  | 'not-found'
  /** A file exists whose format the writer does not understand well enough to modify safely. */
  | 'unreadable'
  /** Workspace and orchestration copies disagree in a way this write would make worse. */
  | 'copies-diverged'
  /** A git precondition or command failed. */
  | 'git'
  | 'io';

export class WorkflowError extends Error {
  constructor(
    readonly code: WorkflowErrorCode,
    message: string,
    /** Finer stable id, e.g. `guard.not-ready`, `git.orchestration-dirty`. */
    readonly reason: string = code,
    readonly params: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = 'WorkflowError';
  }
}

/** Exact text shown when the store lock is busy (also what the CLI prints). */
export const LOCK_BUSY_MESSAGE = 'the ticket store is being written by another process';

export function isWorkflowError(e: unknown, code?: WorkflowErrorCode): e is WorkflowError {
  return e instanceof WorkflowError && (code === undefined || e.code === code);
}
