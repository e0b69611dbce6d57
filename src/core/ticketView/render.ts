// Ticket view → HTML strings. Pure (no DOM, no vscode) so the page and unit tests share it.
// Every interpolation goes through `html` below, which escapes strings; only `Html` values (our
// own markup, or markdown-it output with html disabled) are inserted unescaped. Interactive
// controls are <button>s / role="link" anchors carrying `data-action` for the page's delegation.
import type {
  IntentPacketCard, PlanRecordView, ProblemView, RelationView, RoutingView, TicketViewSnapshot, TimelineEntry,
} from './model';
import { escapeHtml, renderMarkdown } from './markdown';
import { fmt, TICKET_VIEW_STRINGS, TicketViewStrings } from './strings';
import { absoluteTime, relativeTime } from './time';

export { absoluteTime, relativeTime };

export class Html {
  constructor(readonly value: string) {}
  toString(): string { return this.value; }
}
type Part = Html | string | number | undefined | null | false | Part[];

function part(v: Part): string {
  if (v === undefined || v === null || v === false) return '';
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(part).join('');
  return escapeHtml(String(v));
}

/** Tagged template: escapes every interpolated value unless it is `Html`. */
export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += part(values[i]) + strings[i + 1];
  return new Html(out);
}

export interface RenderContext {
  strings: TicketViewStrings;
  /** BCP 47 locale for dates (e.g. `en`, `ja`). */
  locale: string;
  /** Epoch ms that relative times are measured against. */
  now: number;
  /** Keys of expanded collapsibles (`body`, `ev-12`, `packet-3`, `sec-plans`, …). */
  expanded: ReadonlySet<string>;
  /** Keys whose raw source is shown (`raw-ev-3`, `raw-prob-2`, `raw-packet-1`). */
  raw: ReadonlySet<string>;
}

export function defaultContext(partial: Partial<RenderContext> = {}): RenderContext {
  return { strings: TICKET_VIEW_STRINGS, locale: 'en', now: Date.now(), expanded: new Set(), raw: new Set(), ...partial };
}

/** Bodies longer than this start collapsed behind "Show more". */
export const COLLAPSE_CHARS = 1600;
export const COLLAPSE_LINES = 28;
export const isLong = (md: string) => md.length > COLLAPSE_CHARS || md.split('\n').length > COLLAPSE_LINES;

const md = (src: string, snap: TicketViewSnapshot) => new Html(renderMarkdown(src, { refs: snap.refs }));

// ---- time ---------------------------------------------------------------------------------------

function time(iso: string | undefined, ctx: RenderContext): Html {
  if (!iso) return html``;
  const rel = relativeTime(iso, ctx.now, ctx.locale);
  return html`<time datetime="${iso}" title="${iso}">${absoluteTime(iso, ctx.locale)}${rel ? html` <span class="rel">(${rel})</span>` : ''}</time>`;
}

// ---- small pieces -------------------------------------------------------------------------------

const S = (ctx: RenderContext, key: keyof TicketViewStrings, ...args: (string | number)[]) => fmt(ctx.strings[key], ...args);

function stateChip(state: string | undefined, extra = ''): Html {
  const s = state ?? '?';
  return html`<span class="chip state state-${s.replace(/[^a-z_]/gi, '')}${extra}">${s}</span>`;
}

function ticketLink(id: string, snap: TicketViewSnapshot, title?: string): Html {
  const ref = snap.refs[id];
  const t = title ?? ref?.title;
  return html`<a class="md-link md-link-ticket${ref ? '' : ' md-link-missing'}" role="link" tabindex="0" data-link-kind="ticket" data-target="${id}" title="${t ? `${id} — ${t}` : id}"><code>${id}</code></a>`;
}

function fileLink(file: string, label: string, line?: number, ariaLabel?: string): Html {
  return html`<a class="md-link md-link-file" role="link" tabindex="0" data-link-kind="file" data-target="${file}"${line ? html` data-line="${line}"` : ''} title="${line ? `${file}:${line}` : file}"${ariaLabel ? html` aria-label="${ariaLabel}"` : ''}>${label}</a>`;
}

