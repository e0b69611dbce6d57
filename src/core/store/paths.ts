// File layout of one Ticket folder (§1).
import { sep } from 'node:path';

export interface TicketPaths {
  dir: string;
  item: string;
  thread: string;
  resolution: string;
  artifacts: string;
  relations: string;
  plan: string;
}

/** `root` must be an absolute, normalized path (TicketStore resolves it) and `id` a plain folder
 * name; plain concatenation then equals path.join and is much cheaper on hot paths. */
export function ticketPaths(root: string, id: string): TicketPaths {
  const dir = root.endsWith(sep) ? root + id : root + sep + id;
  const artifacts = dir + sep + 'artifacts';
  return {
    dir,
    item: dir + sep + 'item.md',
    thread: dir + sep + 'thread.md',
    resolution: dir + sep + 'resolution.md',
    artifacts,
    relations: artifacts + sep + 'relations.json',
    plan: artifacts + sep + 'orchestration-plan.jsonl',
  };
}
