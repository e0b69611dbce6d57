// yoi's fixed numbers for Plugin packages (spec plugins.md §1–§3), in one place so every check
// quotes the same value. They mirror `PluginDiscoveryLimits::default()` and the wasmtime store
// limits of yoi's component runtime.

export const KIB = 1024;
export const MIB = 1024 * 1024;

export interface PluginDiscoveryLimits {
  maxPackagesPerStore: number;
  maxPackageSizeBytes: number;
  maxManifestSizeBytes: number;
  maxEntriesPerPackage: number;
  maxFileSizeBytes: number;
  maxExpandedSizeBytes: number;
}

export const DEFAULT_LIMITS: Readonly<PluginDiscoveryLimits> = Object.freeze({
  maxPackagesPerStore: 128,
  maxPackageSizeBytes: 16 * MIB,
  maxManifestSizeBytes: 64 * KIB,
  maxEntriesPerPackage: 512,
  maxFileSizeBytes: 8 * MIB,
  maxExpandedSizeBytes: 64 * MIB,
});

/** The per-file bound also caps the component artifact; binary inspection never reads more. */
export const MAX_ARTIFACT_BYTES = DEFAULT_LIMITS.maxFileSizeBytes;

/** wasmtime StoreLimits used by yoi for every component (and, before, the raw runtime). */
export const STORE_LIMITS = Object.freeze({
  memoryBytes: 2 * MIB,
  memoryPages: (2 * MIB) / (64 * KIB), // 32 pages of 64 KiB
  tableElements: 256,
  instances: 1,
  tables: 1,
  memories: 1,
});

export const PLUGIN_SCHEMA_VERSION = 1;
export const RUNTIME_COMPONENT_KIND = 'wasm-component';
export const RUNTIME_LEGACY_KIND = 'wasm';
export const LEGACY_ABI = 'yoi-plugin-wasm-1';
export const TOOL_WORLD = 'yoi:plugin/tool@1.0.0';
export const INSTANCE_WORLD = 'yoi:plugin/instance@1.0.0';
export const SUPPORTED_WORLDS: readonly string[] = [TOOL_WORLD, INSTANCE_WORLD];

/** Messages in yoi's `check` output are cut to this many characters plus `…`. */
export const MAX_MESSAGE_CHARS = 240;
