// Markdown → HTML for untrusted ticket text. Used by the webview page (bundled) and by unit tests.
// Guarantees: no raw HTML passes (html: false), no images load, links carry no `href` (the page
// routes clicks to the host as messages, so nothing navigates directly), only http(s)/mailto
// and relative/anchor links are links at all, and ticket IDs / file paths become links.
import MarkdownIt from 'markdown-it';
import { isId, decodeId } from '../ids';

export type LinkKind = 'url' | 'file' | 'ticket' | 'anchor';

export interface MarkdownEnv {
  /** Known tickets (title/state) for link titles; unknown IDs are still linked, marked missing. */
  refs?: Record<string, { title?: string; state?: string }>;
}

// 2000-01-01 … 2200-01-01: a 13-char base32 word outside this range is not a ticket ID in practice.
const ID_MIN_MS = 946684800000;
const ID_MAX_MS = 7258118400000;
export function looksLikeTicketId(s: string): boolean {
  if (!isId(s)) return false;
  const ms = decodeId(s);
  return ms !== undefined && ms >= ID_MIN_MS && ms < ID_MAX_MS;
}

const SAFE_SCHEME_RE = /^(https?:|mailto:)/i;
const ANY_SCHEME_RE = /^[a-z][a-z0-9+.-]*:/i;

/** Classifies a link target; undefined for anything that must not become a link. */
export function classifyLink(url: string): { kind: LinkKind; target: string } | undefined {
  let u = url.trim();
  // markdown-it percent-encodes what it normalises; judge the decoded form, the way a browser
  // would (it also drops tabs/newlines inside a scheme: `java\tscript:` is `javascript:`).
  try { u = decodeURI(u); } catch { /* keep as written */ }
  // eslint-disable-next-line no-control-regex
  if (!u || /[\u0000-\u001f\u007f]/.test(u)) return undefined;
  if (u.startsWith('yoi-ticket:')) {
    const id = u.slice('yoi-ticket:'.length);
    return isId(id) ? { kind: 'ticket', target: id } : undefined;
  }
  if (SAFE_SCHEME_RE.test(u)) return { kind: 'url', target: url.trim() };
  if (ANY_SCHEME_RE.test(u) || u.startsWith('//') || u.startsWith('\\\\')) return undefined;
  if (u.startsWith('#')) return { kind: 'anchor', target: u.slice(1) };
  if (looksLikeTicketId(u)) return { kind: 'ticket', target: u };
  return { kind: 'file', target: u };
}

// A path worth linking: at least one `/`, no whitespace, optional `:line[:col]`.
const PATH_RE = /^(?:~\/|\.{1,2}\/|\/)?(?:[\w@.+-]+\/)+[\w@.+-]*[\w+-](?::\d+(?::\d+)?)?$/;
export function looksLikePath(s: string): boolean {
  if (s.length > 400 || !PATH_RE.test(s) || s.includes('://') || s.startsWith('-')) return false;
  // `a/b` word pairs (`read/write`, `and/or`) are prose: require a dot in the last segment, a
  // leading ./ ../ / ~/, or at least two slashes.
  const last = s.replace(/:\d+(?::\d+)?$/, '').split('/').pop() ?? '';
  return /^(?:~|\.{1,2})?\//.test(s) || last.includes('.') || (s.match(/\//g)?.length ?? 0) >= 2;
}

// Ticket IDs in the plausible range start with `0000` (see looksLikeTicketId).
const TEXT_LINK_RE = /(?<![\w/.-])(?:(0000[0-9A-HJKMNP-TV-Z]{9})(?![\w])|((?:~\/|\.{1,2}\/|\/)?(?:[\w@.+-]+\/)+[\w@.+-]*[\w+-](?::\d+(?::\d+)?)?))/g;

export const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

function linkOpen(kind: LinkKind, target: string, env: MarkdownEnv): string {
  let title = target;
  let cls = `md-link md-link-${kind}`;
  if (kind === 'ticket') {
    const ref = env.refs?.[target];
    if (ref) title = `${target}${ref.title ? ` — ${ref.title}` : ''}${ref.state ? ` (${ref.state})` : ''}`;
    else if (env.refs) cls += ' md-link-missing';
  }
  return `<a class="${cls}" role="link" tabindex="0" data-link-kind="${kind}" data-target="${escapeHtml(target)}" title="${escapeHtml(title)}">`;
}

