// `npm run try`: the packaged extension in a local code-server on a scratch copy of sample/.
import { cpSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startCodeServer, repoRoot } from './codeServer';

async function main(): Promise<void> {
  const target = process.argv[2];
  const ws = join(repoRoot, '.try', 'workspace');
  if (!target) {
    rmSync(ws, { recursive: true, force: true });
    mkdirSync(ws, { recursive: true });
    cpSync(join(repoRoot, 'sample'), ws, { recursive: true });
  }
  process.env.CS_MAX_SECONDS = process.env.CS_MAX_SECONDS ?? '86400';
  const server = await startCodeServer({ workspace: target ?? ws, vsix: join(repoRoot, 'yoi-vscode.vsix') });
  console.log(`\nyoi for VS Code is running on ${target ?? 'a scratch copy of sample/'}:\n\n  ${server.workspaceUrl()}\n\nOpen it in a browser on this machine. Press Ctrl-C to stop.`);
  const stop = () => { void server.stop().then(() => process.exit(0)); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await new Promise(() => undefined);
}

main().catch((e) => { console.error(e); process.exit(1); });
