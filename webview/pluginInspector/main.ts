// Plugin inspector page. Receives full snapshots from the host and builds the DOM with
// createElement/textContent only (manifest names, WIT and producer strings come from untrusted
// packages: nothing is ever parsed as HTML). Copying, opening files and revealing findings are
// requests to the host; the page never navigates.
import type {
  InspectorArtifactView,
  InspectorFindingView,
  InspectorModuleView,
  PluginInspectorHostMessage,
  PluginInspectorPageMessage,
  PluginInspectorPageState,
  PluginInspectorSnapshot,
  PluginInspectorStrings,
} from '../../src/shared/protocol';

interface VsCodeApi {
  postMessage(msg: PluginInspectorPageMessage): void;
  getState(): PluginInspectorPageState | undefined;
  setState(s: PluginInspectorPageState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') as HTMLElement;
const post = (m: PluginInspectorPageMessage) => vscode.postMessage(m);

let snap: PluginInspectorSnapshot | undefined;
let S: PluginInspectorStrings | undefined;
let locale = 'en';
const restored = vscode.getState();
let state: PluginInspectorPageState = restored ?? { path: '', scrollY: 0, collapsed: [] };
const collapsed = new Set(state.collapsed);

document.addEventListener('securitypolicyviolation', (e) => {
  post({ type: 'cspViolation', directive: e.violatedDirective, blockedURI: e.blockedURI, sample: e.sample, sourceFile: e.sourceFile, line: e.lineNumber });
});
window.addEventListener('error', (e) => post({ type: 'renderError', message: String(e.message) }));

// ---- DOM helpers --------------------------------------------------------------------------------

type Child = Node | string | number | false | null | undefined;
function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean | undefined> = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'class') el.className = String(v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === false || c === null || c === undefined) continue;
    el.append(typeof c === 'number' ? String(c) : c);
  }
  return el;
}

const fmt = (t: string, ...args: (string | number)[]) => t.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m));
let nf: Intl.NumberFormat | undefined;
const num = (n: number) => (nf ??= new Intl.NumberFormat(locale)).format(n);
const bytes = (n: number) => fmt(S!.bytes, num(n));
const code = (text: string) => h('code', {}, text);

function dl(rows: [string, Child | Child[]][]): HTMLElement {
  const list = h('dl', { class: 'facts' });
  for (const [k, v] of rows) {
    if (v === undefined || v === null || v === false || (Array.isArray(v) && !v.length)) continue;
    list.append(h('div', {}, h('dt', {}, k), h('dd', {}, v)));
  }
  return list;
}

function chip(text: string, cls: string): HTMLElement {
  return h('span', { class: `chip ${cls}` }, text);
}

/** A section with a heading button that collapses it (sections are open unless the user closed them). */
function section(id: string, title: string, ...body: (Child | Child[])[]): HTMLElement {
  const open = !collapsed.has(id);
  const bodyEl = h('div', { class: 'section-body', id: `${id}-body` }, ...body);
  bodyEl.hidden = !open;
  const btn = h('button', { class: 'section-toggle', 'aria-expanded': String(open), 'aria-controls': `${id}-body`, 'data-section': id }, title);
  return h('section', { class: 'section', id }, h('h2', {}, btn), bodyEl);
}

// ---- rendering -----------------------------------------------------------------------------------

function render(): void {
  if (!snap || !S) return;
  const s = snap;
  if (state.path !== s.path) {
    collapsed.clear();
    state = { path: s.path, scrollY: 0, collapsed: [] };
  }
  const scrollY = state.scrollY;
  document.title = s.title;
  const parts: HTMLElement[] = [header(s), verdictSection(s), findingsSection(s)];
  if (s.package) parts.push(packageSection(s));
  if (s.artifact) parts.push(componentSection(s.artifact), witSection(s.artifact));
  parts.push(footer(s));
  root.replaceChildren(...parts);
  root.setAttribute('aria-busy', 'false');
  document.body.classList.remove('busy');
  window.scrollTo(0, scrollY);
  saveState();
}