function toggleButton(key: string, expanded: boolean, labelOn: string, labelOff: string, controls: string): Html {
  return html`<button type="button" class="toggle" data-action="toggle" data-key="${key}" aria-expanded="${expanded ? 'true' : 'false'}" aria-controls="${controls}">${expanded ? labelOn : labelOff}</button>`;
}

function rawButton(key: string, ctx: RenderContext, controls: string): Html {
  const on = ctx.raw.has(key);
  return html`<button type="button" class="toggle raw-toggle" data-action="raw" data-key="${key}" aria-pressed="${on ? 'true' : 'false'}" aria-controls="${controls}">${on ? S(ctx, 'hideRaw') : S(ctx, 'showRaw')}</button>`;
}

/** A collapsible Markdown block: long ones are clipped until "Show more". */
function mdBlock(key: string, src: string, snap: TicketViewSnapshot, ctx: RenderContext, cls = ''): Html {
  const long = isLong(src);
  const open = !long || ctx.expanded.has(key);
  const id = `md-${key}`;
  return html`<div class="md ${cls}${long && !open ? ' clipped' : ''}" id="${id}">${md(src, snap)}</div>${long ? toggleButton(key, open, S(ctx, 'showLess'), S(ctx, 'showMore'), id) : ''}`;
}

function routingBadge(r: RoutingView | undefined, ctx: RenderContext): Html {
  if (!r) return html``;
  const label = ctx.strings[`routing_${r.classification}` as keyof TicketViewStrings] ?? r.classification;
  return html`<span class="chip routing routing-${r.classification}" title="${S(ctx, 'routing')}: ${r.value}">${label}<span class="routing-value"> · ${r.value}</span></span>`;
}

// ---- sections -----------------------------------------------------------------------------------

export function renderHeader(snap: TicketViewSnapshot, ctx: RenderContext): Html {
  const h = snap.header;
  const problems = snap.problems.filter((p) => p.severity !== 'info').length;
  return html`<header class="ticket-header" id="top">
  <h1 class="title">${h.title || h.id}</h1>
  <div class="meta" role="group" aria-label="${S(ctx, 'state')}">
    ${stateChip(h.state)}
    ${h.overlay ? html`<span class="chip overlay${h.overlay.ahead ? ' ahead' : ''}" title="${h.overlay.ahead ? S(ctx, 'overlayAhead') : ''}">${S(ctx, 'overlay', h.overlay.state)}</span>` : ''}
    <span class="id"><code>${h.id}</code></span>
    ${h.idTime ? html`<span class="meta-item">${S(ctx, 'created')} ${time(h.idTime, ctx)}</span>` : ''}
    ${h.updatedAt ? html`<span class="meta-item">${S(ctx, 'updated')} ${time(h.updatedAt, ctx)}</span>` : ''}
    ${problems ? html`<a class="chip problems-chip" role="link" tabindex="0" data-action="scroll" data-target="sec-problems">⚠ ${problems}</a>` : ''}
  </div>
  <dl class="fields">
    ${h.readiness !== undefined ? html`<div><dt>${S(ctx, 'readiness')}</dt><dd><span class="chip readiness${h.readinessKnown ? '' : ' unknown'}" title="${h.readinessKnown ? '' : S(ctx, 'readinessUnknown')}">${h.readiness}</span></dd></div>` : ''}
    ${h.riskFlags.length ? html`<div><dt>${S(ctx, 'riskFlags')}</dt><dd>${h.riskFlags.map((f) => html`<span class="chip flag">${f}</span> `)}</dd></div>` : ''}
    ${h.queuedBy || h.queuedAt ? html`<div><dt>${S(ctx, 'queued', h.queuedBy ?? '?')}</dt><dd>${time(h.queuedAt, ctx)}</dd></div>` : ''}
    ${h.priority ? html`<div><dt>${S(ctx, 'priority')}</dt><dd>${h.priority}</dd></div>` : ''}
    ${h.extraFields.length ? html`<div><dt>${S(ctx, 'otherFields')}</dt><dd>${h.extraFields.map((f) => html`<code>${f.key}: ${f.value}</code> `)}</dd></div>` : ''}
  </dl>
  ${snap.relations.blockers.length ? html`<p class="blockers" role="note"><strong>${S(ctx, 'blockedBy')}:</strong> ${snap.relations.blockers.map((b) => html`<span class="blocker">${ticketLink(b.ticket, snap, b.title)} ${stateChip(b.state)} <span class="via">${b.via}</span>${b.active ? '' : html` <span class="muted" title="${S(ctx, 'blockerQueued')}">✓</span>`}</span> `)}</p>` : ''}
  ${renderActions(snap, ctx)}
</header>`;
}

