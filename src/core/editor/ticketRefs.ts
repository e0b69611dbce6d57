// Ticket IDs mentioned in text (links, hovers, terminal links): 13 characters of Crockford base32
// not glued to other letters or digits, validated like yoi (`isId`, which also rejects u64 overflow).
import { isId } from '../ids';

export interface IdRef {
  id: string;
  /** Offsets in the searched text; `end` is exclusive. */
  start: number;
  end: number;
}

const ID_IN_TEXT = /(?<![0-9A-Za-z])[0-9A-HJKMNP-TV-Z]{13}(?![0-9A-Za-z])/g;

/** Every valid ID in `text` (optionally only those `keep` accepts, e.g. existing tickets). */
export function findTicketIds(text: string, keep?: (id: string) => boolean): IdRef[] {
  const out: IdRef[] = [];
  for (const m of text.matchAll(ID_IN_TEXT)) {
    const id = m[0];
    if (!isId(id) || (keep && !keep(id))) continue;
    out.push({ id, start: m.index!, end: m.index! + id.length });
  }
  return out;
}

/** The ID under a 0-based character offset of a line, if any. */
export function ticketIdAt(line: string, character: number, keep?: (id: string) => boolean): IdRef | undefined {
  // Only the neighbourhood matters: an ID is 13 characters long.
  const from = Math.max(0, character - 13);
  const slice = line.slice(from, character + 14);
  for (const r of findTicketIds(slice, keep)) {
    if (from + r.start <= character && character <= from + r.end) {
      // Re-check the boundaries against the whole line (the slice may have cut a neighbour).
      const before = line[from + r.start - 1];
      const after = line[from + r.end];
      if ((before && /[0-9A-Za-z]/.test(before)) || (after && /[0-9A-Za-z]/.test(after))) return undefined;
      return { id: r.id, start: from + r.start, end: from + r.end };
    }
  }
  return undefined;
}
