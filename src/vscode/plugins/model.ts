// Pure mapping for the Plugins view, the plugin.toml diagnostics and the inspector page: package
// discovery bookkeeping, the status a package shows, and where a finding goes in plugin.toml.
// No `vscode` import, so it is unit-tested in plain Node.
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { indexToml, MANIFEST_FILE } from '../../core/plugins';
import type { Finding, PluginInspectionReport, PluginManifest } from '../../core/plugins';
import { declaredSurfaces, permissionLabel } from '../../core/plugins';
import type { PluginPackageFacts, PluginPackageStatus } from '../../shared/protocol';

/** Where a package was found (also the precedence when one path is found twice). */
export type PackageSource = 'store' | 'workspace' | 'extra';

export interface DiscoveredPackage {
  /** Absolute path of the package folder or `.yoi-plugin` archive (the identity of the package). */
  path: string;
  kind: 'directory' | 'archive';
  source: PackageSource;
  /** Folder the package was found under (workspace folder, or the configured extra folder). */
  base: string;
  /** Path shown to the user: relative to `base` when inside it. */
  display: string;
}

const SOURCE_RANK: Record<PackageSource, number> = { store: 0, workspace: 1, extra: 2 };

export function discovered(path: string, kind: DiscoveredPackage['kind'], source: PackageSource, base: string): DiscoveredPackage {
  const abs = resolve(path);
  const rel = relative(base, abs);
  const inside = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  return { path: abs, kind, source, base, display: inside ? rel.split(sep).join('/') : abs };
}

/** One entry per path (the store wins over a found plugin.toml, which wins over an extra folder), sorted for display. */
export function mergeDiscovered(lists: readonly (readonly DiscoveredPackage[])[]): DiscoveredPackage[] {
  const byPath = new Map<string, DiscoveredPackage>();
  for (const list of lists) {
    for (const p of list) {
      const prev = byPath.get(p.path);
      if (!prev || SOURCE_RANK[p.source] < SOURCE_RANK[prev.source]) byPath.set(p.path, p);
    }
  }
  return [...byPath.values()].sort((a, b) => SOURCE_RANK[a.source] - SOURCE_RANK[b.source] || a.display.localeCompare(b.display) || a.path.localeCompare(b.path));
}

/** An entry of `yoi.plugins.extraFolders`: absolute, `~/…` (home) or relative to the workspace folder. */
export function resolveExtraFolder(entry: string, base: string | undefined, home: string): string | undefined {
  const e = entry.trim();
  if (!e) return undefined;
  if (e === '~') return home;
  if (e.startsWith('~/') || e.startsWith('~\\')) return resolve(home, e.slice(2));
  if (isAbsolute(e)) return resolve(e);
  return base ? resolve(base, e) : undefined;
}

export function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Packages a changed file belongs to (a file in a package folder, or the archive itself). */
export function packagesAffectedBy(file: string, packages: readonly DiscoveredPackage[]): DiscoveredPackage[] {
  const abs = resolve(file);
  return packages.filter((p) => (p.kind === 'archive' ? p.path === abs : isInside(p.path, abs)));
}

export function manifestPathOf(pkg: Pick<DiscoveredPackage, 'path' | 'kind'>): string | undefined {
  return pkg.kind === 'directory' ? join(pkg.path, MANIFEST_FILE) : undefined;
}

/** The package folder for a `plugin.toml` path, or the path itself for a folder/archive. */
export function packagePathFor(path: string): string {
  return basename(path) === MANIFEST_FILE ? dirname(resolve(path)) : resolve(path);
}

// ---- status ------------------------------------------------------------------------------------

export type PackageStatus = PluginPackageStatus;

export function packageStatus(report: PluginInspectionReport): PackageStatus {
  const v = report.verdict;
  const runtimeWouldReject = v.runtimeWouldReject.length > 0;
  const yoi = v.yoiStatus ?? 'wasm';
  let icon: PackageStatus['icon'];
  if (yoi === 'rejected') icon = 'rejected';
  else if (runtimeWouldReject) icon = 'runtime-reject';
  else if (yoi === 'partial') icon = 'partial';
  else if (yoi === 'wasm') icon = v.errors ? 'runtime-reject' : v.warnings ? 'warnings' : 'wasm-ok';
  else icon = v.warnings ? 'warnings' : 'active';
  return { yoi, runtimeWouldReject, icon, errors: v.errors, warnings: v.warnings };
}

