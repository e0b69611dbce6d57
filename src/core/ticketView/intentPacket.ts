// IntentPacket and routing-decision extraction from decision/plan event bodies (spec §6).
// There is no schema: the Orchestrator writes label lines (`Intent:`), and older events use
// `### Intent` headings, `- Intent: …` bullets or `**Intent**`. We split on known labels only,
// so unknown prose stays in the raw Markdown (always kept as the fallback).
import type { LabelStyle, PacketSection, PacketSectionKey, RoutingClass, RoutingView } from './model';

interface LabelDef { key: PacketSectionKey; names: string[] }

/** Known labels in canonical display order (§6). Names are matched case-insensitively. */
export const PACKET_LABELS: LabelDef[] = [
  { key: 'reason', names: ['Reason'] },
  { key: 'evidenceChecked', names: ['Evidence checked'] },
  { key: 'missingInformation', names: ['Missing decision/information', 'Missing decision / information', 'Missing information', 'Missing decision'] },
  { key: 'contextChecked', names: ['Context checked'] },
  { key: 'whyLatitudeInsufficient', names: ['Why implementation latitude is insufficient'] },
  { key: 'nextPlanningQuestion', names: ['Next planning question/action', 'Next planning question / action', 'Next planning question'] },
  { key: 'intent', names: ['Intent'] },
  { key: 'worktree', names: ['Worktree / branch'] },
  { key: 'bindingDecisions', names: ['Binding decisions / invariants', 'Binding decisions', 'Invariants'] },
  { key: 'requirements', names: ['Requirements / acceptance criteria', 'Requirements', 'Acceptance criteria'] },
  { key: 'implementationLatitude', names: ['Implementation latitude'] },
  { key: 'escalateIf', names: ['Escalate if', 'Escalation conditions'] },
  { key: 'validation', names: ['Validation'] },
  { key: 'codeMap', names: ['Current code map', 'Code map'] },
  { key: 'reviewerFocus', names: ['Critical risks / reviewer focus', 'Reviewer focus', 'Critical risks'] },
  { key: 'nextAction', names: ['Next action'] },
];

const ORDER = new Map(PACKET_LABELS.map((d, i) => [d.key, i]));
/** Lines that delimit sections without being one (the packet header, the routing line). */
const DELIMITER_NAMES = ['IntentPacket', 'Intent packet', 'Routing decision'];

const norm = (s: string) => s.toLowerCase().replace(/\s*\/\s*/g, ' / ').replace(/\s+/g, ' ').trim();
const NAME_TO_KEY: [string, PacketSectionKey][] = PACKET_LABELS
  .flatMap((d) => d.names.map((n) => [norm(n), d.key] as [string, PacketSectionKey]))
  .sort((a, b) => b[0].length - a[0].length);
const DELIMITERS = new Set(DELIMITER_NAMES.map(norm));

/** Maps label text to a key: exact name, or a name followed by ` / …` or ` (…)` (e.g. `Current code map / likely touch points`). */
export function labelKey(text: string): PacketSectionKey | undefined {
  const t = norm(text);
  for (const [name, key] of NAME_TO_KEY) {
    if (t === name || t.startsWith(name + ' / ') || t.startsWith(name + ' (')) return key;
  }
  return undefined;
}

interface LabelHit { style: LabelStyle; label: string; inline: string; indent: number; level: number }

const FENCE_RE = /^\s{0,3}(`{3,}|~{3,})/;
// `Label:` (optionally bold, colon inside or outside the bold), optionally followed by text.
const LINE_RE = /^(?:\*\*)?([^*:#`\-\s][^:*`]{0,80}?)(?:\*\*)?\s*:(?:\*\*)?(?:\s+(.*))?$/;
const HEADING_RE = /^(#{1,6})\s+(?:\*\*)?(.+?)(?:\*\*)?\s*:?\s*#*\s*$/;
const BOLD_RE = /^\*\*([^*]+?):?\*\*\s*:?\s*$/;
const BULLET_RE = /^(\s*)[-*+]\s+(?:\*\*)?([^:*`][^:*`]{0,80}?)(?:\*\*)?\s*:(?:\*\*)?(?:\s+(.*))?$/;

function classifyLine(line: string): LabelHit | undefined {
  let m = HEADING_RE.exec(line);
  if (m) return { style: 'heading', label: m[2].trim(), inline: '', indent: 0, level: m[1].length };
  m = BOLD_RE.exec(line.trim());
  if (m) return { style: 'bold', label: m[1].trim(), inline: '', indent: 0, level: 0 };
  if (!/^\s/.test(line)) {
    m = LINE_RE.exec(line.trimEnd());
    if (m) return { style: 'line', label: m[1].trim(), inline: (m[2] ?? '').trim(), indent: 0, level: 0 };
  }
  m = BULLET_RE.exec(line.trimEnd());
  if (m) return { style: 'bullet', label: m[2].trim(), inline: (m[3] ?? '').trim(), indent: m[1].length, level: 0 };
  return undefined;
}

const ROUTING_RE = /^\s*(?:[-*+]\s+)?(?:#{1,6}\s+)?(?:\*\*)?Routing decision( update)?(?:\*\*)?\s*:(?:\*\*)?\s*(.*)$/i;

/** Normalises a routing value to its canonical class by prefix (§6); prose values by keywords. */
export function classifyRouting(value: string): RoutingClass {
  const v = value.toLowerCase().replace(/[`*]/g, '').trim().replace(/\s+/g, '_').replace(/^still_/, '');
  if (v.startsWith('implementation_ready') || v.startsWith('accept')) return 'implementation_ready';
  if (/^(blocked|waiting|wait_|defer|hold|leave_queued|queued_waiting)/.test(v)) return 'blocked';
  if (v.startsWith('return_to_planning')) return 'return_to_planning';
  if (v.startsWith('preflight_needed') || v.startsWith('requirements_sync')) return 'requirements_sync_needed';
  if (v.startsWith('spike_needed')) return 'spike_needed';
  if (v.startsWith('review_needed')) return 'review_needed';
  if (v.startsWith('close_ready')) return 'close_ready';
  if (v.startsWith('closed_or_noop') || v === 'noop' || v === 'closed') return 'closed_or_noop';
  // A sentence instead of a value (the label stood alone): a few unambiguous phrases.
  if (/accepted_for_implementation|start_implementation|is_now_unblocked_and_accepted/.test(v)) return 'implementation_ready';
  if (/return(ed)?_to_planning/.test(v)) return 'return_to_planning';
  return 'unknown';
}

