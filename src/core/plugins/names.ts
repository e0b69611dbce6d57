// Name rules shared by the archive reader and the manifest validator, byte-for-byte as yoi
// applies them (`normalize_archive_path`, `is_safe_id`, the tool-name rule).

/**
 * Normalises a package path: rejects empty names, NUL, backslashes, a leading `/` or `~`, a
 * Windows drive prefix (`X:`), and empty, `.` or `..` segments. Returns undefined on failure
 * (yoi reports that as `traversal`). A trailing `/` leaves an empty last segment, so it fails too.
 */
export function normalizeArchivePath(raw: string): string | undefined {
  if (raw.length === 0 || raw.includes('\0') || raw.includes('\\')) return undefined;
  if (raw.startsWith('/') || raw.startsWith('~') || looksLikeWindowsDrive(raw)) return undefined;
  const parts = raw.split('/');
  for (const part of parts) if (part === '' || part === '.' || part === '..') return undefined;
  return parts.join('/');
}

function looksLikeWindowsDrive(raw: string): boolean {
  // yoi checks bytes: an ASCII letter followed by ':'.
  return raw.length >= 2 && raw[1] === ':' && /^[A-Za-z]$/.test(raw[0]);
}

/** 1–128 bytes of ASCII letters, digits, `-`, `_`, `.`; must not start or end with `.`. */
export function isSafeId(value: string): boolean {
  return (
    value.length > 0 &&
    value.length <= 128 &&
    /^[A-Za-z0-9_.-]+$/.test(value) &&
    !value.startsWith('.') &&
    !value.endsWith('.')
  );
}

/** yoi's tool (and service/ingress install-time) name rule; returns the reason or undefined. */
export function toolNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'name must not be empty';
  if (Buffer.byteLength(name, 'utf8') > 128) return 'name is longer than 128 bytes';
  // Rust `char::is_control` (Cc) or `char::is_whitespace` (White_Space property).
  if (/[\p{Cc}\p{White_Space}]/u.test(name)) return 'name must not contain whitespace or control characters';
  return undefined;
}

export type PluginSource = 'user' | 'project' | 'builtin';

export type SourceQualifiedId =
  | { ok: true; source: PluginSource; localId: string }
  | { ok: false; error: 'unqualified' | 'invalid-source' | 'invalid-local-id' };

/** Parses `user:<id>`, `project:<id>` or `builtin:<id>` (split on the first `:`). */
export function parseSourceQualifiedId(value: string): SourceQualifiedId {
  const colon = value.indexOf(':');
  if (colon < 0) return { ok: false, error: 'unqualified' };
  const source = value.slice(0, colon);
  const localId = value.slice(colon + 1);
  if (localId.length === 0 || localId.includes(':') || !isSafeId(localId)) return { ok: false, error: 'invalid-local-id' };
  if (source !== 'user' && source !== 'project' && source !== 'builtin') return { ok: false, error: 'invalid-source' };
  return { ok: true, source, localId };
}
