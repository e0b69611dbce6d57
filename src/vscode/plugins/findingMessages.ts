// Finding messages and labels in the display language. Messages: the templates of
// findingTemplates.ts as vscode.l10n.t literals, used only when the core's English message is
// exactly that template filled from the finding's params (otherwise the English message stays).
import * as vscode from 'vscode';
import type { Finding } from '../../core/plugins';
import { templateMatches } from './findingTemplates';

type Params = Record<string, string | number | boolean>;

const MESSAGES: Partial<Record<string, (p: Params) => string>> = {
  'manifest.missing': (p) => vscode.l10n.t('plugin package is missing root plugin.toml', p),
  'manifest.too-large': (p) => vscode.l10n.t('plugin.toml exceeds the configured manifest size bound', p),
  'manifest.not-utf8': (p) => vscode.l10n.t('plugin.toml is not valid UTF-8', p),
  'manifest.toml-syntax': (p) => vscode.l10n.t('plugin.toml could not be parsed near byte span {span}: {reason}', p),
  'manifest.schema': (p) => vscode.l10n.t('plugin.toml could not be parsed near byte span {span}: {reason}', p),
  'manifest.schema-version': (p) => vscode.l10n.t('plugin schema/API version is unsupported', p),
  'manifest.unsafe-id': (p) => vscode.l10n.t('plugin manifest id is not a safe local id', p),
  'manifest.name-version-required': (p) => vscode.l10n.t('plugin manifest name and version are required', p),
  'manifest.legacy-runtime': (p) => vscode.l10n.t('legacy raw wasm plugin runtime (abi `{abi}`) is retired; use `wasm-component`', p),
  'manifest.component-raw-fields': (p) => vscode.l10n.t('plugin component runtime must not carry raw wasm abi or entry fields', p),
  'manifest.component-world': (p) => vscode.l10n.t('plugin component world is unsupported', p),
  'manifest.component-missing': (p) => vscode.l10n.t('plugin component runtime artifact is required', p),
  'manifest.runtime-kind': (p) => vscode.l10n.t('plugin runtime kind is unsupported', p),
  'manifest.surface-needs-instance': (p) => vscode.l10n.t('plugin services and ingresses require the instance-capable component world', p),
  'manifest.unsafe-service-name': (p) => vscode.l10n.t('plugin service name is not safe', p),
  'manifest.unsafe-ingress-name': (p) => vscode.l10n.t('plugin ingress name is not safe', p),
  'manifest.unsafe-hook-id': (p) => vscode.l10n.t('plugin hook id is not safe', p),
  'manifest.path-traversal': (p) => vscode.l10n.t('plugin manifest references a path outside the package root', p),
  'manifest.path-missing': (p) => vscode.l10n.t('plugin manifest references a path not present in the package', p),
  'static.placeholder': (p) => vscode.l10n.t('plugin component runtime artifact `{path}` is the generated placeholder; replace it with a real built component before enabling or execution', p),
  'binary.missing-export': (p) => vscode.l10n.t('the component does not export `{export}` required by {world}', p),
};

/** The finding's message in the display language (the core's English text when no translation fits). */
export function findingMessage(f: Finding): string {
  const m = MESSAGES[f.id];
  return m && templateMatches(f.id, f.message, f.params) ? m(f.params ?? {}) : f.message;
}

/** Who says so, as shown next to a finding. */
export function originLabel(origin: Finding['origin']): string {
  switch (origin) {
    case 'yoi': return vscode.l10n.t('yoi plugin check');
    case 'runtime': return vscode.l10n.t('runtime would reject');
    case 'legacy-abi': return vscode.l10n.t('retired raw ABI');
    case 'inspector': return vscode.l10n.t('inspector');
  }
}
