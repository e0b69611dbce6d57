// The text files yoi's `plugin new` templates put where a built component belongs. yoi's `check`
// recognises only the tool template's one (byte-exact); the inspector recognises both, and any
// other text, as "not a component".

export const TOOL_TEMPLATE_PLACEHOLDER =
  'placeholder component artifact for authoring-template checks; replace with a built wasm component before enabling.\n';

export const INSTANCE_TEMPLATE_PLACEHOLDER =
  '# Build with:\n# cargo component build --release\n# cp target/wasm32-wasip1/release/example_yoi_instance_plugin.wasm plugin.component.wasm\n';

const TOOL_BYTES = Buffer.from(TOOL_TEMPLATE_PLACEHOLDER, 'utf8');
const INSTANCE_BYTES = Buffer.from(INSTANCE_TEMPLATE_PLACEHOLDER, 'utf8');

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.length), b) === 0;
}

/** What yoi's `check` compares (tool template only). */
export function isYoiToolPlaceholder(bytes: Uint8Array): boolean {
  return equalBytes(bytes, TOOL_BYTES);
}

export type PlaceholderKind = 'tool-template' | 'instance-template' | 'text';

/** Template placeholders, or any short UTF-8 text without NULs (what people put there by mistake). */
export function placeholderKind(bytes: Uint8Array): PlaceholderKind | undefined {
  if (equalBytes(bytes, TOOL_BYTES)) return 'tool-template';
  if (equalBytes(bytes, INSTANCE_BYTES)) return 'instance-template';
  if (bytes.length === 0 || bytes.length > 64 * 1024 || bytes.includes(0)) return undefined;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return /^[\p{L}\p{N}\p{P}\p{S}\p{Zs}\t\r\n]*$/u.test(text) ? 'text' : undefined;
  } catch {
    return undefined;
  }
}
