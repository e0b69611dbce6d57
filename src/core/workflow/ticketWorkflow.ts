// The write API the extension and CLI use: one object per workspace folder that resolves the
// store(s) from config, picks the copy each write belongs to, and runs the mutation safely.
import { TicketState } from '../states';
import { resolveWorkspace, WorkspaceLocation } from '../workspace/discover';
import { WorkflowError } from './errors';
import { CreateResult, executeCreate, executeMutation, Expectation, MutationResult, StoreCopy, WriteTarget } from './executor';
import { freshBlockers, ticketExists, TicketSnapshot } from './freshReads';
import {
  AddRelationInput, CreateInput, EditItemInput, MarkReadyInput, MutationEnv, MutationPlan, planAddRelation, planClose, planEditItem, planMarkReady,
  planQueue, planRecordEvent, planRecordPlan, planReview, planStateChange, RecordEventKind, RecordPlanInput, ReviewInput,
} from './mutations';
import { Clock, defaultAuthor, RecordLanguage, systemClock } from './ports';
import { actionForTarget } from './stateMachine';
import { Actor, checkCopiesForStateChange, chooseCopy, DEFAULT_ACTOR, storeCopiesOf } from './storeCopies';
import { LockOptions } from './storeLock';

export interface TicketWorkflowOptions {
  workspaceRoot: string;
  clock?: Clock;
  /** Default author of every write (default `$USER`). */
  author?: string;
  /** Override the record language from config. */
  language?: RecordLanguage;
  lock?: LockOptions;
}

export interface WriteOptions {
  /** What the user last saw; a difference on disk refuses the write (conflict). */
  expect?: Expectation;
  /** Who performs the write (default per action, see DEFAULT_ACTOR). */
  actor?: Actor;
  /** Pin the copy to write to. */
  copy?: StoreCopy;
  /** Write a state change even when the other copy has unseen state changes. */
  allowDivergence?: boolean;
}

export interface WorkflowResult extends MutationResult {
  /** Why the copy differs from the actor's usual one, if it does. */
  note?: string;
}

type Author = { author?: string };

export class TicketWorkflow {
  readonly clock: Clock;
  readonly author: string;

  constructor(private readonly opts: TicketWorkflowOptions) {
    this.clock = opts.clock ?? systemClock;
    this.author = opts.author ?? defaultAuthor();
  }

  /** Config is re-read for each write (cheap), so edits to workspace.toml apply immediately. */
  location(): WorkspaceLocation {
    return resolveWorkspace(this.opts.workspaceRoot);
  }

  private env(loc: WorkspaceLocation): MutationEnv {
    return { clock: this.clock, language: this.opts.language ?? (loc.japanese ? 'ja' : 'en') };
  }

  private async run(
    action: string,
    id: string,
    o: WriteOptions,
    changesState: boolean,
    planner: (s: TicketSnapshot, env: MutationEnv, target: WriteTarget) => MutationPlan,
  ): Promise<WorkflowResult> {
    const loc = this.location();
    const choice = chooseCopy(storeCopiesOf(loc), id, o.actor ?? DEFAULT_ACTOR[action] ?? 'human', o.copy);
    const env = this.env(loc);
    const result = await executeMutation(choice.target, id, o.expect, (s) => planner(s, env, choice.target), {
      lock: this.opts.lock,
      check: () => {
        if (changesState && !o.allowDivergence) checkCopiesForStateChange(choice.target, choice.other, id);
      },
    });
    return choice.note ? { ...result, note: choice.note } : result;
  }

  async create(input: Omit<CreateInput, 'author'> & Author): Promise<CreateResult> {
    const loc = this.location();
    const target: WriteTarget = { copy: 'workspace', ticketsRoot: loc.ticketsRoot };
    return executeCreate(target, { ...input, author: input.author ?? this.author }, this.env(loc), { lock: this.opts.lock });
  }

  markReady(id: string, input: Omit<MarkReadyInput, 'author'> & Author, o: WriteOptions = {}): Promise<WorkflowResult> {
    return this.run('markReady', id, o, true, (s, env) => planMarkReady(s, { ...input, author: input.author ?? this.author }, env));
  }