/** Workflow buttons by state (the host decides what is available; §4.7 projection). */
function renderActions(snap: TicketViewSnapshot, ctx: RenderContext): Html {
  const s = snap.header.state;
  const acts: [string, keyof TicketViewStrings][] = [];
  if (s === 'planning') acts.push(['markReady', 'actionMarkReady']);
  if (s === 'ready') acts.push(['queue', 'actionQueue'], ['returnToPlanning', 'actionReturn']);
  if (s === 'queued') acts.push(['accept', 'actionAccept'], ['returnToPlanning', 'actionReturn']);
  if (s === 'inprogress') acts.push(['spawn', 'actionSpawn'], ['markDone', 'actionMarkDone']);
  if (s === 'done') acts.push(['close', 'actionClose']);
  // Any ticket can take a comment (yoi appends events even after close).
  if (s) acts.push(['comment', 'actionComment']);
  if (!acts.length) return html``;
  return html`<div class="actions" role="toolbar" aria-label="${S(ctx, 'actions')}">${acts.map(([a, k]) => html`<button type="button" class="action" data-action="run" data-run="${a}">${S(ctx, k)}</button>`)}</div>`;
}

export function renderNav(snap: TicketViewSnapshot, ctx: RenderContext): Html {
  const items: [string, string, number | undefined][] = [
    ['sec-body', S(ctx, 'sectionBody'), undefined],
    ['sec-intent', S(ctx, 'sectionIntent'), snap.intent.packets.length],
    ['sec-timeline', S(ctx, 'sectionTimeline'), snap.timeline.events.length],
    ['sec-relations', S(ctx, 'sectionRelations'), snap.relations.outgoing.length + snap.relations.incoming.length],
    ['sec-plans', S(ctx, 'sectionPlans'), snap.plans.length],
    ['sec-artifacts', S(ctx, 'sectionArtifacts'), snap.artifacts.length],
    ['sec-resolution', S(ctx, 'sectionResolution'), undefined],
    ['sec-problems', S(ctx, 'sectionProblems'), snap.problems.length],
  ];
  return html`<nav class="toc" aria-label="${S(ctx, 'navLabel')}"><ul>${items.map(([id, label, n]) => html`<li><a role="link" tabindex="0" data-action="scroll" data-target="${id}">${label}${n !== undefined ? html` <span class="count">${n}</span>` : ''}</a></li>`)}</ul></nav>`;
}

function section(id: string, title: string, body: Html | string, ctx: RenderContext, count?: number): Html {
  const key = `sec-${id.replace(/^sec-/, '')}`;
  const collapsed = ctx.expanded.has(`${key}:collapsed`);
  return html`<section class="section" id="${id}" aria-labelledby="${id}-h">
  <h2 id="${id}-h"><button type="button" class="section-toggle" data-action="toggle" data-key="${key}:collapsed" aria-expanded="${collapsed ? 'false' : 'true'}" aria-controls="${id}-c">${title}${count !== undefined ? html` <span class="count">${count}</span>` : ''}</button></h2>
  <div class="section-content" id="${id}-c"${collapsed ? html` hidden` : ''}>${body}</div>
</section>`;
}

export function renderBody(snap: TicketViewSnapshot, ctx: RenderContext): Html {
  const b = snap.body;
  const outline = b.outline.length
    ? html`<nav class="outline" aria-label="${S(ctx, 'outline')}"><ul>${b.outline.map((o) => html`<li class="${o.kind ? `sec-kind sec-kind-${o.kind}` : ''}"><a role="link" tabindex="0" data-action="heading" data-line="${o.bodyLine}">${o.title}</a></li>`)}</ul></nav>`
    : '';
  const content = b.markdown.trim() ? mdBlock('body', b.markdown, snap, ctx, 'body-md') : html`<p class="empty">${S(ctx, 'emptyBody')}</p>`;
  return section('sec-body', S(ctx, 'sectionBody'), html`<div class="body-layout">${outline}<div class="body-main">${content}
  <p class="source">${fileLink(b.file, S(ctx, 'openSource'), b.startLine)}</p></div></div>`, ctx);
}

