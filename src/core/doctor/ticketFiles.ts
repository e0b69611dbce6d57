// What the per-ticket doctor looks at, read from disk in one place so the checks themselves are
// pure functions of text and folder facts (and testable on in-memory variations).
import { readFileSync, statSync } from 'node:fs';
import { listArtifacts } from '../store/details';
import { ticketPaths, TicketPaths } from '../store/paths';

export interface TicketFiles {
  /** The folder name (the ticket ID when valid). */
  id: string;
  paths: TicketPaths;
  /** item.md text; undefined when it could not be read (see itemError). */
  item?: string;
  itemError?: string;
  /** thread.md text; undefined when missing. */
  thread?: string;
  threadError?: string;
  hasArtifactsDir: boolean;
  /** Artifact files relative to `artifacts/` (`/`-separated, recursive, without `.gitkeep`). */
  artifacts: string[];
  hasResolution: boolean;
  relations?: string;
  relationsError?: string;
  plan?: string;
}

const errno = (e: unknown) => (e as NodeJS.ErrnoException)?.code;
const missing = (e: unknown) => errno(e) === 'ENOENT' || errno(e) === 'ENOTDIR';

function read(path: string): { text?: string; error?: string } {
  try {
    return { text: readFileSync(path, 'utf8') };
  } catch (e) {
    return missing(e) ? {} : { error: (e as Error).message };
  }
}

const isDir = (p: string) => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

export function readTicketFiles(root: string, id: string): TicketFiles {
  const paths = ticketPaths(root, id);
  const item = read(paths.item);
  const thread = read(paths.thread);
  const artifacts = isDir(paths.artifacts) ? listArtifacts(paths.artifacts) : undefined;
  const f: TicketFiles = {
    id, paths,
    hasArtifactsDir: artifacts !== undefined,
    artifacts: artifacts ?? [],
    hasResolution: (() => {
      try {
        return statSync(paths.resolution).isFile();
      } catch {
        return false;
      }
    })(),
  };
  if (item.text !== undefined) f.item = item.text;
  if (item.error !== undefined) f.itemError = item.error;
  if (thread.text !== undefined) f.thread = thread.text;
  if (thread.error !== undefined) f.threadError = thread.error;
  if (artifacts !== undefined) {
    const rel = read(paths.relations);
    if (rel.text !== undefined) f.relations = rel.text;
    if (rel.error !== undefined) f.relationsError = rel.error;
    const plan = read(paths.plan);
    if (plan.text !== undefined) f.plan = plan.text;
  }
  return f;
}
