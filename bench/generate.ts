// Deterministic synthetic ticket stores for the benchmark (and for tests, at small sizes).
// Sizes and shapes follow the real corpus: front matter in yoi's writer style (single quotes, a few
// double-quoted files), item.md bodies of 0.3–16 KB (median ≈ 4 KB), threads of 5–40 events,
// relations.json on ~20% of tickets, orchestration-plan.jsonl on ~38%, resolution.md on closed
// tickets, and ~1% malformed tickets of every kind the reader must survive.
// Stores are generated once into bench/.cache/ (git-ignored) and reused while the version matches.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { encodeId } from '../src/core/ids';

/** Bump when the generator's output changes, so cached stores are regenerated. */
export const GENERATOR_VERSION = 1;

/** Repository root (this file compiles to out/bench/generate.js). */
export const repoRoot = resolve(__dirname, '..', '..');
export const defaultCacheDir = join(repoRoot, 'bench', '.cache');

/** Small, fast, seedable PRNG (mulberry32): identical output on every machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

const JA_WORDS = [
  'チケット', 'ワークフロー', '実装', 'レビュー', '設計', '境界', '権限', 'プラグイン', 'ワーカー', 'オーケストレーター',
  '状態', '履歴', '通知', 'スコープ', '委譲', '検証', 'テスト', '互換性', '移行', '構成', 'を', 'が', 'に', 'で', 'と',
  'する', 'した', 'ため', 'ない', 'こと', '必要', '確認', '範囲', '対象', '方針',
];
const EN_WORDS = [
  'ticket', 'worker', 'plugin', 'registry', 'scope', 'review', 'the', 'a', 'of', 'to', 'and', 'in', 'with', 'state',
  'thread', 'history', 'permission', 'tool', 'hook', 'session', 'memory', 'extract', 'staging', 'record', 'panel',
  'queue', 'orchestrator', 'coder', 'reviewer', 'worktree', 'branch', 'commit', 'test', 'design', 'boundary',
];
const AUTHORS = ['hare', 'orchestrator', 'yoi-orchestrator', 'coder', 'reviewer', 'workspace-panel', 'insomnia'];
const RISK_FLAGS = ['tui-input', 'ux-consistency', 'feature-api', 'tool-registry', 'permission-scope', 'prompt-context', 'secrets', 'process-exec', 'trust-boundary', 'mcp'];
const HEADINGS_JA = ['## 背景', '## 目的', '## 要件', '## 非目標', '## 受け入れ条件', '## 設計メモ', '## 関連'];

function sentence(r: Rand, ja: boolean): string {
  const n = int(r, 6, 22);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(pick(r, ja ? JA_WORDS : EN_WORDS));
  return ja ? words.join('') + '。' : words.join(' ') + '.';
}

function paragraph(r: Rand, ja: boolean, bytes: number): string {
  let s = '';
  while (Buffer.byteLength(s) < bytes) s += (s ? ' ' : '') + sentence(r, ja);
  return s;
}

function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Body size (bytes) drawn to match the corpus: median ≈ 4 KB, 90th pct ≈ 10 KB, max ≈ 17 KB. */
function bodyBytes(r: Rand): number {
  const u = r();
  if (u < 0.25) return int(r, 300, 2600);
  if (u < 0.5) return int(r, 2600, 4000);
  if (u < 0.75) return int(r, 4000, 5900);
  if (u < 0.95) return int(r, 5900, 10500);
  return int(r, 10500, 16500);
}

export const STATES_BY_PERCENT: Array<[string, number]> = [
  // Deterministic by index (i % 100), so a 50,000-ticket store has exactly 10,000 `done` tickets.
  ['closed', 70], ['done', 20], ['planning', 5], ['ready', 2], ['inprogress', 2], ['queued', 1],
];

function stateOf(i: number): string {
  let k = i % 100;
  for (const [s, n] of STATES_BY_PERCENT) {
    if (k < n) return s;
    k -= n;
  }
  return 'closed';
}

