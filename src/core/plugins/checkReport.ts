// yoi's `plugin check` result (`CheckReport`, spec §7), rebuilt field for field: status
// active/partial/rejected, the package summary, yoi's diagnostics (first manifest failure, or the
// mapped static-inspection rows, plus the placeholder note) and the fixed safety/next-steps text.

import { boundMessage, Finding, finding, FindingLocation } from './findings';
import { PluginManifest, permissionLabel } from './manifest/types';
import { StaticInspection } from './staticInspection';
import { TomlIndex } from './manifest/tomlIndex';
import { MANIFEST_FILE } from './manifest/validate';

export type YoiStatus = 'active' | 'partial' | 'rejected';

export interface CheckPackageReport {
  reference: string;
  package: string;
  source: string;
  version: string;
  schema_version: number;
  digest: string;
  package_path: string;
  entries: string[];
  surfaces: string[];
  tools: string[];
  permissions: string[];
}

export interface CheckDiagnostic {
  kind: string;
  phase: string;
  message: string;
}

export interface CheckReport {
  command: 'check';
  status: YoiStatus;
  input_path: string;
  input_kind: 'directory' | 'package';
  package: CheckPackageReport | null;
  diagnostics: CheckDiagnostic[];
  static_inspection: { status: 'active' | 'rejected'; diagnostics: number } | null;
  safety: { no_network: true; no_plugin_execution: true; no_enablement_config_mutation: true; no_secrets_generated: true };
  next_steps: string[];
}

const SAFETY = { no_network: true, no_plugin_execution: true, no_enablement_config_mutation: true, no_secrets_generated: true } as const;

export function packageReport(manifest: PluginManifest, digest: string, packagePath: string, entries: string[]): CheckPackageReport {
  return {
    reference: `project:${manifest.id}`,
    package: manifest.id,
    source: 'project',
    version: manifest.version,
    schema_version: manifest.schema_version,
    digest,
    package_path: packagePath,
    entries,
    surfaces: [...manifest.surfaces],
    tools: manifest.tools.map((t) => t.name),
    permissions: manifest.permissions.map(permissionLabel),
  };
}

/** Static-inspection rows → yoi's check diagnostics (kind/phase mapping of spec §7), as findings. */
export function staticInspectionFindings(s: StaticInspection, index?: TomlIndex): Finding[] {
  const loc = (keyPath: (string | number)[]): FindingLocation =>
    index ? index.locate(MANIFEST_FILE, keyPath, keyPath.length ? 'key' : 'value') : { file: MANIFEST_FILE, keyPath };
  const out: Finding[] = [];
  const push = (id: string, kind: 'malformed' | 'grant', message: string, keyPath: (string | number)[], params: Record<string, string>) =>
    out.push({ ...finding(`static.${id}`, 'yoi', 'error', kind, 'resolution', boundMessage(message), params, loc(keyPath)), reportedByYoi: true });
  if (s.runtime.diagnostic) push('runtime', 'malformed', s.runtime.diagnostic, s.runtime.keyPath, { status: s.runtime.status });
  for (const row of s.host_apis) if (row.diagnostic) push('host-api', 'grant', row.diagnostic, row.keyPath, { permission: row.permission });
  for (const row of s.tools) if (row.diagnostic) push('tool', 'malformed', row.diagnostic, row.keyPath, { tool: row.name });
  for (const row of s.services) if (row.diagnostic) push('service', 'grant', `service \`${row.name}\`: ${row.diagnostic}`, row.keyPath, { service: row.name });
  for (const row of s.ingresses) if (row.diagnostic) push('ingress', 'grant', `ingress \`${row.name}\`: ${row.diagnostic}`, row.keyPath, { ingress: row.name });
  return out;
}

export function placeholderFinding(componentPath: string): Finding {
  return {
    ...finding(
      'static.placeholder',
      'yoi',
      'warning',
      'placeholder',
      'runtime',
      `plugin component runtime artifact \`${componentPath}\` is the generated placeholder; replace it with a real built component before enabling or execution`,
      { path: componentPath },
      { file: componentPath },
    ),
    reportedByYoi: true,
  };
}