  queue(id: string, input: { queuedBy?: string } = {}, o: WriteOptions = {}): Promise<WorkflowResult> {
    return this.run('queue', id, o, true, (s, env, t) => planQueue(s, { queuedBy: input.queuedBy ?? this.author }, freshBlockers(t.ticketsRoot, id), env));
  }

  private stateChange(action: 'accept' | 'markDone' | 'returnToPlanning', id: string, input: { reason?: string; body?: string } & Author, o: WriteOptions) {
    return this.run(action, id, o, true, (s, env, t) =>
      planStateChange(s, action, { ...input, author: input.author ?? this.author }, action === 'accept' ? freshBlockers(t.ticketsRoot, id) : [], env));
  }

  /** ready|queued → planning; `reason` is required (a concrete missing decision/information). */
  returnToPlanning(id: string, input: { reason: string; body?: string } & Author, o: WriteOptions = {}) {
    return this.stateChange('returnToPlanning', id, input, o);
  }

  /** queued → inprogress (the Orchestrator's acceptance marker; zero unresolved blockers). */
  accept(id: string, input: { reason?: string; body?: string } & Author = {}, o: WriteOptions = {}) {
    return this.stateChange('accept', id, input, o);
  }

  /** inprogress → done. */
  markDone(id: string, input: { reason?: string; body?: string } & Author = {}, o: WriteOptions = {}) {
    return this.stateChange('markDone', id, input, o);
  }

  /** `yoi ticket state ID <to>` semantics: ready → mark ready (needs `summary`), queued → queue,
   * inprogress/done/planning → state change; closed is refused (use close). */
  setState(id: string, to: TicketState, input: { reason?: string; body?: string; summary?: string } & Author = {}, o: WriteOptions = {}): Promise<WorkflowResult> {
    const action = actionForTarget(to);
    switch (action) {
      case 'markReady':
        return this.markReady(id, { summary: input.summary ?? input.body ?? '', reason: input.reason, body: input.body, author: input.author }, o);
      case 'queue':
        return this.queue(id, { queuedBy: input.author }, o);
      case 'accept':
      case 'markDone':
      case 'returnToPlanning':
        return this.stateChange(action, id, input, o);
      default:
        return Promise.reject(new WorkflowError('guard', 'use close to close a ticket (it writes resolution.md)', 'guard.use-close', { to }));
    }
  }

  close(id: string, input: { resolution: string; allowReclose?: boolean } & Author, o: WriteOptions = {}) {
    return this.run('close', id, o, true, (s, env) => planClose(s, { ...input, author: input.author ?? this.author }, env));
  }

  editItem(id: string, input: Omit<EditItemInput, 'author'> & Author, o: WriteOptions = {}) {
    return this.run('editItem', id, o, false, (s, env) => planEditItem(s, { ...input, author: input.author ?? this.author }, env));
  }

  recordEvent(id: string, kind: RecordEventKind, input: { body: string } & Author, o: WriteOptions = {}) {
    const action = kind === 'implementation_report' ? 'implementationReport' : kind;
    return this.run(action, id, o, false, (s, env) => planRecordEvent(s, kind, { body: input.body, author: input.author ?? this.author }, env));
  }

  comment(id: string, body: string, input: Author = {}, o: WriteOptions = {}) {
    return this.recordEvent(id, 'comment', { body, author: input.author }, o);
  }

  review(id: string, input: Omit<ReviewInput, 'author'> & Author, o: WriteOptions = {}) {
    return this.run('review', id, o, false, (s, env) => planReview(s, { ...input, author: input.author ?? this.author }, env));
  }

  addRelation(id: string, input: Omit<AddRelationInput, 'author'> & Author, o: WriteOptions = {}) {
    return this.run('addRelation', id, o, false, (s, env, t) =>
      planAddRelation(s, { ...input, author: input.author ?? this.author }, ticketExists(t.ticketsRoot, input.target), env));
  }

  recordPlan(id: string, input: Omit<RecordPlanInput, 'author'> & Author, o: WriteOptions = {}) {
    return this.run('recordPlan', id, o, false, (s, env) => planRecordPlan(s, { ...input, author: input.author ?? this.author }, env));
  }
}