/** The malformation (if any) ticket i carries: about 1% of tickets, every kind represented. */
export const MALFORMATIONS = [
  'invalid-yaml', 'unknown-state', 'unterminated', 'no-front-matter', 'obsolete-field', 'number-field',
  'escaped-double-quotes', 'relations-invalid-json', 'relations-dangling', 'missing-title',
] as const;
export type Malformation = (typeof MALFORMATIONS)[number];

function malformationOf(i: number): Malformation | undefined {
  // Every 97th ticket (prime, so it mixes with states and relations).
  if (i % 97 !== 53) return undefined;
  return MALFORMATIONS[Math.floor(i / 97) % MALFORMATIONS.length];
}

export interface SyntheticTicket {
  id: string;
  files: Record<string, string>;
}

const BASE_MS = Date.UTC(2026, 4, 27, 0, 0, 1); // 2026-05-27, like the corpus's first ticket

/** The ID of ticket i: about one ticket per 11 minutes, strictly increasing. */
export function syntheticId(i: number): string {
  return encodeId(BASE_MS + i * 661_000 + (i % 7) * 13);
}

function frontMatter(r: Rand, i: number, state: string, bad: Malformation | undefined, createdMs: number): string {
  const dq = i % 23 === 5; // a few double-quoted files, like the corpus
  const q = (s: string) => (dq ? `"${s}"` : `'${s.replace(/'/g, "''")}'`);
  const ja = r() < 0.7;
  const title = ja ? sentence(r, true).slice(0, int(r, 8, 30)) : sentence(r, false).slice(0, int(r, 20, 70));
  const updated = createdMs + int(r, 60, 86400 * 12) * 1000;
  const lines: string[] = [];
  if (bad !== 'missing-title') lines.push(`title: ${bad === 'escaped-double-quotes' ? `"${title} \\"quoted\\""` : q(title)}`);
  lines.push(`state: ${bad === 'unknown-state' ? q('preflight') : q(state)}`);
  lines.push(`created_at: ${q(iso(createdMs))}`);
  lines.push(`updated_at: ${bad === 'number-field' ? '20260601' : q(iso(updated))}`);
  if (r() < 0.53) lines.push('assignee: null');
  if (state !== 'planning' && state !== 'ready' && r() < 0.6) {
    lines.push(`queued_by: ${q(pick(r, ['workspace-panel', 'hare', 'orchestrator']))}`);
    lines.push(`queued_at: ${q(iso(updated - 3600_000))}`);
  }
  if (r() < 0.18) lines.push(`readiness: ${q(pick(r, ['implementation_ready', 'implementation_ready', 'spike_needed', 'requirements_sync_needed']))}`);
  if (r() < 0.17) {
    const n = int(r, 1, 6);
    const flags = new Set<string>();
    while (flags.size < n) flags.add(pick(r, RISK_FLAGS));
    lines.push(`risk_flags: [${[...flags].map((f) => `'${f}'`).join(', ')}]`);
  }
  if (r() < 0.01) lines.push(`priority: ${q('P1')}`);
  if (bad === 'obsolete-field') lines.push(`workflow_state: ${q(state)}`);
  if (bad === 'invalid-yaml') lines.push('labels: [unclosed, list');
  return lines.join('\n');
}

function threadText(r: Rand, state: string, createdMs: number, targetEvents: number): string {
  const out: string[] = [];
  let t = createdMs;
  const ev = (kind: string, author: string, extra: string, heading: string, body: string) => {
    t += int(r, 20, 20000) * 1000;
    out.push(`<!-- event: ${kind} author: ${author} at: ${iso(t)}${extra} -->\n\n## ${heading}\n\n${body}\n\n---\n`);
  };
  ev('create', '"yoi ticket"', '', '作成', 'LocalTicketBackend によって作成されました。');
  const middle = Math.max(3, targetEvents - 2);
  for (let k = 0; k < middle; k++) {
    const kind = pick(r, ['comment', 'plan', 'decision', 'decision', 'implementation_report', 'review', 'state_changed']);
    const author = pick(r, AUTHORS);
    const size = r() < 0.1 ? int(r, 1500, 4000) : int(r, 80, 900);
    if (kind === 'review') ev('review', author, ` status: ${r() < 0.8 ? 'approve' : 'request_changes'}`, 'Review', paragraph(r, r() < 0.5, size));
    else if (kind === 'state_changed') ev('state_changed', 'workspace-panel', ' from: ready to: queued reason: queued field: state', 'State changed', 'Ticket を `workspace-panel` が queued にしました。');
    else if (kind === 'decision') ev('decision', author, '', 'Decision', `Routing decision: implementation_ready\n\nReason:\n- ${paragraph(r, true, size)}`);
    else ev(kind, author, '', kind === 'plan' ? 'Plan' : kind === 'comment' ? 'Comment' : 'Implementation report', paragraph(r, r() < 0.6, size));
  }
  if (state === 'closed') ev('close', pick(r, AUTHORS), ' status: closed', 'Close', paragraph(r, true, int(r, 80, 400)));
  else ev('comment', pick(r, AUTHORS), '', 'Comment', paragraph(r, false, int(r, 80, 400)));
  return out.join('\n');
}

