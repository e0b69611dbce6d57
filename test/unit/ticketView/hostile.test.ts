// Untrusted ticket text never becomes executable markup. The hostile fixture ticket carries
// <script>, <img onerror>, javascript:/data:/command: links, a `-->` inside a marker value,
// hostile front matter, relation notes, plan records and file names; the rendered document
// (exactly what the page puts into innerHTML) must contain only our own tags and attributes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import { repoRoot } from '../helpers/shared';
import { TicketStore } from '../../../src/core/store/ticketStore';
import { readTicketView } from '../../../src/core/ticketView/viewModel';
import { renderDocument, renderEventBody, defaultContext } from '../../../src/core/ticketView/render';
import { classifyLink, renderMarkdown } from '../../../src/core/ticketView/markdown';
import { isTicketViewPageMessage } from '../../../src/shared/protocol';

const hostileRoot = join(repoRoot, 'test', 'fixtures', 'hostile', '.yoi', 'tickets');
const HOSTILE = '00001M7W2Y7M0';

const ALLOWED_TAGS = new Set([
  'header', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'div', 'span', 'code', 'time', 'a', 'dl', 'dt', 'dd', 'button', 'nav', 'ul', 'ol', 'li',
  'main', 'section', 'p', 'pre', 'article', 'strong', 'em', 'blockquote', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'hr', 'br', 's',
]);
const ALLOWED_ATTR = /^(class|id|role|title|tabindex|hidden|datetime|type|start|aria-[a-z]+|data-[a-z-]+)$/;

/** Checks a rendered HTML string: only allow-listed tags/attributes, no URL-bearing attribute. */
function assertInert(html: string, where: string): void {
  for (const m of html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>/g)) {
    const tag = m[1].toLowerCase();
    assert.ok(ALLOWED_TAGS.has(tag), `${where}: unexpected <${tag}> in ${m[0].slice(0, 120)}`);
    // Attribute values are double-quoted and escaped, so names are what precedes `=` or stands alone.
    const attrs = m[2].replace(/"[^"]*"/g, '""');
    for (const a of attrs.matchAll(/([^\s=/]+)(?:="")?/g)) {
      assert.match(a[1], ALLOWED_ATTR, `${where}: attribute ${a[1]} on <${tag}>`);
    }
  }
  assert.doesNotMatch(html, /<(script|img|svg|iframe|style|object|embed|link|meta|base|form|math|frame)\b/i, where);
  for (const m of html.matchAll(/data-link-kind="url" data-target="([^"]*)"/g)) assert.match(m[1], /^(https?:|mailto:)/i, where);
  assert.doesNotMatch(html, /data-target="\s*(javascript|data|vbscript|file|command):/i, where);
}

test('the hostile fixture renders to inert HTML and keeps the payloads visible as text', () => {
  const store = new TicketStore(hostileRoot).loadSync();
  assert.equal(store.size, 2);
  const v = readTicketView(store, HOSTILE);
  // The `-->` inside a quoted marker value is part of the author, as yoi reads it.
  assert.equal(v.timeline.events[1].author, "mallory--><script>window.__pwned='marker'</script>");
  assert.ok(v.header.title?.startsWith('<script>'));
  assert.equal(v.intent.packets.length, 1);
  const html = renderDocument(v, defaultContext()).value;
  assertInert(html, 'document');
  // Each event body, as the page renders it lazily.
  for (const e of v.timeline.events) assertInert(renderEventBody(e, v, defaultContext()).value, `event ${e.index}`);
  // Expanded / raw states render more markup: check those too.
  const all = defaultContext({ expanded: new Set(['packets-earlier', 'body']), raw: new Set(['raw-packet-0', 'raw-prob-0']) });
  assertInert(renderDocument(v, all).value, 'expanded document');
  // The payloads are there, escaped, for the reader to see.
  for (const literal of [
    '&lt;script&gt;window.__pwned=&quot;title&quot;&lt;/script&gt;',
    "&lt;img src=x onerror=&quot;document.body.dataset.pwned='body-img'&quot;&gt;",
    'mallory--&gt;&lt;script&gt;',
    '&lt;!-- event: comment author: &quot;x--&gt;&lt;script&gt;',
    "[js link](javascript:document.body.dataset.pwned='js-link')",
    "&lt;script&gt;window.__pwned='relation-note'&lt;/script&gt;",
    'onerror=alert(1) &amp; x.md',
  ]) assert.ok(html.includes(literal), `visible literally: ${literal}`);
  // The safe link and the sibling ticket still work as links.
  assert.ok(html.includes('data-link-kind="url" data-target="https://example.com/docs"'));
  assert.ok(html.includes('data-link-kind="ticket" data-target="00001M7W37CK0"'));
});

