// English templates of the inspector findings the UI translates (yoi's manifest rules, the
// placeholder note, a missing export). The core writes these messages in English with `params`;
// a finding is shown translated only when its template, filled from its params, reproduces the
// core's message exactly — so a translation never says something the core did not.
// findingMessages.ts holds the same templates as vscode.l10n.t literals (a unit test keeps them equal).

export const FINDING_TEMPLATES: Readonly<Record<string, string>> = {
  'manifest.missing': 'plugin package is missing root plugin.toml',
  'manifest.too-large': 'plugin.toml exceeds the configured manifest size bound',
  'manifest.not-utf8': 'plugin.toml is not valid UTF-8',
  'manifest.toml-syntax': 'plugin.toml could not be parsed near byte span {span}: {reason}',
  'manifest.schema': 'plugin.toml could not be parsed near byte span {span}: {reason}',
  'manifest.schema-version': 'plugin schema/API version is unsupported',
  'manifest.unsafe-id': 'plugin manifest id is not a safe local id',
  'manifest.name-version-required': 'plugin manifest name and version are required',
  'manifest.legacy-runtime': 'legacy raw wasm plugin runtime (abi `{abi}`) is retired; use `wasm-component`',
  'manifest.component-raw-fields': 'plugin component runtime must not carry raw wasm abi or entry fields',
  'manifest.component-world': 'plugin component world is unsupported',
  'manifest.component-missing': 'plugin component runtime artifact is required',
  'manifest.runtime-kind': 'plugin runtime kind is unsupported',
  'manifest.surface-needs-instance': 'plugin services and ingresses require the instance-capable component world',
  'manifest.unsafe-service-name': 'plugin service name is not safe',
  'manifest.unsafe-ingress-name': 'plugin ingress name is not safe',
  'manifest.unsafe-hook-id': 'plugin hook id is not safe',
  'manifest.path-traversal': 'plugin manifest references a path outside the package root',
  'manifest.path-missing': 'plugin manifest references a path not present in the package',
  'static.placeholder': 'plugin component runtime artifact `{path}` is the generated placeholder; replace it with a real built component before enabling or execution',
  'binary.missing-export': 'the component does not export `{export}` required by {world}',
};

/** Fills `{name}` placeholders from params; unknown ones stay as written. */
export function formatTemplate(template: string, params: Readonly<Record<string, string | number | boolean>> | undefined): string {
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (m, k: string) => (params && k in params ? String(params[k]) : m));
}

/** Whether the English template of `id` reproduces `message` from `params` (then a translation may replace it). */
export function templateMatches(id: string, message: string, params: Readonly<Record<string, string | number | boolean>> | undefined): boolean {
  const t = FINDING_TEMPLATES[id];
  return t !== undefined && formatTemplate(t, params) === message;
}