/** Builds the files of ticket i of a store of `count` tickets (pure; deterministic). */
export function syntheticTicket(i: number, count: number, seed = 1): SyntheticTicket {
  const r = rng(seed * 1_000_003 + i);
  const id = syntheticId(i);
  const state = stateOf(i);
  const bad = malformationOf(i);
  const createdMs = BASE_MS + i * 661_000;
  const files: Record<string, string> = {};
  const fm = frontMatter(r, i, state, bad, createdMs);
  const ja = r() < 0.7;
  const body: string[] = [];
  let budget = bodyBytes(r);
  while (budget > 0) {
    const n = Math.min(budget, int(r, 300, 1600));
    body.push(`${pick(r, HEADINGS_JA)}\n\n${paragraph(r, ja, n)}`);
    budget -= n;
  }
  if (bad === 'no-front-matter') files['item.md'] = `# ${id}\n\n${body.join('\n\n')}\n`;
  else if (bad === 'unterminated') files['item.md'] = `---\n${fm}\n\n${body.join('\n\n')}\n`;
  else files['item.md'] = `---\n${fm}\n---\n\n${body.join('\n\n')}\n`;

  files['thread.md'] = threadText(r, state, createdMs, int(r, 5, 40));
  files['artifacts/.gitkeep'] = '';
  if (state === 'closed') files['resolution.md'] = `# Resolution\n\n${paragraph(r, true, int(r, 200, 1500))}\n`;

  // Relations point backwards (older tickets) like the corpus; ~20% of tickets have some.
  if (bad === 'relations-invalid-json') files['artifacts/relations.json'] = '{ "version": 1, "relations": [ {"ticket_id": ';
  else if (bad === 'relations-dangling' || (i > 0 && r() < 0.2)) {
    const n = int(r, 1, 4);
    const rels: object[] = [];
    const used = new Set<string>();
    for (let k = 0; k < n; k++) {
      const target = bad === 'relations-dangling' && k === 0 ? syntheticId(count + 1_000_000 + i) : syntheticId(Math.max(0, i - int(r, 1, Math.min(i, 400))));
      const kind = pick(r, ['depends_on', 'depends_on', 'related', 'related', 'related', 'blocks']);
      if (target === id || used.has(kind + target)) continue;
      used.add(kind + target);
      rels.push({ ticket_id: id, kind, target, note: paragraph(r, false, int(r, 40, 160)), author: 'yoi ticket', at: iso(createdMs + 60_000) });
    }
    if (rels.length) files['artifacts/relations.json'] = JSON.stringify({ version: 1, relations: rels }, null, 2) + '\n';
  }
  if (r() < 0.38) {
    const n = int(r, 1, 3);
    const lines: string[] = [];
    for (let k = 0; k < n; k++) {
      const kind = pick(r, ['accepted_plan', 'accepted_plan', 'accepted_plan', 'waiting_capacity_note', 'blocked_by', 'after']);
      const rec: Record<string, unknown> = { id: `orch-plan-${i}-${k}`, ticket_id: id, kind };
      if (kind === 'accepted_plan') rec.accepted_plan = { summary: paragraph(r, false, 200), branch: `impl/${id}-slug`, worktree: `/home/hare/Projects/yoi/.worktree/${id}`, role_plan: paragraph(r, false, 200) };
      else if (kind !== 'waiting_capacity_note') rec.related_ticket = syntheticId(Math.max(0, i - 1));
      else rec.note = paragraph(r, false, 120);
      rec.author = 'yoi-orchestrator';
      rec.at = iso(createdMs + 120_000);
      lines.push(JSON.stringify(rec));
    }
    files['artifacts/orchestration-plan.jsonl'] = lines.join('\n') + '\n';
  }
  return { id, files };
}