export function checkNextSteps(status: YoiStatus, reference: string): string[] {
  switch (status) {
    case 'active':
      return [
        'Package metadata is valid without executing Plugin code.',
        `To enable after review, add an explicit plugin enablement entry for \`${reference}\` with matching digest and grants.`,
        'Run `yoi plugin pack <path>` to create a deterministic .yoi-plugin archive.',
      ];
    case 'partial':
      return [
        'Replace the generated placeholder component artifact with a real built component.',
        'Run `yoi plugin check <path>` again before enabling or execution.',
        'Do not enable this Plugin while check status is partial.',
      ];
    default:
      return ['Fix the reported diagnostics before enabling or packing this Plugin.'];
  }
}

/**
 * The text yoi itself prints for a finding. Parse errors are the one place where the inspector
 * says more than yoi (yoi never echoes plugin text, so it gives only the byte span).
 */
export function yoiMessage(f: Finding): string {
  if ((f.id === 'manifest.schema' || f.id === 'manifest.toml-syntax') && f.params?.span !== undefined) {
    return `plugin.toml could not be parsed near byte span ${f.params.span}`;
  }
  return boundMessage(f.message);
}

export interface CheckInput {
  inputPath: string;
  inputKind: 'directory' | 'package';
  /** Set when materialisation (archive + manifest rules) failed: yoi prints just this one. */
  failure?: Finding;
  package?: CheckPackageReport;
  staticFindings?: Finding[];
  placeholder?: Finding;
}

export function buildCheckReport(input: CheckInput): CheckReport {
  if (input.failure || !input.package) {
    const f = input.failure;
    return {
      command: 'check',
      status: 'rejected',
      input_path: input.inputPath,
      input_kind: input.inputKind,
      package: null,
      diagnostics: f ? [{ kind: f.kind, phase: f.phase, message: yoiMessage(f) }] : [],
      static_inspection: null,
      safety: SAFETY,
      next_steps: ['Fix the reported package diagnostic and run `yoi plugin check` again.'],
    };
  }
  const staticFindings = input.staticFindings ?? [];
  const status: YoiStatus = staticFindings.length ? 'rejected' : input.placeholder ? 'partial' : 'active';
  const diagnostics = [...staticFindings, ...(input.placeholder ? [input.placeholder] : [])].map((f) => ({
    kind: f.kind,
    phase: f.phase,
    message: f.message,
  }));
  return {
    command: 'check',
    status,
    input_path: input.inputPath,
    input_kind: input.inputKind,
    package: input.package,
    diagnostics,
    static_inspection: { status: staticFindings.length ? 'rejected' : 'active', diagnostics: staticFindings.length },
    safety: SAFETY,
    next_steps: checkNextSteps(status, input.package.reference),
  };
}

/** yoi's human `check` output. */
export function renderCheckHuman(r: CheckReport): string {
  const lines = [`plugin check: ${r.input_path} [${r.status}] input_kind=${r.input_kind}`];
  if (r.package) {
    const p = r.package;
    lines.push(
      `package: ${p.reference} version=${p.version} digest=${p.digest} entries=${p.entries.length} source=${p.source} surfaces=${p.surfaces.length ? p.surfaces.join(', ') : '(none)'} tools=${p.tools.length}`,
    );
    if (r.status === 'active') {
      lines.push(`enablement guidance: pin reference \`${p.reference}\` and digest \`${p.digest}\` explicitly; this command does not mutate config`);
    } else if (r.status === 'partial') {
      lines.push('enablement guidance: not ready to enable; replace the generated placeholder component and rerun check; this command does not mutate config');
    } else {
      lines.push('enablement guidance: not ready to enable; fix diagnostics first; this command does not mutate config');
    }
  }
  if (!r.diagnostics.length) lines.push('diagnostics: none');
  else {
    lines.push('diagnostics:');
    for (const d of r.diagnostics) lines.push(`  - kind=${d.kind} phase=${d.phase} message=${d.message}`);
  }
  lines.push('safety: no Plugin execution; no enablement config mutation; no secrets generated');
  lines.push('next steps:');
  for (const s of r.next_steps) lines.push(`  - ${s}`);
  return lines.join('\n') + '\n';
}