function header(s: PluginInspectorSnapshot): HTMLElement {
  const St = S!;
  const yoi = s.status.yoi;
  const statusText = yoi === 'wasm' ? St.status_wasm : `${St.yoiCheck}: ${St[`status_${yoi}`]}`;
  const facts = s.package?.facts;
  const witAvailable = !!s.artifact?.wit;
  return h('header', { class: 'plugin-header' },
    h('h1', { class: 'title' }, s.title),
    h('div', { class: 'meta' },
      facts?.id ? code(facts.id) : null,
      facts?.version ? h('span', {}, facts.version) : null,
      h('span', { class: 'path' }, s.display),
    ),
    h('div', { class: 'chips', role: 'status' },
      chip(statusText, `status status-${yoi}`),
      s.status.runtimeWouldReject ? chip(St.origin_runtime, 'status status-runtime-reject') : null,
      h('span', { class: 'counts' }, fmt(St.counts, s.status.errors, s.status.warnings)),
    ),
    h('div', { class: 'actions' },
      h('button', { class: 'action', 'data-action': 'copyWit', disabled: !witAvailable, title: witAvailable ? undefined : St.noWit }, St.copyWit),
      h('button', { 'data-action': 'copyReport' }, St.copyReport),
      h('button', { 'data-action': 'reinspect' }, St.reinspect),
    ),
  );
}

function verdictSection(s: PluginInspectorSnapshot): HTMLElement {
  const St = S!;
  const explain = St[`statusExplain_${s.status.yoi}`];
  const a = s.artifact;
  let runtime: HTMLElement;
  if (s.runtimeRejections.length) {
    runtime = h('div', { class: 'runtime reject' }, h('p', {}, St.runtimeWouldReject), h('ul', {}, s.runtimeRejections.map((m) => h('li', {}, m))));
  } else if (a && a.inspection === 'done') {
    runtime = h('p', { class: 'runtime ok' }, St.runtimeNoObjection);
  } else {
    runtime = h('p', { class: 'runtime unknown' }, St.runtimeUnchecked);
  }
  return section('sec-verdict', St.sectionVerdict,
    h('div', { class: `verdict verdict-${s.status.yoi}` }, h('h3', {}, s.status.yoi === 'wasm' ? St.status_wasm : `${St.yoiCheck}: ${St[`status_${s.status.yoi}`]}`), h('p', {}, explain)),
    h('div', { class: 'verdict' }, h('h3', {}, St.runtime), runtime),
    s.nextSteps.length ? h('div', { class: 'verdict' }, h('h3', {}, St.nextSteps), h('ul', { class: 'next-steps' }, s.nextSteps.map((t) => h('li', {}, t)))) : null,
  );
}

const ORIGIN_KEY = { yoi: 'origin_yoi', runtime: 'origin_runtime', 'legacy-abi': 'origin_legacyAbi', inspector: 'origin_inspector' } as const;

function findingItem(f: InspectorFindingView): HTMLElement {
  const St = S!;
  const where = f.where
    ? f.revealable
      ? h('a', { role: 'link', tabindex: '0', class: 'where', 'data-action': 'reveal', 'data-index': String(f.index), title: St.showInManifest }, f.where)
      : h('span', { class: 'where' }, f.where)
    : f.revealable
      ? h('a', { role: 'link', tabindex: '0', class: 'where', 'data-action': 'reveal', 'data-index': String(f.index) }, St.showInManifest)
      : null;
  return h('li', { class: `finding sev-${f.severity} origin-${f.origin}`, id: `finding-${f.index}`, tabindex: '-1' },
    h('div', { class: 'finding-head' },
      chip(St[`severity_${f.severity}`], `sev sev-${f.severity}`),
      h('span', { class: 'message' }, f.message),
    ),
    h('div', { class: 'finding-meta' },
      chip(St[ORIGIN_KEY[f.origin]], `origin origin-${f.origin}`),
      code(f.id),
      h('span', { class: 'muted' }, `${f.kind}/${f.phase}`),
      where,
      f.reportedByYoi ? h('span', { class: 'muted' }, St.reportedByYoi) : null,
    ),
  );
}

function findingsSection(s: PluginInspectorSnapshot): HTMLElement {
  const St = S!;
  return section('sec-findings', `${St.sectionFindings} (${s.findings.length})`,
    s.findings.length ? h('ol', { class: 'findings' }, s.findings.map(findingItem)) : h('p', { class: 'empty' }, St.noFindings),
  );
}

function nameList(items: { name: string; description?: string; externalWrite?: boolean }[]): Child {
  if (!items.length) return null;
  return h('ul', { class: 'names' }, items.map((t) => h('li', {}, code(t.name), t.description ? h('span', { class: 'muted' }, ` — ${t.description}`) : null, t.externalWrite ? chip(S!.externalWrite, 'warn') : null)));
}