/** The coder worktree is spawned for an accepted ticket (in progress here or in the orchestration copy). */
const spawnable = (snap: TicketViewSnapshot) => snap.header.state === 'inprogress' || (snap.header.overlay?.ahead === true && snap.header.overlay.state === 'inprogress');

export function renderPacketCard(p: IntentPacketCard, index: number, snap: TicketViewSnapshot, ctx: RenderContext): Html {
  const key = `packet-${index}`;
  const rawKey = `raw-${key}`;
  const origin = p.source === 'artifact'
    ? S(ctx, 'packetFromArtifact', p.file.split(/[\\/]/).pop() ?? p.file)
    : S(ctx, 'packetFrom', ctx.strings[`kind_${p.eventKind}` as keyof TicketViewStrings] ?? p.eventKind ?? '', p.author ?? '?');
  return html`<article class="packet${p.current ? ' current' : ''}" id="${key}" aria-label="${S(ctx, 'sectionIntent')}">
  <header class="packet-head">
    ${p.current ? html`<span class="chip current">${S(ctx, 'currentPacket')}</span>` : ''}
    ${routingBadge(p.routing, ctx)}
    <span class="origin">${origin}</span> ${time(p.at, ctx)}
    ${p.eventIndex !== undefined ? html`<a class="goto" role="link" tabindex="0" data-action="focusEvent" data-index="${p.eventIndex}">${S(ctx, 'goToEvent')}</a>` : fileLink(p.file, S(ctx, 'openSource'), p.line)}
    ${rawButton(rawKey, ctx, `${key}-raw`)}
    ${p.current && spawnable(snap) ? html`<button type="button" class="action packet-spawn" data-action="run" data-run="spawn">${S(ctx, 'actionSpawn')}</button>` : ''}
  </header>
  <div class="packet-fields">${p.sections.map((s) => html`<section class="packet-field field-${s.key}">
    <h4 title="${s.label}">${ctx.strings[`packet_${s.key}` as keyof TicketViewStrings] ?? s.label}${s.label.toLowerCase() !== (ctx.strings[`packet_${s.key}` as keyof TicketViewStrings] ?? '').toLowerCase() ? html` <span class="as-written">(${s.label})</span>` : ''}</h4>
    ${mdBlock(`${key}-${s.key}`, s.markdown, snap, ctx)}
  </section>`)}</div>
  <pre class="raw" id="${key}-raw"${ctx.raw.has(rawKey) ? '' : html` hidden`}>${p.raw}</pre>
</article>`;
}

export function renderIntent(snap: TicketViewSnapshot, ctx: RenderContext): Html {
  const { packets, current, routing } = snap.intent;
  if (!packets.length) {
    return section('sec-intent', S(ctx, 'sectionIntent'), html`${routing ? html`<p>${S(ctx, 'routing')}: ${routingBadge(routing, ctx)}</p>` : ''}<p class="empty">${S(ctx, 'noPacket')}</p>`, ctx, 0);
  }
  const cur = current ?? packets.length - 1;
  const earlier = packets.map((p, i) => ({ p, i })).filter(({ i }) => i !== cur).reverse();
  const open = ctx.expanded.has('packets-earlier');
  return section('sec-intent', S(ctx, 'sectionIntent'), html`${renderPacketCard(packets[cur], cur, snap, ctx)}
  ${earlier.length ? html`<div class="earlier">${toggleButton('packets-earlier', open, S(ctx, 'earlierPackets', earlier.length), S(ctx, 'earlierPackets', earlier.length), 'packets-earlier-list')}
  <div id="packets-earlier-list"${open ? '' : html` hidden`}>${open ? earlier.map(({ p, i }) => renderPacketCard(p, i, snap, ctx)) : ''}</div></div>` : ''}`, ctx, packets.length);
}

const KIND_ICON: Record<string, string> = {
  create: '✚', migration: '⇢', state_changed: '⇄', implementation_report: '⚙', decision: '◆', review: '✔', close: '■',
  plan: '☰', intake_summary: '✎', comment: '“', item_edit: '✎',
};

