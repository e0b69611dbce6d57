// Body outline: level-2 headings with English/Japanese synonyms mapped to one section id, so a UI
// can show "Background" for both `## Background` and `## 背景`.

export type SectionId =
  | 'background' | 'requirements' | 'acceptanceCriteria' | 'nonGoals' | 'goal' | 'relatedWork' | 'validation'
  | 'bindingDecisions' | 'escalation' | 'implementationLatitude' | 'readiness' | 'migrationReference'
  | 'userClaims' | 'confirmedFacts' | 'hypotheses' | 'openQuestions';

const SYNONYMS: Record<SectionId, string[]> = {
  background: ['background', '背景', 'motivation / background'],
  requirements: ['requirements', '要件'],
  acceptanceCriteria: ['acceptance criteria', '受け入れ条件', '受入条件', '完了条件'],
  nonGoals: ['non-goals', 'non goals', '非目標', '範囲外', 'out of scope'],
  goal: ['goal', '目的', 'goals'],
  relatedWork: ['related work', '関連作業', '関連'],
  validation: ['validation', '検証'],
  bindingDecisions: ['binding decisions / invariants', 'binding decisions', '不変条件'],
  escalation: ['escalation conditions', 'エスカレーション条件'],
  implementationLatitude: ['implementation latitude', '実装裁量'],
  readiness: ['readiness'],
  migrationReference: ['migration reference'],
  userClaims: ['user claims / request snapshot'],
  confirmedFacts: ['confirmed facts / sources'],
  hypotheses: ['unverified hypotheses'],
  openQuestions: ['undecided points / open questions', 'open questions', '未決事項'],
};

const LOOKUP = new Map<string, SectionId>();
for (const [id, names] of Object.entries(SYNONYMS) as Array<[SectionId, string[]]>) for (const n of names) LOOKUP.set(n, id);

/** Canonical section of a heading text, if it is a known one (case-insensitive, trimmed). */
export function sectionOf(heading: string): SectionId | undefined {
  return LOOKUP.get(heading.trim().replace(/\s+/g, ' ').replace(/[:：]$/, '').toLowerCase());
}

export interface OutlineEntry {
  heading: string;
  /** File line (1-based) of the heading. */
  line: number;
  section?: SectionId;
}

/** Level-2 headings of a body, skipping fenced code blocks. `firstLine` = file line of the body's first line. */
export function outlineBody(body: string, firstLine: number): OutlineEntry[] {
  const out: OutlineEntry[] = [];
  const lines = body.split('\n');
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (f) {
      if (!fence) fence = f[1];
      else if (f[1][0] === fence[0] && f[1].length >= fence.length && line.trim() === f[1]) fence = undefined;
      continue;
    }
    if (fence) continue;
    const h = /^ {0,3}## +(.*?)(?: +#+)? *$/.exec(line);
    if (h && h[1] !== '') {
      const e: OutlineEntry = { heading: h[1], line: firstLine + i };
      const s = sectionOf(h[1]);
      if (s) e.section = s;
      out.push(e);
    }
  }
  return out;
}