function packageSection(s: PluginInspectorSnapshot): HTMLElement {
  const St = S!;
  const p = s.package!;
  const f = p.facts;
  const editable = s.inputKind === 'directory';
  const files = p.entries.length
    ? h('table', { class: 'files' },
      h('thead', {}, h('tr', {}, h('th', {}, St.file), h('th', { class: 'num' }, St.size))),
      h('tbody', {}, p.entries.map((e) => h('tr', {},
        h('td', {}, editable ? h('a', { role: 'link', tabindex: '0', 'data-action': 'openFile', 'data-path': e.path }, e.path) : code(e.path)),
        h('td', { class: 'num' }, bytes(e.size)),
      ))))
    : null;
  return section('sec-package', St.sectionPackage,
    dl([
      [St.identifier, f.id ? code(f.id) : null],
      [St.version, f.version],
      [St.reference, p.reference ? code(p.reference) : null],
      [St.digest, p.digest ? code(p.digest) : null],
      [St.location, s.display],
      [St.runtimeKind, f.runtimeKind ? code(f.runtimeKind) : null],
      [St.world, f.world ? code(f.world) : null],
      [St.surfaces, f.surfaces.length ? f.surfaces.join(', ') : null],
      [St.tools, nameList(f.tools)],
      [St.services, nameList(f.services)],
      [St.ingresses, nameList(f.ingresses)],
      [St.permissions, f.permissions.length ? h('ul', { class: 'names' }, f.permissions.map((x) => h('li', {}, code(x)))) : St.none],
    ]),
    f.description ? h('p', { class: 'description' }, f.description) : null,
    files ? h('h3', {}, St.entries) : null,
    files,
  );
}

const KIND_KEY: Record<string, keyof PluginInspectorStrings> = {
  component: 'kind_component', 'core-module': 'kind_coreModule', 'not-wasm': 'kind_notWasm', 'unknown-wasm': 'kind_unknownWasm', unchecked: 'kind_unchecked',
};
const INSPECTION_KEY: Record<string, keyof PluginInspectorStrings> = {
  done: 'inspection_done', skipped: 'inspection_skipped', timeout: 'inspection_timeout', crashed: 'inspection_crashed', failed: 'inspection_failed',
};

function moduleTree(modules: InspectorModuleView[]): HTMLElement {
  const St = S!;
  // Modules arrive in file order with their nesting depth: build the tree from the depths.
  const top = h('ul', { class: 'tree modules' });
  const stack: { depth: number; list: HTMLElement }[] = [{ depth: -1, list: top }];
  for (const m of modules) {
    while (stack.length > 1 && stack[stack.length - 1].depth >= m.depth) stack.pop();
    const children = h('ul', { class: 'tree' });
    const details = h('details', { open: modules.length <= 3 },
      h('summary', {},
        h('strong', {}, fmt(St.coreModule, m.index)), ' · ', bytes(m.size), ' · ',
        chip(m.valid ? St.valid : St.invalid, m.valid ? 'ok' : 'bad'),
        m.instantiations !== 1 ? ` · ${fmt(St.instantiations, m.instantiations)}` : null,
        h('span', { class: 'muted' }, ` (${num(m.start)}..${num(m.end)})`),
      ),
      m.validationError ? h('p', { class: 'bad-text' }, m.validationError) : null,
      dl([
        [St.memories, m.memories.length ? m.memories.map((x) => `${fmt(St.memoryPages, x.minPages)}${x.maxPages !== undefined ? `–${x.maxPages}` : ''}${x.shared ? ' shared' : ''}`).join(', ') : null],
        [St.tables, m.tables.length ? m.tables.map((t) => `${t.element} ${t.min}${t.max !== undefined ? `–${t.max}` : ''}`).join(', ') : null],
        [St.imports, m.imports.length ? h('ul', { class: 'names' }, m.imports.map((x) => h('li', {}, code(x)))) : null],
        [St.exports, m.exports.length ? h('ul', { class: 'names' }, m.exports.map((x) => h('li', {}, code(x)))) : null],
        [St.sectionProducers, m.producers.length ? producerText(m.producers) : null],
      ]),
      children,
    );
    stack[stack.length - 1].list.append(h('li', {}, details));
    stack.push({ depth: m.depth, list: children });
  }
  return top;
}

function producerText(p: InspectorArtifactView['producers']): string {
  return p.map((f) => `${f.field}: ${f.values.map((v) => `${v.name} ${v.version}`.trim()).join(', ')}`).join('; ');
}

