// File layout of one Ticket folder (§1).
import { join } from 'node:path';

export interface TicketPaths {
  dir: string;
  item: string;
  thread: string;
  resolution: string;
  artifacts: string;
  relations: string;
  plan: string;
}

export function ticketPaths(root: string, id: string): TicketPaths {
  const dir = join(root, id);
  const artifacts = join(dir, 'artifacts');
  return {
    dir,
    item: join(dir, 'item.md'),
    thread: join(dir, 'thread.md'),
    resolution: join(dir, 'resolution.md'),
    artifacts,
    relations: join(artifacts, 'relations.json'),
    plan: join(artifacts, 'orchestration-plan.jsonl'),
  };
}