/** Event header: cheap (no Markdown), rendered for every event up front. */
export function renderEventHead(e: TimelineEntry, snap: TicketViewSnapshot, ctx: RenderContext): Html {
  const kindLabel = ctx.strings[`kind_${e.kind}` as keyof TicketViewStrings] ?? (e.kind || ctx.strings.kind_other);
  const sc = e.stateChange;
  const rv = e.review;
  return html`<header class="event-head">
    <span class="kind kind-${e.kind || 'none'}" aria-hidden="true">${KIND_ICON[e.kind] ?? '•'}</span>
    <span class="kind-label">${kindLabel}</span>
    ${e.heading && e.heading !== kindLabel ? html`<span class="heading">${e.heading}</span>` : ''}
    ${sc ? html`<span class="transition">${stateChip(sc.from)} → ${stateChip(sc.to)}${sc.field !== 'state' ? html` <span class="muted">(${sc.field})</span>` : ''}${sc.reason ? html` <span class="reason" title="${S(ctx, 'reason')}">${sc.reason}</span>` : ''}</span>` : ''}
    ${rv ? html`<span class="chip verdict verdict-${rv.verdict}"${rv.source === 'result' ? html` title="${S(ctx, 'verdictLegacy')}"` : ''}>${rv.verdict === 'approve' ? S(ctx, 'verdictApprove') : rv.verdict === 'request_changes' ? S(ctx, 'verdictRequestChanges') : S(ctx, 'verdictUnknown')}</span>` : ''}
    ${routingBadge(e.routing, ctx)}
    ${e.packet !== undefined ? html`<a class="chip packet-link" role="link" tabindex="0" data-action="scroll" data-target="packet-${e.packet}">IntentPacket</a>` : ''}
    ${e.afterClose ? html`<span class="chip after-close">${S(ctx, 'afterClose')}</span>` : ''}
    ${e.problems.length ? html`<span class="chip problem-count sev-${e.problems.some((p) => p.severity === 'error') ? 'error' : 'warning'}" title="${e.problems.map((p) => p.message).join('\n')}">⚠ ${e.problems.length}</span>` : ''}
    <span class="by">${e.author ?? '?'}</span>
    ${time(e.at, ctx)}
    ${snap.timeline.file ? fileLink(snap.timeline.file, '↗', e.line, `${S(ctx, 'openSource')} (thread.md:${e.line})`) : ''}
  </header>`;
}

/** Event body (Markdown + problems); rendered lazily by the page as it scrolls into view. */
export function renderEventBody(e: TimelineEntry, snap: TicketViewSnapshot, ctx: RenderContext): Html {
  return html`${e.body.trim() ? mdBlock(`ev-${e.index}`, e.body, snap, ctx) : ''}${e.problems.length ? renderProblemList(e.problems, ctx, `ev-${e.index}`) : ''}`;
}

export function renderEvent(e: TimelineEntry, snap: TicketViewSnapshot, ctx: RenderContext, lazy = false): Html {
  return html`<article class="event kind-${e.kind || 'none'}${e.problems.length ? ' has-problems' : ''}" id="ev-${e.index}" data-index="${e.index}" aria-label="${e.kind} ${e.at ?? ''}">
  ${renderEventHead(e, snap, ctx)}
  <div class="event-body${lazy ? ' pending' : ''}" data-index="${e.index}"${lazy ? html` data-estimate="${estimateHeight(e)}"` : ''}>${lazy ? '' : renderEventBody(e, snap, ctx)}</div>
</article>`;
}

/** Rough pixel height of an event body, so lazy placeholders keep the scrollbar honest. */
export function estimateHeight(e: TimelineEntry): number {
  if (!e.body.trim() && !e.problems.length) return 0;
  const lines = Math.min(e.body.split('\n').length, isLong(e.body) ? 14 : COLLAPSE_LINES);
  return 24 + lines * 20 + e.problems.length * 28;
}

/**
 * The timeline section. With `lazy`, bodies are empty placeholders; with `limit`, only the first
 * `limit` events are rendered (the page appends the rest in chunks, `aria-busy` until done).
 */
