// The write commands: in-process through the dispatcher, and the bundled `dist/cli.js` end to end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, requireShared } from '../helpers/shared';
import { splitThread } from './corpusEvents';
import { CORPUS_TICKETS, tempWorkspace } from './tempStore';
import { runCli } from '../../../src/cli/dispatch';
import { COMMANDS } from '../../../src/cli/commands';
import { frontMatterLine } from '../../../src/core/workflow/frontMatterPatch';
import { LOCK_FILE_NAME } from '../../../src/core/workflow/storeLock';

const READY = '00001KXMK846H';
const PLANNING = '00001KY1ZKCPC';

async function cli(args: string[], cwd = '/') {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, cwd }, COMMANDS);
  return { code, stdout, stderr };
}

test('cli queue / state / comment / close on a temp workspace', async (t) => {
  if (!requireShared(t, CORPUS_TICKETS)) return;
  const ws = tempWorkspace([READY, PLANNING]);
  try {
    let r = await cli(['queue', READY, '--workspace', ws.root, '--author', 'workspace-panel']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${READY}\tready -> queued\t(workspace copy)\n`);
    assert.equal(frontMatterLine(ws.read(READY, 'item.md'), 'queued_by'), "queued_by: 'workspace-panel'");
    r = await cli(['queue', READY, '--workspace', ws.root]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^yoi-vscode queue: queue needs state ready; the ticket is queued\n$/);

    r = await cli(['state', READY, 'inprogress', '--workspace', ws.root, '--author', 'orchestrator', '--reason', 'orchestrator_acceptance', '--body', 'Accepted.', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual([out.version, out.ticketId, out.action, out.copy, out.from, out.to], [1, READY, 'accept', 'workspace', 'queued', 'inprogress']);
    assert.deepEqual(out.written.sort(), [`.yoi/tickets/${READY}/item.md`, `.yoi/tickets/${READY}/thread.md`]);
    let last = splitThread(ws.read(READY, 'thread.md')).pop()!;
    assert.equal(last.text, `\n<!-- event: state_changed author: orchestrator at: ${last.attrs.at} from: queued to: inprogress reason: orchestrator_acceptance field: state -->\n\n## State changed\n\nAccepted.\n\n\n---\n`);

    r = await cli(['state', READY, 'done', '--workspace', ws.root, '--author', 'yoi ticket']);
    assert.equal(r.code, 0, r.stderr);
    last = splitThread(ws.read(READY, 'thread.md')).pop()!;
    assert.equal(last.attrs.reason, 'cli_state');
    assert.equal(last.body, 'State changed to `done`.\n');

    r = await cli(['state', PLANNING, 'ready', '--workspace', ws.root, '--author', 'hare', '--summary', 'Agreed with the user.']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(splitThread(ws.read(PLANNING, 'thread.md')).slice(-2).map((e) => [e.kind, e.body]), [
      ['intake_summary', 'Agreed with the user.'], ['state_changed', 'Ticket planning が完了しました。state planning -> ready。'],
    ]);

    writeFileSync(join(ws.root, 'note.md'), 'From a file\n---\nwith a rule');
    r = await cli(['comment', PLANNING, '--workspace', ws.root, '--author', 'hare', '--role', 'decision', '--file', 'note.md'], ws.root);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /body line 2 changed so it cannot break thread.md: --- -> ----/);
    last = splitThread(ws.read(PLANNING, 'thread.md')).pop()!;
    assert.deepEqual([last.kind, last.body], ['decision', 'From a file\n----\nwith a rule\n']);

    r = await cli(['close', PLANNING, '--workspace', ws.root, '--author', 'hare', '--resolution', 'Done here.', '--expect-state', 'ready']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${PLANNING}\tready -> closed\t(workspace copy)\n`);
    assert.equal(ws.read(PLANNING, 'resolution.md'), 'Done here.\n');

    // Usage errors (exit 2) and conflicts (exit 1).
    assert.equal((await cli(['state', READY, 'closed', '--workspace', ws.root])).code, 2);
    assert.equal((await cli(['state', READY, 'bogus', '--workspace', ws.root])).code, 2);
    assert.equal((await cli(['queue', 'nope', '--workspace', ws.root])).code, 2);
    assert.equal((await cli(['comment', READY, '--workspace', ws.root])).code, 2);
    assert.equal((await cli(['comment', READY, '--workspace', ws.root, '--role', 'review', '--message', 'x'])).code, 2);
    assert.equal((await cli(['queue', READY, '--workspace', join(ws.root, 'missing')])).code, 2);
    r = await cli(['comment', READY, '--workspace', ws.root, '--message', 'x', '--expect-state', 'ready', '--json']);
    assert.equal(r.code, 1);
    assert.equal(JSON.parse(r.stdout).error.code, 'conflict');
  } finally {
    ws.dispose();
  }
});

const dist = join(repoRoot, 'dist', 'cli.js');
const hasFlock = spawnSync('flock', ['--version']).status === 0;

test('dist/cli.js: queue succeeds, and is refused with the exact message while the store is locked', { skip: !hasFlock && 'flock(1) not installed' }, async (t) => {
  if (!requireShared(t, CORPUS_TICKETS)) return;
  if (!existsSync(dist)) {
    if (process.env.CI) throw new Error('dist/cli.js is missing: run `npm run build` before the unit tests');
    t.skip('dist/cli.js is missing (run npm run build)');
    return;
  }
  const ws = tempWorkspace([READY]);
  try {
    const lock = join(ws.tickets, LOCK_FILE_NAME);
    writeFileSync(lock, '');
    const holder = spawn('flock', [lock, 'cat'], { stdio: ['pipe', 'ignore', 'ignore'] });
    for (let i = 0; i < 1000 && spawnSync('flock', ['-n', '-E', '75', lock, 'true']).status !== 75; i++) await new Promise((res) => setTimeout(res, 10));
    const busy = spawnSync(process.execPath, [dist, 'queue', READY, '--workspace', ws.root, '--author', 'A'], { encoding: 'utf8' });
    assert.equal(busy.status, 1);
    assert.equal(busy.stderr, 'yoi-vscode queue: the ticket store is being written by another process\n');
    await new Promise<void>((res) => { holder.on('close', () => res()); holder.stdin!.end(); });
    const ok = spawnSync(process.execPath, [dist, 'queue', READY, '--workspace', ws.root, '--author', 'A'], { encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(ok.stdout, `${READY}\tready -> queued\t(workspace copy)\n`);
    assert.equal(frontMatterLine(ws.read(READY, 'item.md'), 'state'), "state: 'queued'");
  } finally {
    ws.dispose();
  }
});
