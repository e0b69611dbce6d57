// Ticket view page. Receives full snapshots from the host, renders them with the shared pure
// renderer (src/core/ticketView/render.ts: everything escaped, Markdown via markdown-it with raw
// HTML disabled), renders timeline bodies lazily as they approach the viewport, and routes every
// link and button to the host as a message. It never navigates and never evaluates ticket text.
import type { TicketViewHostMessage, TicketViewPageMessage, TicketViewPageState } from '../../src/shared/protocol';
import { isTicketViewAction } from '../../src/shared/protocol';
import type { TicketViewSnapshot } from '../../src/core/ticketView/model';
import { TICKET_VIEW_STRINGS, TicketViewStrings, fmt } from '../../src/core/ticketView/strings';
import { RenderContext, renderDocument, renderEvent, renderEventBody, renderPacketCard } from '../../src/core/ticketView/render';

interface VsCodeApi {
  postMessage(msg: TicketViewPageMessage): void;
  getState(): TicketViewPageState | undefined;
  setState(s: TicketViewPageState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') as HTMLElement;
const post = (m: TicketViewPageMessage) => vscode.postMessage(m);

let snap: TicketViewSnapshot | undefined;
let strings: TicketViewStrings = TICKET_VIEW_STRINGS;
let locale = 'en';
const restored = vscode.getState();
let state: TicketViewPageState = restored ?? { ticketId: '', storeRoot: '', scrollY: 0, expanded: [], raw: [], filter: '' };
const expanded = new Set(state.expanded);
const raw = new Set(state.raw);
let observer: IntersectionObserver | undefined;

// CSP violations are reported to the host (tests assert that hostile content tripped nothing,
// or that an injected payload was blocked and reported).
document.addEventListener('securitypolicyviolation', (e) => {
  post({ type: 'cspViolation', directive: e.violatedDirective, blockedURI: e.blockedURI, sample: e.sample, sourceFile: e.sourceFile, line: e.lineNumber });
});
window.addEventListener('error', (e) => post({ type: 'renderError', message: String(e.message) }));

function ctx(): RenderContext {
  return { strings, locale, now: Date.now(), expanded, raw };
}

// ---- rendering ----------------------------------------------------------------------------------

function render(focusEvent?: number): void {
  if (!snap) return;
  const s = snap;
  const sameTicket = state.ticketId === s.ticket.id && state.storeRoot === s.ticket.storeRoot;
  if (!sameTicket) {
    // A different ticket in this panel (restored serializer state of another one): start fresh.
    expanded.clear();
    raw.clear();
    state = { ticketId: s.ticket.id, storeRoot: s.ticket.storeRoot, scrollY: 0, expanded: [], raw: [], filter: '' };
  }
  const anchor = sameTicket ? state.anchor : undefined;
  const scrollY = sameTicket ? state.scrollY : 0;
  document.documentElement.lang = s.header.language ?? locale;
  document.title = s.header.title ?? s.ticket.id;
  // Long timelines: the first events render with the document (fast first paint), the rest are
  // appended in chunks; an event needed for focus or scroll restore is rendered before scrolling.
  const anchorEvent = anchor && /^ev-(\d+)$/.exec(anchor.id);
  const anchorAfterTimeline = !!anchor && !anchorEvent && !SECTIONS_BEFORE_EVENTS.has(anchor.id);
  const needed = Math.max(FIRST_CHUNK, focusEvent !== undefined ? focusEvent + 20 : 0, anchorEvent ? Number(anchorEvent[1]) + 20 : 0, anchorAfterTimeline ? Infinity : 0);
  const generation = ++renderGeneration;
  try {
    root.innerHTML = renderDocument(s, ctx(), { lazy: true, timelineLimit: needed }).value;
  } catch (e) {
    post({ type: 'renderError', message: (e as Error).stack ?? String(e) });
    root.textContent = String(e);
    return;
  }
  root.setAttribute('aria-busy', 'false');
  applyFilter(state.filter);
  observeLazyBodies(root);
  if (focusEvent !== undefined) focusOn(focusEvent);
  else restoreScroll(anchor, scrollY);
  saveState();
  appendRest(s, generation);
}

const FIRST_CHUNK = 150;
const CHUNK = 300;
let renderGeneration = 0;

const SECTIONS_BEFORE_EVENTS = new Set(['top', 'sec-body', 'sec-intent', 'sec-timeline']);

function appendRest(s: TicketViewSnapshot, generation: number): void {
  const list = root.querySelector<HTMLElement>('.events');
  if (!list || list.children.length >= s.timeline.events.length) return;
  setTimeout(() => {
    if (generation !== renderGeneration || snap !== s) return; // a newer snapshot took over
    // ensureRendered may have appended meanwhile: continue from what is in the DOM.
    const from = list.children.length;
    const to = Math.min(from + CHUNK, s.timeline.events.length);
    const c = ctx();
    const html = s.timeline.events.slice(from, to).map((e) => renderEvent(e, s, c, true).value).join('');
    const marker = list.lastElementChild;
    list.insertAdjacentHTML('beforeend', html);
    const added: HTMLElement[] = [];
    for (let el = marker ? marker.nextElementSibling : list.firstElementChild; el; el = el.nextElementSibling) added.push(el as HTMLElement);
    for (const el of added) observeLazyBodies(el);
    applyFilter(state.filter, added);
    if (to < s.timeline.events.length) appendRest(s, generation);
    else list.setAttribute('aria-busy', 'false');
  }, 0);
}

/** Events up to `index` exist in the DOM (chunks are appended asynchronously). */
function ensureRendered(index: number): void {
  if (!snap) return;
  const list = root.querySelector<HTMLElement>('.events');
  if (!list || document.getElementById(`ev-${index}`)) return;
  const have = list.children.length;
  const c = ctx();
  const added = snap.timeline.events.slice(have, index + 1).map((e) => renderEvent(e, snap!, c, true).value).join('');
  const marker = list.lastElementChild;
  list.insertAdjacentHTML('beforeend', added);
  for (let el = marker ? marker.nextElementSibling : list.firstElementChild; el; el = el.nextElementSibling) observeLazyBodies(el as HTMLElement);
  applyFilter(state.filter);
}

function observeLazyBodies(scope: HTMLElement): void {
  if (scope === root) {
    observer?.disconnect();
    observer = new IntersectionObserver((entries) => {
      for (const en of entries) if (en.isIntersecting) fillBody(en.target as HTMLElement);
    }, { rootMargin: '1200px 0px' });
  }
  const pending = scope.querySelectorAll<HTMLElement>('.event-body.pending');
  for (const el of pending) {
    const est = Number(el.dataset.estimate ?? 0);
    if (est > 0) el.style.minHeight = `${est}px`;
    observer?.observe(el);
  }
}

function fillBody(el: HTMLElement): void {
  if (!snap || !el.classList.contains('pending')) return;
  const e = snap.timeline.events[Number(el.dataset.index)];
  el.classList.remove('pending');
  observer?.unobserve(el);
  if (!e) return;
  el.innerHTML = renderEventBody(e, snap, ctx()).value;
  el.style.minHeight = '';
}

function fillEvent(index: number): HTMLElement | undefined {
  ensureRendered(index);
  const art = document.getElementById(`ev-${index}`);
  const body = art?.querySelector<HTMLElement>('.event-body');
  if (body) fillBody(body);
  return art ?? undefined;
}

function focusOn(index: number): void {
  const art = fillEvent(index);
  if (!art) return;
  // Make sure a filter does not hide the event we are asked to show.
  if (art.hidden) applyFilter('');
  for (const el of root.querySelectorAll('.event.focused')) el.classList.remove('focused');
  art.classList.add('focused');
  art.tabIndex = -1;
  art.scrollIntoView({ block: 'start' });
  art.focus({ preventScroll: true });
}

function restoreScroll(anchor: TicketViewPageState['anchor'], scrollY: number): void {
  if (anchor) {
    const m = /^ev-(\d+)$/.exec(anchor.id);
    const el = m ? fillEvent(Number(m[1])) : document.getElementById(anchor.id);
    if (el) {
      const nav = root.querySelector<HTMLElement>('.toc');
      const y = Math.max(0, nav ? nav.getBoundingClientRect().height + 2 : 2);
      window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - y + anchor.offset);
      return;
    }
  }
  window.scrollTo(0, scrollY);
}

// ---- state --------------------------------------------------------------------------------------

let saveTimer: number | undefined;
function saveState(): void {
  state.expanded = [...expanded];
  state.raw = [...raw];
  state.scrollY = window.scrollY;
  state.anchor = topAnchor();
  vscode.setState(state);
  post({ type: 'stateChanged', state });
}
function saveSoon(): void {
  if (saveTimer !== undefined) return;
  saveTimer = window.setTimeout(() => { saveTimer = undefined; saveState(); }, 250);
}

/** The event or section at the top of the viewport (just below the sticky section bar). */
function topAnchor(): TicketViewPageState['anchor'] {
  if (window.scrollY < 10) return undefined; // at the top: plain scrollY restores it exactly
  const nav = root.querySelector<HTMLElement>('.toc');
  const y = Math.max(0, nav ? nav.getBoundingClientRect().bottom + 2 : 2);
  const x = Math.min(window.innerWidth - 1, root.getBoundingClientRect().left + 40);
  // O(1) even with thousands of events, unlike scanning every element's box.
  const hit = document.elementFromPoint(x, y) as HTMLElement | null;
  const el = hit?.closest<HTMLElement>('.event, .section, .ticket-header');
  return el?.id ? { id: el.id, offset: y - el.getBoundingClientRect().top } : undefined;
}

window.addEventListener('scroll', saveSoon, { passive: true });

// ---- interaction --------------------------------------------------------------------------------

function applyFilter(kind: string, only?: HTMLElement[]): void {
  state.filter = kind;
  for (const art of only ?? root.querySelectorAll<HTMLElement>('.event')) {
    const k = /\bkind-(\S+)/.exec(art.className)?.[1] ?? '';
    art.hidden = kind !== '' && k !== kind && !(kind === 'none' && k === 'none');
  }
  for (const b of root.querySelectorAll<HTMLElement>('.filter')) b.setAttribute('aria-pressed', String((b.dataset.kind ?? '') === kind));
}

function toggle(btn: HTMLElement): void {
  const key = btn.dataset.key ?? '';
  const controls = btn.getAttribute('aria-controls');
  const target = controls ? document.getElementById(controls) : null;
  const isSectionCollapse = key.endsWith(':collapsed');
  const open = btn.getAttribute('aria-expanded') !== 'true';
  if (isSectionCollapse) {
    // Sections are open by default: the set records the collapsed ones.
    if (open) expanded.delete(key); else expanded.add(key);
    if (target) target.hidden = !open;
  } else {
    if (open) expanded.add(key); else expanded.delete(key);
    if (key === 'packets-earlier' && target && snap) {
      const s = snap;
      const cur = s.intent.current ?? s.intent.packets.length - 1;
      target.innerHTML = open ? s.intent.packets.map((p, i) => ({ p, i })).filter(({ i }) => i !== cur).reverse().map(({ p, i }) => renderPacketCard(p, i, s, ctx()).value).join('') : '';
      target.hidden = !open;
    } else if (target) {
      target.classList.toggle('clipped', !open);
      btn.textContent = open ? strings.showLess : strings.showMore;
    }
  }
  btn.setAttribute('aria-expanded', String(open));
  saveState();
}

function toggleRaw(btn: HTMLElement): void {
  const key = btn.dataset.key ?? '';
  const on = !raw.has(key);
  if (on) raw.add(key); else raw.delete(key);
  const target = document.getElementById(btn.getAttribute('aria-controls') ?? '');
  if (target) target.hidden = !on;
  btn.setAttribute('aria-pressed', String(on));
  btn.textContent = on ? strings.hideRaw : strings.showRaw;
  saveState();
}

function activate(el: HTMLElement): boolean {
  const action = el.dataset.action;
  const kind = el.dataset.linkKind;
  if (kind) {
    const target = el.dataset.target ?? '';
    if (kind === 'ticket') post({ type: 'openTicket', id: target });
    else if (kind === 'url') post({ type: 'openLink', url: target });
    else if (kind === 'file') {
      const m = /^(.*?):(\d+)(?::\d+)?$/.exec(target);
      const line = el.dataset.line ? Number(el.dataset.line) : m ? Number(m[2]) : undefined;
      post({ type: 'openFile', path: m && !el.dataset.line ? m[1] : target, ...(line ? { line } : {}) });
    } else if (kind === 'anchor') document.getElementById(target)?.scrollIntoView();
    return true;
  }
  switch (action) {
    case 'toggle': toggle(el); return true;
    case 'raw': toggleRaw(el); return true;
    case 'scroll': {
      const t = document.getElementById(el.dataset.target ?? '');
      if (t) {
        const m = /^packet-(\d+)$/.exec(t.id);
        if (m) t.classList.add('flash');
        t.scrollIntoView({ block: 'start' });
      } else if (/^packet-/.test(el.dataset.target ?? '')) {
        // An earlier packet: open the list first.
        const btn = root.querySelector<HTMLElement>('[data-key="packets-earlier"]');
        if (btn && btn.getAttribute('aria-expanded') !== 'true') toggle(btn);
        document.getElementById(el.dataset.target ?? '')?.scrollIntoView({ block: 'start' });
      }
      return true;
    }
    case 'heading': {
      const h = root.querySelector<HTMLElement>(`.body-md [data-line="${CSS.escape(el.dataset.line ?? '')}"]`);
      if (h) {
        const clipped = h.closest('.clipped');
        if (clipped) {
          const btn = root.querySelector<HTMLElement>(`[aria-controls="${clipped.id}"]`);
          if (btn) toggle(btn);
        }
        h.scrollIntoView({ block: 'start' });
      }
      return true;
    }
    case 'focusEvent': focusOn(Number(el.dataset.index)); return true;
    case 'filter': applyFilter(el.dataset.kind ?? ''); saveState(); return true;
    case 'run': {
      const a = el.dataset.run;
      if (isTicketViewAction(a)) post({ type: 'runAction', action: a });
      return true;
    }
    default: return false;
  }
}

root.addEventListener('click', (e) => {
  const el = (e.target as HTMLElement).closest<HTMLElement>('[data-action], [data-link-kind]');
  if (!el || !root.contains(el)) return;
  e.preventDefault();
  activate(el);
});
root.addEventListener('keydown', (e) => {
  if (e.key !== 'Enter' && e.key !== ' ') return;
  const el = e.target as HTMLElement;
  // Buttons activate themselves on Enter/Space (as a click); role="link" anchors need Enter.
  if (el.tagName === 'BUTTON' || !el.matches('[data-action], [data-link-kind]')) return;
  if (e.key === ' ' && el.getAttribute('role') === 'link') return;
  e.preventDefault();
  activate(el);
});

/** A status line above the ticket (kept across re-renders: it lives outside #root). */
function showStatus(id: string, text: string): HTMLElement {
  let box = document.getElementById(id);
  if (!box) {
    box = Object.assign(document.createElement('div'), { id, className: 'action-status' });
    box.setAttribute('role', 'status');
    root.parentElement!.insertBefore(box, root);
  }
  box.textContent = text;
  return box;
}

// ---- messages -----------------------------------------------------------------------------------

window.addEventListener('message', (e: MessageEvent<TicketViewHostMessage>) => {
  const m = e.data;
  switch (m?.type) {
    case 'snapshot':
      snap = m.snapshot;
      strings = { ...TICKET_VIEW_STRINGS, ...m.strings };
      locale = m.locale || 'en';
      render(m.focusEvent);
      break;
    case 'focusEvent':
      focusOn(m.index);
      break;
    case 'actionResult':
      showStatus('action-status', m.message);
      break;
    case 'cspReported':
      showStatus('csp-status', m.message).dataset.count = String(m.count);
      break;
    case 'unavailable':
      strings = { ...TICKET_VIEW_STRINGS, ...m.strings };
      root.textContent = '';
      root.appendChild(Object.assign(document.createElement('p'), { className: 'empty', textContent: fmt(strings.unavailable, m.reason) }));
      break;
  }
});

root.setAttribute('aria-busy', 'true');
post({ type: 'ready', ...(restored ? { state: restored } : {}) });
