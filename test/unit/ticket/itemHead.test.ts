// readItemHead reads only as far as the closing `---`; it must agree with a full parse whatever
// the size of the front matter or where a chunk boundary falls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseItem, readItemHead, readItemHeadText } from '../../../src/core/ticket/item';

function withFile(text: string, fn: (path: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'yoi-head-'));
  try {
    const p = join(dir, 'item.md');
    writeFileSync(p, text);
    fn(p);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fm = (title: string, eol = '\n') =>
  ['---', `title: '${title}'`, "state: 'ready'", "created_at: '2026-06-13T17:34:41Z'", "updated_at: '2026-06-13T17:34:41Z'", '---', '', '## Background', '', 'body', ''].join(eol);

test('front matter larger than the first chunk, and delimiters across chunk boundaries', () => {
  for (const eol of ['\n', '\r\n']) {
    for (const len of [10, 4000, 4040, 4050, 4060, 4070, 4080, 4090, 4100, 9000, 20000]) {
      const text = fm('あ'.repeat(Math.floor(len / 3)) + 'x'.repeat(len % 3), eol);
      withFile(text, (p) => {
        const head = readItemHeadText(p);
        assert.ok(text.startsWith(head));
        assert.ok(head.endsWith(`---${eol}`), `${len} ${JSON.stringify(eol)}`);
        const a = readItemHead(p);
        const b = parseItem(text, p, { withoutBody: true });
        assert.deepEqual(a, b);
        assert.equal(a.fields.state, 'ready');
      });
    }
  }
});

test('no closing delimiter: the whole file is read and reported', () => {
  withFile("---\ntitle: 'x'\n" + 'y: z\n'.repeat(3000), (p) => {
    const a = readItemHead(p);
    assert.equal(a.problems[0].code, 'item.unterminated-front-matter');
  });
  withFile('plain text\n---\n', (p) => assert.equal(readItemHead(p).problems[0].code, 'item.no-front-matter'));
  withFile('', (p) => assert.equal(readItemHead(p).problems[0].code, 'item.no-front-matter'));
  withFile("---\ntitle: 'x'\n---", (p) => assert.equal(readItemHead(p).fields.title, 'x')); // no final newline
  withFile("---\ntitle: 'x'\n----\nstate: 'ready'\n---\n", (p) => {
    // `----` is not a closing line (yoi compares the whole line).
    const a = readItemHead(p);
    assert.equal(a.closingLine, 5);
  });
});