function componentSection(a: InspectorArtifactView): HTMLElement {
  const St = S!;
  const kind = St[KIND_KEY[a.kind] ?? 'kind_unchecked'];
  const worlds = a.worlds.length
    ? h('table', { class: 'worlds' }, h('tbody', {}, a.worlds.map((w) => h('tr', {},
      h('td', {}, code(w.world)),
      h('td', {}, chip(w.conforms === undefined ? St.unverified : w.conforms ? St.conforms : St.doesNotConform, w.conforms === undefined ? 'unknown' : w.conforms ? 'ok' : 'bad')),
      h('td', { class: 'muted' }, w.problems.join('; ')),
    ))))
    : null;
  const imports = a.imports.length
    ? h('ul', { class: 'tree imports' }, a.imports.map((i) => h('li', {},
      h('details', { open: true },
        h('summary', {}, code(i.name), ` [${i.kind}] `,
          chip(i.allowed ? (i.permission ? fmt(St.needsPermission, i.permission) : St.providedByYoi) : St.notProvidedByYoi, i.allowed ? 'ok' : 'bad')),
        i.functions.length ? h('ul', { class: 'tree' }, i.functions.map((fn) => h('li', {},
          code(`${fn.name} ${fn.signature}`),
          fn.expected && !fn.ok ? h('span', { class: 'bad-text' }, ` ${fmt(St.expected, fn.expected)}`) : null,
          !fn.expected && !fn.ok ? chip(St.mismatch, 'bad') : null,
        ))) : null,
      ))))
    : h('p', { class: 'empty' }, St.noImports);
  const exports = a.exports.length
    ? h('ul', { class: 'tree exports' }, a.exports.map((e) => h('li', {},
      code(e.name), ` [${e.kind}] `,
      e.type ? code(e.type) : e.shape ? code(e.shape) : null,
      e.ok === true ? chip(St.conforms, 'ok') : null,
      e.ok === false && e.expected ? h('span', { class: 'bad-text' }, ` ${fmt(St.expected, e.expected)}`) : null,
    )))
    : h('p', { class: 'empty' }, St.noExports);
  return section('sec-component', St.sectionComponent,
    dl([
      [St.file, code(a.path)],
      [St.artifactKind, a.placeholder ? `${kind} — ${St.placeholder}` : kind],
      [St.size, bytes(a.size)],
      [St.sha256, a.sha256 ? code(a.sha256) : null],
      [St.inspection, `${St[INSPECTION_KEY[a.inspection] ?? 'inspection_failed']}${a.inspectionError ? ` — ${a.inspectionError}` : ''}`],
      [St.declaredWorld, a.declaredWorld ? code(a.declaredWorld) : null],
      [St.checkedWorld, a.checkedWorld ? code(a.checkedWorld) : null],
    ]),
    worlds ? h('h3', {}, St.worldConformance) : null,
    worlds,
    a.legacyAbi ? h('div', {}, h('h3', {}, St.legacyAbi), chip(a.legacyAbi.conforms ? St.conforms : St.doesNotConform, a.legacyAbi.conforms ? 'ok' : 'bad'),
      a.legacyAbi.problems.length ? h('ul', {}, a.legacyAbi.problems.map((p) => h('li', {}, p))) : null) : null,
    h('h3', { id: 'imports' }, St.sectionImports), imports,
    h('h3', { id: 'exports' }, St.sectionExports), exports,
    h('h3', { id: 'modules' }, St.sectionModules), a.modules.length ? moduleTree(a.modules) : h('p', { class: 'empty' }, St.noModules),
    h('h3', { id: 'producers' }, St.sectionProducers), a.producers.length ? h('p', {}, producerText(a.producers)) : h('p', { class: 'empty' }, St.noProducers),
  );
}

function witSection(a: InspectorArtifactView): HTMLElement {
  const St = S!;
  return section('sec-wit', St.sectionWit, a.wit ? h('pre', { class: 'wit' }, h('code', {}, a.wit)) : h('p', { class: 'empty' }, St.noWit));
}

function footer(s: PluginInspectorSnapshot): HTMLElement {
  const St = S!;
  const when = new Date(s.inspectedAt);
  const engine = s.artifact?.engine;
  return h('footer', { class: 'muted' },
    h('p', {}, St.safety),
    h('p', {}, fmt(St.inspectedAt, Number.isNaN(when.getTime()) ? s.inspectedAt : when.toLocaleString(locale), num(s.durationMs))),
    engine ? h('p', {}, fmt(St.engine, engine.node, engine.v8)) : null,
  );
}

