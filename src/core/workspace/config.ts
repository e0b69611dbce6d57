// Reads yoi's ticket configuration: `.yoi/workspace.toml` `[ticket]` (authoritative), else the legacy
// `.yoi/ticket.config.toml`, else defaults. Config errors become located problems, never exceptions.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseToml, TomlError } from 'smol-toml';
import { Problem, problem } from '../problems';

export const DEFAULT_TICKETS_ROOT = '.yoi/tickets';
export const SUPPORTED_PROVIDER = 'builtin:yoi_local';
export const TICKET_ROLES = ['intake', 'orchestrator', 'coder', 'reviewer'] as const;
export type TicketRole = (typeof TICKET_ROLES)[number];

export interface OrchestrationSettings {
  branch: string;
  worktreeDir: string;
  worktreeName: string;
}

export const DEFAULT_ORCHESTRATION: OrchestrationSettings = {
  branch: 'orchestration',
  worktreeDir: '.worktree',
  worktreeName: 'orchestration',
};

export interface RoleSettings {
  profile?: string;
  launchPrompt?: string;
  /** Legacy `ticket.config.toml` only (yoi's strict parser rejects it). */
  workflow?: string;
}

export interface TicketConfig {
  source: 'workspace.toml' | 'ticket.config.toml' | 'default';
  /** Absolute path of the file the settings came from (undefined for defaults). */
  file?: string;
  /** `[ticket.backend].root` as written (relative to the workspace root unless absolute). */
  root: string;
  provider?: string;
  language?: string;
  orchestration: OrchestrationSettings;
  roles: Partial<Record<TicketRole, RoleSettings>>;
  problems: Problem[];
}

type Table = Record<string, unknown>;
const isTable = (v: unknown): v is Table => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** Line of `key =` inside `[table]` (dotted table path), for locating problems; 1 when unknown. */
export function findTomlKeyLine(text: string, table: string, key?: string): number {
  const lines = text.split(/\r?\n/);
  let current = '';
  let tableLine = 0;
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim();
    const header = /^\[\s*([^\][]+?)\s*\]$/.exec(t);
    if (header) {
      current = header[1].split('.').map((p) => p.trim().replace(/^"(.*)"$/, '$1')).join('.');
      if (current === table) tableLine = i + 1;
      if (!key && current === table) return i + 1;
      continue;
    }
    if (key && current === table) {
      const m = /^("?)([^"=\s]+)\1\s*=/.exec(t);
      if (m && m[2] === key) return i + 1;
    }
  }
  return tableLine || 1;
}

function readToml(file: string, problems: Problem[]): { text: string; data: Table } | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    problems.push(problem(file, 1, 'error', 'config.unreadable', `Cannot read ${file}: ${(e as Error).message}`));
    return undefined;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return { text, data: parseToml(text) as Table };
  } catch (e) {
    const line = e instanceof TomlError ? e.line : 1;
    const column = e instanceof TomlError ? e.column : undefined;
    const msg = ((e as Error).message.split('\n')[0] || 'invalid TOML').trim();
    problems.push(problem(file, line || 1, 'error', 'config.invalid-toml', `Invalid TOML: ${msg}`, { detail: msg }, column));
    return { text, data: {} };
  }
}

interface Ctx {
  file: string;
  text: string;
  problems: Problem[];
}

function unknownKeys(ctx: Ctx, table: Table, tablePath: string, allowed: readonly string[], severity: 'error' | 'warning' = 'error'): void {
  for (const k of Object.keys(table)) {
    if (!allowed.includes(k)) {
      ctx.problems.push(problem(ctx.file, findTomlKeyLine(ctx.text, tablePath, k), severity, 'config.unknown-key',
        `Unknown key \`${k}\` in [${tablePath}] (yoi rejects unknown keys)`, { key: k, table: tablePath }));
    }
  }
}

function str(ctx: Ctx, table: Table, tablePath: string, key: string): string | undefined {
  const v = table[key];
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  ctx.problems.push(problem(ctx.file, findTomlKeyLine(ctx.text, tablePath, key), 'error', 'config.invalid-type',
    `\`${key}\` in [${tablePath}] must be a string`, { key, table: tablePath }));
  return undefined;
}

function readBackend(ctx: Ctx, backend: unknown, path: string, out: TicketConfig): void {
  if (backend === undefined) return;
  if (!isTable(backend)) {
    ctx.problems.push(problem(ctx.file, findTomlKeyLine(ctx.text, path), 'error', 'config.invalid-type', `[${path}] must be a table`, { table: path }));
    return;
  }
  unknownKeys(ctx, backend, path, ['provider', 'kind', 'root']);
  const provider = str(ctx, backend, path, 'provider');
  const kind = str(ctx, backend, path, 'kind');
  if (provider !== undefined) {
    out.provider = provider;
    if (provider !== SUPPORTED_PROVIDER) {
      ctx.problems.push(problem(ctx.file, findTomlKeyLine(ctx.text, path, 'provider'), 'error', 'config.unsupported-provider',
        `Ticket backend provider \`${provider}\` is not supported (only ${SUPPORTED_PROVIDER})`, { provider }));
    }
  } else if (kind !== undefined) {
    out.provider = kind === 'local' ? SUPPORTED_PROVIDER : kind;
    if (kind !== 'local') {
      ctx.problems.push(problem(ctx.file, findTomlKeyLine(ctx.text, path, 'kind'), 'error', 'config.unsupported-provider',
        `Ticket backend kind \`${kind}\` is not supported (only local)`, { provider: kind }));
    }
  }
  const root = str(ctx, backend, path, 'root');
  if (root !== undefined) {
    if (root.trim() === '') {
      ctx.problems.push(problem(ctx.file, findTomlKeyLine(ctx.text, path, 'root'), 'error', 'config.empty-root', 'Ticket root must not be empty'));
    } else out.root = root;
  }
}