const WORKSPACE_TOML = `workspace_id = "0197a949-4b6b-7f2a-9d9a-000000000000"
created_at = "2026-06-23T00:00:00Z"
display_name = "bench"

[ticket]
language = "Japanese"

[ticket.backend]
provider = "builtin:yoi_local"
root = ".yoi/tickets"
`;

/** Writes a whole workspace (`.yoi/workspace.toml` + `.yoi/tickets/…`) into `dir` (must not exist). */
export function writeSyntheticWorkspace(dir: string, count: number, seed = 1): void {
  const root = join(dir, '.yoi', 'tickets');
  mkdirSync(root, { recursive: true });
  writeFileSync(join(dir, '.yoi', 'workspace.toml'), WORKSPACE_TOML);
  for (let i = 0; i < count; i++) {
    const t = syntheticTicket(i, count, seed);
    const tdir = join(root, t.id);
    mkdirSync(join(tdir, 'artifacts'), { recursive: true });
    for (const [name, text] of Object.entries(t.files)) writeFileSync(join(tdir, name), text);
  }
}

export interface SyntheticStore {
  /** Workspace folder (holds `.yoi/`). */
  workspace: string;
  /** Tickets root (`.yoi/tickets`). */
  ticketsRoot: string;
  count: number;
  /** True when it was generated by this call (false: reused from the cache). */
  generated: boolean;
  generateMs: number;
}

/** Returns the cached store of `count` tickets, generating it first when missing or outdated. */
export function ensureSyntheticStore(count: number, opts: { cacheDir?: string; seed?: number; log?: (s: string) => void } = {}): SyntheticStore {
  const cacheDir = opts.cacheDir ?? defaultCacheDir;
  const seed = opts.seed ?? 1;
  const name = `store-${count}-s${seed}-v${GENERATOR_VERSION}`;
  const workspace = join(cacheDir, name);
  const marker = join(workspace, '.complete');
  const ticketsRoot = join(workspace, '.yoi', 'tickets');
  if (existsSync(marker) && readFileSync(marker, 'utf8').trim() === name) {
    return { workspace, ticketsRoot, count, generated: false, generateMs: 0 };
  }
  opts.log?.(`generating ${count} synthetic tickets into ${workspace} (once; cached) …`);
  const t0 = performance.now();
  // Generate beside the final folder, then rename, so an interrupted run never leaves a half store.
  const tmp = `${workspace}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  rmSync(workspace, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  writeSyntheticWorkspace(tmp, count, seed);
  writeFileSync(join(tmp, '.complete'), name + '\n');
  renameSync(tmp, workspace);
  return { workspace, ticketsRoot, count, generated: true, generateMs: performance.now() - t0 };
}

/** A synthetic thread of about `bytes` bytes (for the ticket view's large-thread figure). */
export function syntheticThread(bytes: number, seed = 7): string {
  const r = rng(seed);
  const parts: string[] = [];
  let size = 0;
  let i = 0;
  while (size < bytes) {
    const t = threadText(r, i % 3 === 0 ? 'closed' : 'inprogress', BASE_MS + i * 3_600_000, 30);
    parts.push(t);
    size += Buffer.byteLength(t);
    i++;
  }
  return parts.join('\n');
}

// `node out/bench/generate.js 1000 10000` pre-generates stores.
if (require.main === module) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  for (const n of sizes.length ? sizes : [1000, 10000, 50000]) {
    const s = ensureSyntheticStore(n, { log: (m) => process.stderr.write(m + '\n') });
    process.stderr.write(`${n}: ${s.workspace} (${s.generated ? `generated in ${(s.generateMs / 1000).toFixed(1)} s` : 'cached'})\n`);
  }
}
