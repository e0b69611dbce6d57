// Small writable workspaces for write tests: real corpus Tickets copied into a temp `.yoi/tickets`.
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusDir } from '../helpers/shared';

export const CORPUS_TICKETS = join(corpusDir, '.yoi', 'tickets');

function makeWritable(p: string): void {
  const st = statSync(p);
  chmodSync(p, st.isDirectory() ? 0o755 : 0o644);
  if (st.isDirectory()) for (const n of readdirSync(p)) makeWritable(join(p, n));
}

export interface TempWorkspace {
  root: string;
  tickets: string;
  ticketDir(id: string): string;
  read(id: string, file: string): string;
  write(id: string, file: string, text: string): void;
  dispose(): void;
}

/** A workspace with `.yoi/workspace.toml` (`language` = Japanese unless `english`) and the given corpus Tickets. */
export function tempWorkspace(ids: string[], opts: { english?: boolean; prefix?: string } = {}): TempWorkspace {
  const root = mkdtempSync(join(tmpdir(), opts.prefix ?? 'yoi-wf-'));
  const tickets = join(root, '.yoi', 'tickets');
  mkdirSync(tickets, { recursive: true });
  writeFileSync(join(root, '.yoi', 'workspace.toml'),
    `workspace_id = "test"\n\n[ticket]\n${opts.english ? '' : 'language = "Japanese"\n'}\n[ticket.backend]\nprovider = "builtin:yoi_local"\nroot = ".yoi/tickets"\n`);
  for (const id of ids) cpSync(join(CORPUS_TICKETS, id), join(tickets, id), { recursive: true });
  makeWritable(root);
  return {
    root,
    tickets,
    ticketDir: (id) => join(tickets, id),
    read: (id, file) => readFileSync(join(tickets, id, file), 'utf8'),
    write: (id, file, text) => writeFileSync(join(tickets, id, file), text),
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Copies a Ticket folder from one store into another (e.g. into the orchestration copy). */
export function copyTicket(fromTickets: string, toTickets: string, id: string): void {
  mkdirSync(toTickets, { recursive: true });
  cpSync(join(fromTickets, id), join(toTickets, id), { recursive: true });
  makeWritable(join(toTickets, id));
}
