// Real temporary git repositories for the git choreography and worktree tests.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS_TICKETS } from './tempStore';

export function sh(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-C', cwd, ...args], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } }).trim();
}

export interface TempRepo {
  root: string;
  orch: string;
  tickets: string;
  orchTickets: string;
  dispose(): void;
}

/** A workspace repo on `main` with corpus Tickets, local `.yoi` state that sparse checkout must hide,
 * and (unless `noOrchestration`) the orchestration worktree on branch `orchestration`. */
export function tempRepo(ids: string[], opts: { noOrchestration?: boolean } = {}): TempRepo {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'yoi-git-')));
  sh(root, 'init', '-q', '-b', 'main');
  sh(root, 'config', 'user.name', 'Test User');
  sh(root, 'config', 'user.email', 'test@example.invalid');
  sh(root, 'config', 'commit.gpgsign', 'false');
  const tickets = join(root, '.yoi', 'tickets');
  mkdirSync(tickets, { recursive: true });
  writeFileSync(join(root, '.yoi', 'workspace.toml'), 'workspace_id = "t"\n\n[ticket]\n\n[ticket.backend]\nroot = ".yoi/tickets"\n');
  for (const id of ids) cpSync(join(CORPUS_TICKETS, id), join(tickets, id), { recursive: true });
  execFileSync('chmod', ['-R', 'u+w', root]);
  for (const [p, text] of [['.yoi/memory/notes.md', 'secret memory\n'], ['.yoi/logs/run.log', 'log\n'], ['.yoi/local/state.json', '{}\n'],
    ['.yoi/override.local.toml', 'x = 1\n'], ['.yoi/tickets/keys.secret', 's\n'], ['src/main.txt', 'code\n'], ['.gitignore', '/.worktree/\n.yoi/tickets/.ticket-backend.lock\n']] as const) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  sh(root, 'add', '-A');
  sh(root, 'commit', '-q', '-m', 'init');
  const orch = join(root, '.worktree', 'orchestration');
  if (!opts.noOrchestration) sh(root, 'worktree', 'add', '-q', orch, '-b', 'orchestration');
  return { root, orch, tickets, orchTickets: join(orch, '.yoi', 'tickets'), dispose: () => rmSync(root, { recursive: true, force: true }) };
}