type MD = ReturnType<typeof MarkdownIt>;
type Token = ReturnType<MD['parse']>[number];

function createMarkdown(): MD {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });
  md.disable(['image']);
  md.linkify.set({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false });
  md.linkify.add('ftp:', null).add('//', null);
  md.validateLink = (url: string) => classifyLink(url) !== undefined;

  // Ticket IDs and paths in plain text become links (not inside existing links).
  md.core.ruler.after('linkify', 'yoi_refs', (state) => {
    for (const block of state.tokens) {
      if (block.type !== 'inline' || !block.children) continue;
      const out: Token[] = [];
      let depth = 0;
      for (const tok of block.children) {
        if (tok.type === 'link_open') depth++;
        if (tok.type === 'link_close') depth--;
        // Code inside a link must not become a second (nested) link.
        if (tok.type === 'code_inline' && depth > 0) tok.meta = { inLink: true };
        if (tok.type !== 'text' || depth > 0 || (!tok.content.includes('/') && !tok.content.includes('0000'))) { out.push(tok); continue; }
        const text = tok.content;
        let last = 0;
        for (const m of text.matchAll(TEXT_LINK_RE)) {
          const word = m[0];
          const isTicket = m[1] !== undefined && looksLikeTicketId(m[1]);
          if (!isTicket && !(m[2] !== undefined && looksLikePath(m[2]))) continue;
          const at = m.index ?? 0;
          if (at > last) out.push(textToken(state, text.slice(last, at), tok.level));
          const open = new state.Token('link_open', 'a', 1);
          open.attrSet('href', isTicket ? `yoi-ticket:${word}` : word);
          open.markup = 'yoi';
          out.push(open, textToken(state, word, tok.level + 1), new state.Token('link_close', 'a', -1));
          last = at + word.length;
        }
        if (last === 0) { out.push(tok); continue; }
        if (last < text.length) out.push(textToken(state, text.slice(last), tok.level));
      }
      block.children = out;
    }
  });
  // Level-2 headings carry their body line so the outline can scroll to them. Table alignment
  // becomes a class: the page's CSP forbids style attributes.
  md.core.ruler.push('yoi_heading_lines', (state) => {
    for (const t of state.tokens) {
      if (t.type === 'heading_open' && t.map) t.attrSet('data-line', String(t.map[0]));
      if ((t.type === 'th_open' || t.type === 'td_open') && t.attrs) {
        const align = /text-align:(left|right|center)/.exec(String(t.attrGet('style') ?? ''))?.[1];
        t.attrs = t.attrs.filter(([k]) => k !== 'style');
        if (align) t.attrSet('class', `align-${align}`);
      }
    }
  });

  md.renderer.rules.link_open = (tokens, idx, _opts, envIn: unknown) => {
    const env = (envIn ?? {}) as MarkdownEnv;
    const c = classifyLink(String(tokens[idx].attrGet('href') ?? ''));
    // validateLink already dropped unsafe links; anything left unclassifiable renders inert.
    return c ? linkOpen(c.kind, c.target, env) : '<a class="md-link md-link-inert">';
  };
  md.renderer.rules.code_inline = (tokens, idx, _opts, envIn: unknown) => {
    const env = (envIn ?? {}) as MarkdownEnv;
    const content = tokens[idx].content;
    const code = `<code>${escapeHtml(content)}</code>`;
    if ((tokens[idx].meta as { inLink?: boolean } | null)?.inLink) return code;
    if (looksLikeTicketId(content)) return `${linkOpen('ticket', content, env)}${code}</a>`;
    if (looksLikePath(content)) return `${linkOpen('file', content, env)}${code}</a>`;
    return code;
  };
  return md;
}

function textToken(state: { Token: new (type: string, tag: string, nesting: -1 | 0 | 1) => Token }, content: string, level: number): Token {
  const t = new state.Token('text', '', 0);
  t.content = content;
  t.level = level;
  return t;
}

let instance: MD | undefined;

/** Renders untrusted Markdown to inert HTML (see the file comment for the guarantees). */
export function renderMarkdown(src: string, env: MarkdownEnv = {}): string {
  instance ??= createMarkdown();
  return instance.render(src, { ...env });
}