function readRoles(ctx: Ctx, roles: unknown, path: string, out: TicketConfig, legacy: boolean): void {
  if (roles === undefined) return;
  if (!isTable(roles)) {
    ctx.problems.push(problem(ctx.file, findTomlKeyLine(ctx.text, path), 'error', 'config.invalid-type', `[${path}] must be a table`, { table: path }));
    return;
  }
  for (const [name, value] of Object.entries(roles)) {
    const rolePath = `${path}.${name}`;
    if (!(TICKET_ROLES as readonly string[]).includes(name)) {
      ctx.problems.push(problem(ctx.file, findTomlKeyLine(ctx.text, rolePath), 'error', 'config.unknown-role',
        `Unknown ticket role \`${name}\` (expected ${TICKET_ROLES.join(', ')})`, { role: name }));
      continue;
    }
    if (!isTable(value)) continue;
    // yoi's strict parser knows only profile and launch_prompt; legacy files also carry `workflow`.
    unknownKeys(ctx, value, rolePath, legacy ? ['profile', 'launch_prompt'] : ['profile', 'launch_prompt'], legacy ? 'warning' : 'error');
    const role: RoleSettings = {};
    const profile = str(ctx, value, rolePath, 'profile');
    if (profile !== undefined) role.profile = profile;
    const launch = str(ctx, value, rolePath, 'launch_prompt');
    if (launch !== undefined) role.launchPrompt = launch;
    if (legacy && typeof value.workflow === 'string') role.workflow = value.workflow;
    out.roles[name as TicketRole] = role;
  }
}

function readOrchestration(ctx: Ctx, orch: unknown, path: string, out: TicketConfig): void {
  if (orch === undefined) return;
  if (!isTable(orch)) {
    ctx.problems.push(problem(ctx.file, findTomlKeyLine(ctx.text, path), 'error', 'config.invalid-type', `[${path}] must be a table`, { table: path }));
    return;
  }
  unknownKeys(ctx, orch, path, ['branch', 'worktree_dir', 'worktree_name']);
  const branch = str(ctx, orch, path, 'branch');
  const dir = str(ctx, orch, path, 'worktree_dir');
  const name = str(ctx, orch, path, 'worktree_name');
  for (const [k, v] of [['branch', branch], ['worktree_dir', dir], ['worktree_name', name]] as const) {
    if (v !== undefined && v.trim() === '') {
      ctx.problems.push(problem(ctx.file, findTomlKeyLine(ctx.text, path, k), 'error', 'config.empty-value', `\`${k}\` in [${path}] must not be empty`, { key: k, table: path }));
    }
  }
  if (branch?.trim()) out.orchestration.branch = branch;
  if (dir?.trim()) out.orchestration.worktreeDir = dir;
  if (name?.trim()) out.orchestration.worktreeName = name;
}

/** Reads the ticket configuration of a workspace (the folder containing `.yoi`). */
export function readTicketConfig(workspaceRoot: string): TicketConfig {
  const out: TicketConfig = { source: 'default', root: DEFAULT_TICKETS_ROOT, orchestration: { ...DEFAULT_ORCHESTRATION }, roles: {}, problems: [] };
  const wsFile = join(workspaceRoot, '.yoi', 'workspace.toml');
  const ws = readToml(wsFile, out.problems);
  if (ws && isTable(ws.data.ticket)) {
    const ctx: Ctx = { file: wsFile, text: ws.text, problems: out.problems };
    const ticket = ws.data.ticket;
    out.source = 'workspace.toml';
    out.file = wsFile;
    unknownKeys(ctx, ticket, 'ticket', ['language', 'backend', 'orchestration', 'roles']);
    const lang = str(ctx, ticket, 'ticket', 'language');
    if (lang !== undefined) out.language = lang;
    readBackend(ctx, ticket.backend, 'ticket.backend', out);
    readOrchestration(ctx, ticket.orchestration, 'ticket.orchestration', out);
    readRoles(ctx, ticket.roles, 'ticket.roles', out, false);
    return out;
  }
  if (ws && ws.data.ticket !== undefined) {
    out.problems.push(problem(wsFile, findTomlKeyLine(ws.text, '', 'ticket'), 'error', 'config.invalid-type', '`ticket` must be a table', { table: 'ticket' }));
  }
  const legacyFile = join(workspaceRoot, '.yoi', 'ticket.config.toml');
  const legacy = readToml(legacyFile, out.problems);
  if (legacy) {
    const ctx: Ctx = { file: legacyFile, text: legacy.text, problems: out.problems };
    out.source = 'ticket.config.toml';
    out.file = legacyFile;
    const d = legacy.data;
    if (isTable(d.ticket)) {
      const lang = str(ctx, d.ticket, 'ticket', 'language');
      if (lang !== undefined) out.language = lang;
    }
    readBackend(ctx, d.backend, 'backend', out);
    readRoles(ctx, d.roles, 'roles', out, true);
  }
  return out;
}
