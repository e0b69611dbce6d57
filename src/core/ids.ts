// Ticket / Objective IDs: 13 characters of Crockford base32 (uppercase only, no I L O U) encoding
// Unix epoch milliseconds, fixed width, big-endian. Lexicographic order == chronological order.

export const ID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const ID_LENGTH = 13;
const ID_RE = /^[0-9A-HJKMNP-TV-Z]{13}$/;
const U64_MAX = (1n << 64n) - 1n;
const DIGIT: Record<string, number> = Object.fromEntries([...ID_ALPHABET].map((c, i) => [c, i]));

/** True when `s` is syntactically a canonical ID (does not check the u64 range; see decodeId). */
export function isId(s: string): boolean {
  // 13 × 5 = 65 bits: the value fits in a u64 exactly when the first digit is below 16 ('G').
  return ID_RE.test(s) && DIGIT[s[0]] < 16;
}

function decodeIdBig(s: string): bigint | undefined {
  if (typeof s !== 'string' || s.length !== ID_LENGTH || !ID_RE.test(s)) return undefined;
  let v = 0n;
  for (const c of s) v = v * 32n + BigInt(DIGIT[c]);
  // 13 × 5 = 65 bits: yoi decodes into a u64, so the top bit overflows.
  return v > U64_MAX ? undefined : v;
}

/** Decodes an ID to epoch milliseconds; undefined for anything yoi would reject. */
export function decodeId(s: string): number | undefined {
  const v = decodeIdBig(s);
  if (v === undefined || v > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return Number(v);
}

/** Encodes epoch milliseconds (a non-negative safe integer) as a 13-character ID. */
export function encodeId(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`cannot encode ${ms} as a ticket ID`);
  let v = BigInt(ms);
  let s = '';
  for (let i = 0; i < ID_LENGTH; i++) {
    s = ID_ALPHABET[Number(v & 31n)] + s;
    v >>= 5n;
  }
  return s;
}

/** The instant an ID encodes, or undefined for an invalid ID. */
export function idToDate(s: string): Date | undefined {
  const ms = decodeId(s);
  return ms === undefined ? undefined : new Date(ms);
}

/** Why `s` is not a valid ID (for diagnostics), or undefined when it is valid. */
export function explainInvalidId(s: string): string | undefined {
  if (s.length !== ID_LENGTH) return `must be ${ID_LENGTH} characters (got ${s.length})`;
  if (/[a-z]/.test(s)) return 'must be uppercase';
  const bad = [...s].find((c) => DIGIT[c] === undefined);
  if (bad !== undefined) return `contains '${bad}', which is not Crockford base32 (no I, L, O, U)`;
  if (decodeIdBig(s) === undefined) return 'value overflows 64 bits';
  return undefined;
}

/** Candidate IDs for minting at `nowMs` (yoi tries base+0 … base+999 and takes the first free one). */
export function* mintCandidates(nowMs: number, attempts = 1000): Generator<string> {
  for (let offset = 0; offset < attempts; offset++) yield encodeId(nowMs + offset);
}
