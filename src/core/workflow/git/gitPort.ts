// A small Git port: runs `git` with an argument array (never a shell string), so branch names,
// paths and messages derived from ticket text can never be interpreted by a shell.
import { execFile } from 'node:child_process';
import { WorkflowError } from '../errors';

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface GitPort {
  /** Runs `git -C <cwd> <args…>`; resolves with the exit code (does not throw on non-zero). */
  run(cwd: string, args: readonly string[], opts?: { input?: string }): Promise<GitResult>;
}

export interface NodeGitOptions {
  /** git executable (default `git` on PATH). */
  command?: string;
  /** Extra environment (e.g. GIT_AUTHOR_* in tests). */
  env?: NodeJS.ProcessEnv;
}

export function nodeGit(opts: NodeGitOptions = {}): GitPort {
  const command = opts.command ?? 'git';
  return {
    run(cwd, args, runOpts) {
      return new Promise((resolve, reject) => {
        const child = execFile(
          command,
          ['-C', cwd, ...args],
          {
            // Never prompt (credentials, editors); C locale so messages are predictable in logs.
            env: { ...process.env, ...opts.env, GIT_TERMINAL_PROMPT: '0', GIT_EDITOR: 'true', LC_ALL: 'C' },
            maxBuffer: 64 * 1024 * 1024,
            windowsHide: true,
          },
          (err, stdout, stderr) => {
            if (err && typeof (err as NodeJS.ErrnoException).code === 'string') {
              return reject(new WorkflowError('git', `cannot run ${command}: ${err.message}`, 'git.unavailable'));
            }
            const code = err ? ((err as { code?: number }).code ?? 1) : 0;
            resolve({ code: typeof code === 'number' ? code : 1, stdout: String(stdout), stderr: String(stderr) });
          },
        );
        if (runOpts?.input !== undefined) child.stdin?.end(runOpts.input);
      });
    },
  };
}

/** Runs git and returns trimmed stdout; a non-zero exit becomes a `git` WorkflowError. */
export async function gitOk(git: GitPort, cwd: string, args: readonly string[], reason = 'git.failed'): Promise<string> {
  const r = await git.run(cwd, args);
  if (r.code !== 0) {
    const detail = (r.stderr || r.stdout).trim().split('\n').slice(0, 4).join(' ');
    throw new WorkflowError('git', `git ${args.join(' ')} failed: ${detail}`, reason, { args: args.join(' '), detail });
  }
  return r.stdout.replace(/\n$/, '');
}
