// IntentPacket label styles (§6) and routing classification, on small bodies written the ways
// the corpus writes them (line labels, headings, bullets, bold).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyRouting, labelKey, parsePacket, parseRouting } from '../../../src/core/ticketView/intentPacket';

test('canonical line labels split into sections in canonical order, with file lines', () => {
  const body = [
    'Routing decision: `implementation_ready`', '', 'IntentPacket:', '', 'Intent:', '- do X', 'Validation:', '- cargo test',
    'Binding decisions / invariants:', '- keep Y', 'Reviewer focus:', '- races', 'Reason:', '- ready',
  ].join('\n');
  const p = parsePacket(body, 10);
  assert.equal(p.hasIntent, true);
  assert.deepEqual(p.routing, { value: 'implementation_ready', classification: 'implementation_ready' });
  assert.deepEqual(p.sections.map((s) => s.key), ['reason', 'intent', 'bindingDecisions', 'validation', 'reviewerFocus']);
  const intent = p.sections.find((s) => s.key === 'intent')!;
  assert.deepEqual({ md: intent.markdown, line: intent.line, style: intent.style }, { md: '- do X', line: 14, style: 'line' });
  assert.equal(p.sections.find((s) => s.key === 'reviewerFocus')!.label, 'Reviewer focus');
});

test('heading, bold and bullet styles', () => {
  const heading = parsePacket('# Delegation intent\n\n## Intent\n\nDesign the API.\n\n### Detail\n\nmore\n\n## Background\n\nnot a label\n\n## Validation\n\n- run');
  assert.deepEqual(heading.sections.map((s) => [s.key, s.style]), [['intent', 'heading'], ['validation', 'heading']]);
  assert.equal(heading.sections[0].markdown, 'Design the API.\n\n### Detail\n\nmore', 'a deeper heading stays inside; an unknown same-level heading ends it');
  const bold = parsePacket('**Intent**\n- a\n\n**Escalate if:**\n- b');
  assert.deepEqual(bold.sections.map((s) => [s.key, s.style, s.markdown]), [['intent', 'bold', '- a'], ['escalateIf', 'bold', '- b']]);
  const bullets = parsePacket('Evidence checked:\n- Validation: ran earlier\n\nIntentPacket:\n- Intent: add X\n  continued\n- Validation: focused tests\n- Escalate if selector changes');
  assert.deepEqual(bullets.sections.map((s) => [s.key, s.style]), [['evidenceChecked', 'line'], ['intent', 'bullet'], ['validation', 'bullet']]);
  assert.equal(bullets.sections[0].markdown, '- Validation: ran earlier', 'a bullet before the bullet-style Intent is ordinary text');
  assert.equal(bullets.sections[1].markdown, 'add X\ncontinued');
  assert.equal(bullets.sections[2].markdown, 'focused tests\n- Escalate if selector changes');
});

test('labels inside code fences and ordinary bullets never start sections', () => {
  const p = parsePacket('Intent:\n- a\n```\nValidation:\n```\n- Validation: not a section\nNext action:\n- b');
  assert.deepEqual(p.sections.map((s) => s.key), ['intent', 'nextAction']);
  assert.equal(parsePacket('Validation:\n- x').hasIntent, false);
});

test('label keys: aliases and suffixes', () => {
  assert.equal(labelKey('Current code map / likely touch points'), 'codeMap');
  assert.equal(labelKey('critical risks / reviewer focus'), 'reviewerFocus');
  assert.equal(labelKey('Reviewer focus'), 'reviewerFocus');
  assert.equal(labelKey('Missing decision/information'), 'missingInformation');
  assert.equal(labelKey('Requirements / acceptance criteria'), 'requirements');
  assert.equal(labelKey('Intentional'), undefined);
  assert.equal(labelKey('Note'), undefined);
});

test('routing: values, prose after a bare label, updates, classification by prefix', () => {
  assert.deepEqual(parseRouting('Routing decision: implementation_ready。'), { value: 'implementation_ready', classification: 'implementation_ready', bodyLine: 0 });
  assert.deepEqual(parseRouting('x\n\nRouting decision:\n\nStart implementation now. More.'), { value: 'Start implementation now. More', classification: 'implementation_ready', bodyLine: 2, prose: true });
  assert.equal(parseRouting('Routing decision update: still_waiting_due_surface_overlap')?.update, true);
  assert.equal(parseRouting('Routing decision update: still_waiting_due_surface_overlap')?.classification, 'blocked');
  assert.equal(parseRouting('```\nRouting decision: x\n```'), undefined);
  const table: [string, string][] = [
    ['implementation_ready_parallel', 'implementation_ready'], ['implementation_ready_but_waiting_capacity_conflict', 'implementation_ready'],
    ['accept for implementation', 'implementation_ready'], ['blocked_by_dependency_or_missing_authority', 'blocked'],
    ['waiting_for_schema_cleanup', 'blocked'], ['defer_parallel_tui_work', 'blocked'], ['hold_queued_due_conflict_with_active_removal_work', 'blocked'],
    ['return_to_planning_requirements_sync', 'return_to_planning'], ['preflight_needed', 'requirements_sync_needed'],
    ['requirements_sync_needed', 'requirements_sync_needed'], ['spike_needed / queued_waiting_capacity', 'spike_needed'],
    ['review_needed', 'review_needed'], ['close_ready', 'close_ready'], ['closed_or_noop', 'closed_or_noop'], ['something else', 'unknown'],
  ];
  for (const [v, c] of table) assert.equal(classifyRouting(v), c, v);
});
