// Child process for the cross-process concurrency test (not a test file itself): runs a list of
// operations against one Ticket and prints one JSON line per operation with its outcome.
import { TicketWorkflow } from '../../../src/core/workflow/ticketWorkflow';
import { isWorkflowError } from '../../../src/core/workflow/errors';

async function main(): Promise<void> {
  const [root, id, tag, count, waitMs] = process.argv.slice(2);
  const w = new TicketWorkflow({ workspaceRoot: root, author: `proc-${tag}`, lock: { waitMs: Number(waitMs), intervalMs: 5 } });
  const ops: Array<Promise<void>> = [];
  for (let i = 0; i < Number(count); i++) {
    const op = i % 5 === 0 ? 'queue' : 'comment';
    const token = `${tag}-${i}`;
    ops.push((async () => {
      try {
        if (op === 'queue') await w.queue(id, { queuedBy: `proc-${tag}` });
        else await w.comment(id, `comment ${token}\n`);
        process.stdout.write(JSON.stringify({ op, token, ok: true }) + '\n');
      } catch (e) {
        process.stdout.write(JSON.stringify({ op, token, ok: false, code: isWorkflowError(e) ? e.code : 'crash', message: (e as Error).message }) + '\n');
      }
    })());
  }
  await Promise.all(ops);
}

void main();
