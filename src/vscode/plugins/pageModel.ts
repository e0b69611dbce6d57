// The inspector page's view model, built from a PluginInspectionReport. Pure (no `vscode`): the
// adapter passes the finding messages already in the display language.
import { basename } from 'node:path';
import type { PluginInspectionReport } from '../../core/plugins';
import type { InspectorFindingView, PluginInspectorSnapshot } from '../../shared/protocol';
import { findingOrder, packageFacts, packageStatus } from './model';

export interface SnapshotInput {
  report: PluginInspectionReport;
  display: string;
  /** Finding messages in the display language, index-aligned with report.findings. */
  messages: readonly string[];
  inspectedAt: number;
  durationMs: number;
}

function where(f: PluginInspectionReport['findings'][number]): string | undefined {
  const l = f.location;
  if (!l) return undefined;
  return l.start ? `${l.file}:${l.start.line}:${l.start.column}` : l.file;
}

export function buildSnapshot(input: SnapshotInput): PluginInspectorSnapshot {
  const { report } = input;
  const manifest = report.package?.manifest ?? null;
  // Directory packages have a plugin.toml in the editor; every finding has a place there (its key,
  // the key naming the file it is about, or the top) — unless plugin.toml is what is missing.
  const editable = report.input.kind === 'directory' && !!report.package?.entries.some((e) => e.path === 'plugin.toml');
  const findings: InspectorFindingView[] = findingOrder(report.findings).map((i) => {
    const f = report.findings[i];
    const w = where(f);
    return {
      index: i,
      id: f.id,
      severity: f.severity,
      origin: f.origin,
      kind: f.kind,
      phase: f.phase,
      message: input.messages[i] ?? f.message,
      ...(w ? { where: w } : {}),
      revealable: editable,
      reportedByYoi: f.reportedByYoi === true,
    };
  });
  const runtimeRejections = report.findings
    .map((f, i) => ({ f, i }))
    .filter(({ f }) => f.origin === 'runtime' && f.severity === 'error')
    .map(({ f, i }) => input.messages[i] ?? f.message);
  const snapshot: PluginInspectorSnapshot = {
    path: report.input.absolutePath,
    display: input.display,
    title: manifest?.name || report.package?.label || basename(report.input.absolutePath),
    inputKind: report.input.kind,
    status: packageStatus(report),
    summary: report.verdict.summary,
    runtimeRejections,
    findings,
    nextSteps: report.check?.next_steps ?? [],
    inspectedAt: new Date(input.inspectedAt).toISOString(),
    durationMs: input.durationMs,
  };
  if (report.package || report.digest) {
    snapshot.package = {
      ...(report.digest ? { digest: report.digest } : {}),
      ...(report.package?.reference ? { reference: report.package.reference } : {}),
      entries: report.package?.entries.map((e) => ({ path: e.path, size: e.size })) ?? [],
      facts: packageFacts(manifest),
    };
  }
  const a = report.artifact;
  if (a) {
    snapshot.artifact = {
      path: a.path,
      role: a.role,
      size: a.size,
      ...(a.sha256 ? { sha256: a.sha256 } : {}),
      kind: a.kind,
      ...(a.placeholder ? { placeholder: a.placeholder } : {}),
      ...(a.preamble ? { preamble: a.preamble } : {}),
      ...(a.declaredWorld ? { declaredWorld: a.declaredWorld } : {}),
      ...(a.checkedWorld ? { checkedWorld: a.checkedWorld } : {}),
      worlds: a.worlds.map((w) => ({ world: w.world, ...(w.conforms !== undefined ? { conforms: w.conforms } : {}), problems: [...w.problems] })),
      ...(a.legacyAbi ? { legacyAbi: a.legacyAbi } : {}),
      ...(a.wit ? { wit: a.wit } : {}),
      imports: a.imports,
      exports: a.exports,
      modules: a.modules,
      producers: a.producers,
      inspection: a.inspection,
      ...(a.inspectionError ? { inspectionError: a.inspectionError } : {}),
      ...(a.engine ? { engine: a.engine } : {}),
    };
  }
  return snapshot;
}