/** The first `Routing decision: <value>` line of a body, outside code fences. */
export function parseRouting(body: string): (RoutingView & { bodyLine: number }) | undefined {
  const lines = body.split('\n');
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const f = FENCE_RE.exec(lines[i]);
    if (f) { fence = fence === undefined ? f[1][0] : fence === f[1][0] ? undefined : fence; continue; }
    if (fence) continue;
    const m = ROUTING_RE.exec(lines[i]);
    if (!m) continue;
    let value = m[2].replace(/\*\*/g, '').trim();
    let prose = false;
    if (!value) {
      // The label stands alone: the value is the next non-blank line (often a sentence).
      const next = lines.slice(i + 1).find((l) => l.trim() !== '');
      if (!next) continue;
      value = next.trim().replace(/^[-*+]\s+/, '');
      prose = true;
    }
    value = value.replace(/`/g, '').replace(/[.。]$/, '').trim();
    if (value.length > 160) value = `${value.slice(0, 159)}…`;
    const r: RoutingView & { bodyLine: number } = { value, classification: classifyRouting(value), bodyLine: i };
    if (m[1]) r.update = true;
    if (prose) r.prose = true;
    return r;
  }
  return undefined;
}

export interface ParsedPacket {
  /** True when an `Intent` label was found (what makes the body an IntentPacket). */
  hasIntent: boolean;
  sections: PacketSection[];
  routing?: RoutingView;
}

/**
 * Splits a decision/plan body on known labels. `firstLine` is the file line of the body's first
 * line (section lines are reported as file lines). Bullet labels (`- Intent: …`) count only when
 * the Intent itself is written that way, at the same indentation, so ordinary bullets such as
 * `- Validation: cargo test` inside an evidence list do not start sections.
 */
export function parsePacket(body: string, firstLine = 1): ParsedPacket {
  const lines = body.split('\n');
  const hits: (LabelHit & { key?: PacketSectionKey; delimiter: boolean; i: number })[] = [];
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const f = FENCE_RE.exec(lines[i]);
    if (f) { fence = fence === undefined ? f[1][0] : fence === f[1][0] ? undefined : fence; continue; }
    if (fence) continue;
    const line = lines[i];
    // Every label form has a colon, a heading mark or bold; most prose lines have none.
    if (!line.includes(':') && !line.includes('#') && !line.includes('**')) continue;
    const hit = classifyLine(line);
    if (!hit) continue;
    const key = labelKey(hit.label);
    const delimiter = DELIMITERS.has(norm(hit.label));
    // Inline text after a line label only counts for labels, not for arbitrary `Word: text` prose.
    if (!key && !delimiter && hit.style !== 'heading') continue;
    hits.push({ ...hit, key, delimiter, i });
  }
  // Bullet labels: only at the indentation of a bullet-style Intent, from that Intent on.
  const intentBullet = hits.find((h) => h.key === 'intent' && h.style === 'bullet');
  const accepted = hits.filter((h) => {
    if (h.style !== 'bullet') return true;
    return intentBullet !== undefined && h.i >= intentBullet.i && h.indent === intentBullet.indent && h.key !== undefined;
  });
  const sections: PacketSection[] = [];
  for (let n = 0; n < accepted.length; n++) {
    const h = accepted[n];
    if (!h.key) continue;
    let end = lines.length;
    for (let k = n + 1; k < accepted.length; k++) {
      const nx = accepted[k];
      // A heading-style label ends at the next heading of the same or a higher level.
      if (h.style === 'heading' && nx.style === 'heading' && nx.level > h.level && !nx.key) continue;
      end = nx.i;
      break;
    }
    const content: string[] = [];
    if (h.inline) content.push(h.inline);
    for (let j = h.i + 1; j < end; j++) content.push(lines[j]);
    let md = h.style === 'bullet' ? dedent(content, h.indent + 2) : content.join('\n');
    md = md.replace(/^\s*\n/, '').replace(/\s+$/, '');
    const existing = sections.find((s) => s.key === h.key);
    if (existing) existing.markdown = [existing.markdown, md].filter(Boolean).join('\n\n');
    else sections.push({ key: h.key, label: h.label, style: h.style, markdown: md, line: firstLine + h.i });
  }
  sections.sort((a, b) => (ORDER.get(a.key) ?? 99) - (ORDER.get(b.key) ?? 99));
  const routing = parseRouting(body);
  return {
    hasIntent: sections.some((s) => s.key === 'intent'),
    sections,
    routing: routing ? (({ bodyLine: _l, ...r }) => r)(routing) : undefined,
  };
}

function dedent(lines: string[], by: number): string {
  return lines.map((l) => {
    let k = 0;
    while (k < by && k < l.length && l[k] === ' ') k++;
    return l.slice(k);
  }).join('\n');
}
