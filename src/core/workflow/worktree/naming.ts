// Implementation worktree naming (§8.1): `<ID>-<slug>`, branch `work/<ID>-<slug>`, path
// `<root>/<worktree_dir>/<ID>-<slug>`, plus the sparse-checkout patterns yoi applies and the
// patterns that map an existing worktree/branch back to its Ticket.
import { basename, join } from 'node:path';
import { isId } from '../../ids';
import { WorkspaceLocation } from '../../workspace/discover';
import { WorkflowError } from '../errors';

/** Used when a title has no usable ASCII words (e.g. an all-Japanese title). */
export const FALLBACK_SLUG = 'task';
const MAX_WORDS = 4;
const MAX_LEN = 32;
const STOP_WORDS = new Set(['a', 'an', 'the', 'to', 'of', 'and', 'or', 'for', 'in', 'on', 'with', 'by', 'from', 'as', 'at', 'into', 'is', 'be']);
const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Short kebab-case ASCII slug from a title (≤4 words, ≤32 chars); FALLBACK_SLUG when nothing usable remains. */
export function slugFromTitle(title: string): string {
  const ascii = title.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const words = (ascii.match(/[a-z0-9]+/g) ?? []).filter((w) => !STOP_WORDS.has(w));
  const picked: string[] = [];
  for (const w of words) {
    if (picked.length >= MAX_WORDS) break;
    const next = [...picked, w].join('-');
    if (next.length > MAX_LEN) {
      if (picked.length === 0) picked.push(w.slice(0, MAX_LEN));
      break;
    }
    picked.push(w);
  }
  const slug = picked.join('-');
  return slug.replace(/[^a-z]/g, '').length >= 3 ? slug : FALLBACK_SLUG;
}

export function isValidSlug(slug: string): boolean {
  return slug.length <= 48 && SLUG_RE.test(slug);
}

export interface WorktreeNames {
  /** `<ID>-<slug>`. */
  name: string;
  branch: string;
  /** Absolute path under the *original* workspace root. */
  path: string;
}

export function worktreeNames(loc: WorkspaceLocation, ticketId: string, slug: string): WorktreeNames {
  if (!isId(ticketId)) throw new WorkflowError('invalid-input', `\`${ticketId}\` is not a valid ticket ID`, 'input.invalid-id', { id: ticketId });
  if (!isValidSlug(slug)) throw new WorkflowError('invalid-input', `worktree slug \`${slug}\` must be short kebab-case ASCII`, 'input.slug', { slug });
  const name = `${ticketId}-${slug}`;
  return { name, branch: `work/${name}`, path: join(loc.workspaceRoot, loc.orchestration.worktreeDir, name) };
}

const EXCLUDED_DIRS = ['memory', 'logs', '_logs', '**/_logs', 'locks', 'local', 'runtime', 'pods', 'sessions', 'sockets', 'tmp', 'cache', 'secrets'];
const EXCLUDED_FILES = ['**/*.log', '**/*.lock', '**/.lock', 'override.local.toml', '**/*.local', '**/*.local.*', '**/*.secret', '**/*.secret.*'];

/** `git sparse-checkout set --no-cone` patterns (§8.1): everything, minus local/secret `.yoi` state.
 * Tracked `.yoi` records (tickets, workflow, config) stay visible. */
export const SPARSE_PATTERNS: readonly string[] = [
  '/*',
  ...EXCLUDED_DIRS.flatMap((d) => [`!/.yoi/${d}/`, `!/.yoi/${d}/**`]),
  ...EXCLUDED_FILES.map((f) => `!/.yoi/${f}`),
];

/** Branch/path conventions seen in accepted plans: `work/<ID>-…`, `impl/<ID>-…`, `ticket-<ID>-…`, path `<ID>-…`. */
const ID_IN_NAME = /(?:^|[/-])([0-9A-HJKMNP-TV-Z]{13})(?=-|$)/;

/** The Ticket a worktree belongs to, from its branch (preferred) or folder name. */
export function ticketIdOfWorktree(branch: string | undefined, path: string): string | undefined {
  for (const s of [branch?.replace(/^refs\/heads\//, ''), basename(path)]) {
    if (!s) continue;
    const m = ID_IN_NAME.exec(s);
    if (m && isId(m[1])) return m[1];
  }
  return undefined;
}