export function renderTimeline(snap: TicketViewSnapshot, ctx: RenderContext, lazy = false, limit = Infinity): Html {
  const t = snap.timeline;
  const kinds = Object.keys(t.countsByKind).sort((a, b) => t.countsByKind[b] - t.countsByKind[a]);
  const filters = html`<div class="filters" role="toolbar" aria-label="${S(ctx, 'filterLabel')}">
    <button type="button" class="filter" data-action="filter" data-kind="" aria-pressed="true">${S(ctx, 'filterAll')} <span class="count">${t.events.length}</span></button>
    ${kinds.map((k) => html`<button type="button" class="filter" data-action="filter" data-kind="${k}" aria-pressed="false">${ctx.strings[`kind_${k}` as keyof TicketViewStrings] ?? (k || ctx.strings.kind_other)} <span class="count">${t.countsByKind[k]}</span></button>`)}
  </div>`;
  const body = t.events.length
    ? html`${filters}<div class="events" role="feed" aria-busy="${limit < t.events.length ? 'true' : 'false'}">${t.events.slice(0, limit).map((e) => renderEvent(e, snap, ctx, lazy))}</div>`
    : html`<p class="empty">${S(ctx, 'noEvents')}</p>`;
  return section('sec-timeline', S(ctx, 'sectionTimeline'), body, ctx, t.events.length);
}

function relationRow(r: RelationView, snap: TicketViewSnapshot, ctx: RenderContext): Html {
  return html`<li class="relation${r.blocking ? ' blocking' : ''}">
    <span class="rel-kind">${r.label}</span>
    ${ticketLink(r.other, snap, r.otherTitle)}
    ${r.otherExists ? html`<span class="rel-title">${r.otherTitle ?? ''}</span> ${stateChip(r.otherState)}` : html`<span class="chip missing">${S(ctx, 'missingTicket')}</span>`}
    ${r.blocking ? html`<span class="chip blocking">${S(ctx, 'blocking')}</span>` : ''}
    <span class="by">${r.author ?? ''}</span> ${time(r.at, ctx)}
    ${r.note ? html`<div class="note">${mdBlock(`rel-${r.direction}-${r.kind}-${r.other}`, r.note, snap, ctx)}</div>` : ''}
  </li>`;
}

export function renderRelations(snap: TicketViewSnapshot, ctx: RenderContext): Html {
  const { outgoing, incoming } = snap.relations;
  const n = outgoing.length + incoming.length;
  const body = n
    ? html`${outgoing.length ? html`<h3>${S(ctx, 'outgoing')}</h3><ul class="relations">${outgoing.map((r) => relationRow(r, snap, ctx))}</ul>` : ''}
    ${incoming.length ? html`<h3>${S(ctx, 'incoming')}</h3><ul class="relations">${incoming.map((r) => relationRow(r, snap, ctx))}</ul>` : ''}`
    : html`<p class="empty">${S(ctx, 'noRelations')}</p>`;
  return section('sec-relations', S(ctx, 'sectionRelations'), body, ctx, n);
}

function planRow(p: PlanRecordView, i: number, snap: TicketViewSnapshot, ctx: RenderContext): Html {
  const a = p.acceptedPlan;
  return html`<li class="plan plan-${p.kind}">
    <div class="plan-head"><span class="chip plan-kind">${p.kind}</span>
    ${p.relatedTicket ? html`<span>${S(ctx, 'planRelated')}: ${ticketLink(p.relatedTicket, snap, p.relatedTitle)} ${p.relatedTitle ?? ''}</span>` : ''}
    <span class="by">${p.author ?? ''}</span> ${time(p.at, ctx)} <span class="muted">${p.id ?? ''}</span></div>
    ${a ? html`<dl class="plan-fields">
      ${a.summary ? html`<div><dt>${S(ctx, 'planSummary')}</dt><dd>${mdBlock(`plan-${i}-summary`, a.summary, snap, ctx)}</dd></div>` : ''}
      ${a.branch ? html`<div><dt>${S(ctx, 'planBranch')}</dt><dd><code>${a.branch}</code></dd></div>` : ''}
      ${a.worktree ? html`<div><dt>${S(ctx, 'planWorktree')}</dt><dd><code>${a.worktree}</code></dd></div>` : ''}
      ${a.rolePlan ? html`<div><dt>${S(ctx, 'planRolePlan')}</dt><dd>${mdBlock(`plan-${i}-role`, a.rolePlan, snap, ctx)}</dd></div>` : ''}
    </dl>` : ''}
    ${p.note ? html`<div class="note"><strong>${S(ctx, 'planNote')}:</strong> ${mdBlock(`plan-${i}-note`, p.note, snap, ctx)}</div>` : ''}
  </li>`;
}