test('link classification: only http(s)/mailto, tickets, anchors and relative paths', () => {
  for (const bad of ['javascript:alert(1)', 'JAVASCRIPT:x', ' javascript:x', 'java\tscript:x', 'java%09script:x', '%6Aavascript:x',
    'data:text/html,x', 'vbscript:x', 'file:///etc/passwd', 'command:workbench.action.terminal.new', 'vscode://x', '//evil.example', '\\\\host\\share']) {
    assert.equal(classifyLink(bad), undefined, bad);
  }
  assert.deepEqual(classifyLink('https://example.com/a?b#c'), { kind: 'url', target: 'https://example.com/a?b#c' });
  assert.deepEqual(classifyLink('mailto:a@b.c'), { kind: 'url', target: 'mailto:a@b.c' });
  assert.deepEqual(classifyLink('docs/a%20b.md'), { kind: 'file', target: 'docs/a b.md' });
  assert.deepEqual(classifyLink('#top'), { kind: 'anchor', target: 'top' });
  assert.deepEqual(classifyLink('yoi-ticket:00001KXNYXNM6'), { kind: 'ticket', target: '00001KXNYXNM6' });
});

test('Markdown rendering: IDs and paths become links; tables use classes, not style attributes', () => {
  const html = renderMarkdown('See 00001KXNYXNM6 and `crates/memory/src/lib.rs:42`, src/a/b.ts, read/write.\n\n| a | b |\n|--:|:-:|\n| 1 | 2 |', {
    refs: { '00001KXNYXNM6': { title: 'Staging', state: 'closed' } },
  });
  assert.match(html, /data-link-kind="ticket" data-target="00001KXNYXNM6" title="00001KXNYXNM6 — Staging \(closed\)"/);
  assert.match(html, /data-link-kind="file" data-target="crates\/memory\/src\/lib.rs:42"/);
  assert.match(html, /data-link-kind="file" data-target="src\/a\/b.ts"/);
  assert.doesNotMatch(html, /data-target="read\/write"/);
  assert.match(html, /<th class="align-right">a<\/th>/);
  assertInert(html, 'markdown');
});

test('property: any text rendered as Markdown is inert', () => {
  const pieces = ['<script>', '</script>', '<img src=x onerror=alert(1)>', 'javascript:', '](', '[', ')', '<', '>', '"', "'", '`', '```',
    '\n', '-->', '<!--', '&#x09;', '%0a', 'data:', '|', '---', 'onerror=', 'style=', 'href=', '00001KXNYXNM6', 'a/b.c', 'https://x.y/'];
  fc.assert(fc.property(fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string()), { maxLength: 40 }), (parts) => {
    assertInert(renderMarkdown(parts.join('')), 'property');
  }), { numRuns: 400 });
});

test('page messages are validated before the host acts on them', () => {
  assert.ok(isTicketViewPageMessage({ type: 'openTicket', id: '00001KXNYXNM6' }));
  assert.ok(isTicketViewPageMessage({ type: 'openFile', path: 'src/a.ts', line: 3 }));
  assert.ok(isTicketViewPageMessage({ type: 'ready' }));
  assert.ok(isTicketViewPageMessage({ type: 'cspViolation', directive: 'script-src-elem', blockedURI: 'inline' }));
  assert.ok(isTicketViewPageMessage({ type: 'stateChanged', state: { ticketId: 'X', storeRoot: '/r', scrollY: 0, expanded: [], raw: [], filter: '' } }));
  for (const bad of [null, 1, {}, { type: 'eval', code: 'x' }, { type: 'openTicket', id: 5 }, { type: 'openFile', path: 'a', line: -1 },
    { type: 'runAction', action: 'rm -rf' }, { type: 'stateChanged', state: { ticketId: 'X' } }, { type: 'openLink', url: 'x'.repeat(9000) }]) {
    assert.equal(isTicketViewPageMessage(bad), false, JSON.stringify(bad)?.slice(0, 80));
  }
});
