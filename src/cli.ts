// Headless CLI over the pure core (no vscode import): `yoi-vscode <command> …`.
// Subcommands live in src/cli/<name>.ts and are registered in src/cli/commands.ts.
import { COMMANDS } from './cli/commands';
import { runCli } from './cli/dispatch';

// `yoi-vscode list | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

runCli(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), cwd: process.cwd() }, COMMANDS)
  .then((code) => {
    process.exitCode = code;
  })
  .catch((e: unknown) => {
    process.stderr.write(`yoi-vscode: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 70;
  });