export function renderPlans(snap: TicketViewSnapshot, ctx: RenderContext): Html {
  const body = snap.plans.length
    ? html`<ol class="plans">${snap.plans.map((p, i) => planRow(p, i, snap, ctx))}</ol>`
    : html`<p class="empty">${S(ctx, 'noPlans')}</p>`;
  return section('sec-plans', S(ctx, 'sectionPlans'), body, ctx, snap.plans.length);
}

const formatBytes = (n: number) => (n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1048576).toFixed(1)} MB`);

export function renderArtifacts(snap: TicketViewSnapshot, ctx: RenderContext): Html {
  const body = snap.artifacts.length
    ? html`<ul class="artifacts">${snap.artifacts.map((a) => html`<li class="artifact artifact-${a.kind}">${fileLink(a.file, a.path)} <span class="muted">${formatBytes(a.bytes)}</span></li>`)}</ul>`
    : html`<p class="empty">${S(ctx, 'noArtifacts')}</p>`;
  return section('sec-artifacts', S(ctx, 'sectionArtifacts'), body, ctx, snap.artifacts.length);
}

export function renderResolution(snap: TicketViewSnapshot, ctx: RenderContext): Html {
  const r = snap.resolution;
  const body = r
    ? html`${r.legacyFrontMatter ? html`<p class="muted">${S(ctx, 'legacyFrontMatter')}</p>` : ''}${mdBlock('resolution', r.markdown, snap, ctx)}<p class="source">${fileLink(r.file, S(ctx, 'openSource'), 1)}</p>`
    : html`<p class="empty">${S(ctx, 'noResolution')}</p>`;
  return section('sec-resolution', S(ctx, 'sectionResolution'), body, ctx);
}

function renderProblemList(problems: ProblemView[], ctx: RenderContext, prefix: string): Html {
  return html`<ul class="problems">${problems.map((p, i) => {
    const key = `raw-${prefix}-${i}`;
    return html`<li class="problem sev-${p.severity}">
      <span class="sev" aria-label="${p.severity}">${p.severity === 'error' ? '⛔' : p.severity === 'warning' ? '⚠' : 'ℹ'}</span>
      <span class="message">${p.message}</span> <code class="code">${p.code}</code>
      ${fileLink(p.file, `${p.file.split(/[\\/]/).slice(-2).join('/')}:${p.line}`, p.line)}
      ${p.raw ? html`${rawButton(key, ctx, `${key}-pre`)}<pre class="raw" id="${key}-pre"${ctx.raw.has(key) ? '' : html` hidden`}>${numbered(p.raw.text, p.raw.firstLine)}</pre>` : ''}
    </li>`;
  })}</ul>`;
}

function numbered(text: string, first: number): string {
  return text.split('\n').map((l, i) => `${String(first + i).padStart(5)}  ${l}`).join('\n');
}

export function renderProblems(snap: TicketViewSnapshot, ctx: RenderContext): Html {
  const body = snap.problems.length ? renderProblemList(snap.problems, ctx, 'prob') : html`<p class="empty">${S(ctx, 'noProblems')}</p>`;
  return section('sec-problems', S(ctx, 'sectionProblems'), body, ctx, snap.problems.length);
}

/** The whole document. With `lazy`, event bodies are left for the page to fill in on scroll; `timelineLimit` see renderTimeline. */
export function renderDocument(snap: TicketViewSnapshot, ctx: RenderContext, opts: { lazy?: boolean; timelineLimit?: number } = {}): Html {
  return html`${renderHeader(snap, ctx)}${renderNav(snap, ctx)}<main class="sections">
${renderBody(snap, ctx)}
${renderIntent(snap, ctx)}
${renderTimeline(snap, ctx, opts.lazy, opts.timelineLimit)}
${renderRelations(snap, ctx)}
${renderPlans(snap, ctx)}
${renderArtifacts(snap, ctx)}
${renderResolution(snap, ctx)}
${renderProblems(snap, ctx)}
</main>`;
}