// ---- state and interaction -------------------------------------------------------------------------

let saveTimer: number | undefined;
function saveState(): void {
  state.collapsed = [...collapsed];
  state.scrollY = window.scrollY;
  vscode.setState(state);
  post({ type: 'stateChanged', state });
}
window.addEventListener('scroll', () => {
  if (saveTimer !== undefined) return;
  saveTimer = window.setTimeout(() => { saveTimer = undefined; saveState(); }, 250);
}, { passive: true });

function focusFinding(index: number): void {
  const el = document.getElementById(`finding-${index}`);
  if (!el) return;
  const sec = document.getElementById('sec-findings-body');
  if (sec?.hidden) toggleSection(document.querySelector<HTMLElement>('[data-section="sec-findings"]')!);
  for (const x of root.querySelectorAll('.finding.focused')) x.classList.remove('focused');
  el.classList.add('focused');
  el.scrollIntoView({ block: 'center' });
  el.focus({ preventScroll: true });
}

function toggleSection(btn: HTMLElement): void {
  const id = btn.dataset.section ?? '';
  const body = document.getElementById(`${id}-body`);
  const open = btn.getAttribute('aria-expanded') !== 'true';
  if (open) collapsed.delete(id); else collapsed.add(id);
  if (body) body.hidden = !open;
  btn.setAttribute('aria-expanded', String(open));
  saveState();
}

function activate(el: HTMLElement): void {
  switch (el.dataset.action) {
    case 'copyWit': post({ type: 'copyWit' }); break;
    case 'copyReport': post({ type: 'copyReport' }); break;
    case 'reinspect': post({ type: 'reinspect' }); break;
    case 'reveal': post({ type: 'revealFinding', index: Number(el.dataset.index) }); break;
    case 'openFile': post({ type: 'openFile', path: el.dataset.path ?? '' }); break;
  }
}

root.addEventListener('click', (e) => {
  const target = e.target as HTMLElement;
  const toggle = target.closest<HTMLElement>('.section-toggle');
  if (toggle && root.contains(toggle)) {
    toggleSection(toggle);
    return;
  }
  const el = target.closest<HTMLElement>('[data-action]');
  if (!el || !root.contains(el) || (el as HTMLButtonElement).disabled) return;
  e.preventDefault();
  activate(el);
});
root.addEventListener('keydown', (e) => {
  // role="link" anchors activate on Enter; buttons handle Enter/Space themselves.
  const el = e.target as HTMLElement;
  if (e.key !== 'Enter' || el.tagName === 'BUTTON' || !el.matches('[data-action]')) return;
  e.preventDefault();
  activate(el);
});

function showStatus(id: string, text: string, ok = true): HTMLElement {
  let box = document.getElementById(id);
  if (!box) {
    box = h('div', { id, class: 'notice', role: 'status' });
    root.parentElement!.insertBefore(box, root);
  }
  box.classList.toggle('error', !ok);
  box.textContent = text;
  return box;
}

// ---- messages -----------------------------------------------------------------------------------

window.addEventListener('message', (e: MessageEvent<PluginInspectorHostMessage>) => {
  const m = e.data;
  try {
    switch (m?.type) {
      case 'snapshot':
        snap = m.snapshot;
        S = m.strings;
        if (locale !== (m.locale || 'en')) nf = undefined;
        locale = m.locale || 'en';
        document.documentElement.lang = locale;
        render();
        break;
      case 'inspecting':
        S = m.strings;
        document.body.classList.add('busy');
        root.setAttribute('aria-busy', 'true');
        if (!snap) root.replaceChildren(h('p', { class: 'empty' }, m.strings.loading));
        break;
      case 'notice':
        showStatus('notice', m.message, m.ok);
        break;
      case 'focusFinding':
        focusFinding(m.index);
        break;
      case 'cspReported':
        showStatus('csp-status', m.message, false).dataset.count = String(m.count);
        break;
      case 'unavailable':
        S = m.strings;
        document.body.classList.remove('busy');
        root.setAttribute('aria-busy', 'false');
        root.replaceChildren(h('p', { class: 'empty' }, fmt(m.strings.unavailable, m.reason)));
        break;
    }
  } catch (err) {
    post({ type: 'renderError', message: (err as Error).stack ?? String(err) });
  }
});

post({ type: 'ready', ...(restored ? { state: restored } : {}) });