// ---- package facts -------------------------------------------------------------------------------

export type PackageFacts = PluginPackageFacts;

/** Manifest facts for the tree and the page (empty lists when the manifest did not parse). */
export function packageFacts(manifest: PluginManifest | null | undefined): PackageFacts {
  if (!manifest) return { surfaces: [], tools: [], services: [], ingresses: [], permissions: [] };
  return {
    name: manifest.name,
    id: manifest.id,
    version: manifest.version,
    ...(manifest.description ? { description: manifest.description } : {}),
    runtimeKind: manifest.runtime?.kind,
    world: manifest.runtime?.world,
    component: manifest.runtime?.component ?? manifest.runtime?.entry,
    surfaces: declaredSurfaces(manifest),
    tools: manifest.tools.map((t) => ({ name: t.name, description: t.description, externalWrite: t.external_write })),
    services: manifest.services.map((s) => ({ name: s.name, description: s.description })),
    ingresses: manifest.ingresses.map((g) => ({ name: g.name, description: g.description })),
    permissions: manifest.permissions.map(permissionLabel),
  };
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Finding indices in display order: errors first, then warnings, then information; stable otherwise. */
export function findingOrder(findings: readonly Finding[]): number[] {
  return findings.map((_, i) => i).sort((a, b) => SEVERITY_ORDER[findings[a].severity] - SEVERITY_ORDER[findings[b].severity] || a - b);
}

// ---- ranges in plugin.toml ---------------------------------------------------------------------

/** Zero-based, end-exclusive (the shape of a vscode.Range). */
export interface ZeroRange {
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
}

function toZero(start: { line: number; column: number }, end: { line: number; column: number } | undefined): ZeroRange {
  const s = { line: Math.max(0, start.line - 1), character: Math.max(0, start.column - 1) };
  const e = end ? { line: Math.max(0, end.line - 1), character: Math.max(0, end.column - 1) } : s;
  const after = e.line > s.line || (e.line === s.line && e.character >= s.character);
  return after ? { startLine: s.line, startCharacter: s.character, endLine: e.line, endCharacter: e.character } : { startLine: s.line, startCharacter: s.character, endLine: s.line, endCharacter: s.character };
}

/** First line that is neither blank nor a comment (where package-wide findings go). */
function headRange(text: string): ZeroRange {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i].replace(/\r$/, '');
    if (l.trim() && !l.trimStart().startsWith('#')) return { startLine: i, startCharacter: 0, endLine: i, endCharacter: l.length };
  }
  return { startLine: 0, startCharacter: 0, endLine: 0, endCharacter: 0 };
}

/**
 * Where a finding is shown in plugin.toml: its own range when it is about plugin.toml; for a
 * finding about another package file (the component, a hook file), the manifest value that names
 * that file; otherwise the first line of the manifest.
 */
export function manifestRange(f: Finding, manifestText: string, manifest?: PluginManifest | null): ZeroRange {
  const loc = f.location;
  if (loc && loc.file === MANIFEST_FILE && loc.start) return toZero(loc.start, loc.end);
  if (loc && loc.file !== MANIFEST_FILE) {
    const index = indexToml(manifestText);
    const candidates: (string | number)[][] = [];
    const rt = manifest?.runtime;
    if (rt?.component === loc.file) candidates.push(['runtime', 'component']);
    if (rt?.entry === loc.file) candidates.push(['runtime', 'entry']);
    manifest?.hooks.forEach((h, i) => { if (h.file === loc.file) candidates.push(['hooks', i, 'file']); });
    // Without a parsed manifest (schema error), still try the usual component keys.
    if (!manifest) candidates.push(['runtime', 'component'], ['runtime', 'entry']);
    for (const path of candidates) {
      const span = index.get(path);
      if (span) {
        const l = index.locate(MANIFEST_FILE, path, 'value');
        if (l.start) return toZero(l.start, l.end);
      }
    }
  }
  return headRange(manifestText);
}
