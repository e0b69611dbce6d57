// `show ID`: front matter, events, relations both ways, plan records, artifacts and problems.
import { isId } from '../core/ids';
import { INVERSE_RELATION_NAME, Relation } from '../core/relations/relations';
import { readTicketDetails, TicketDetails } from '../core/store/details';
import { Overlay } from '../core/store/overlay';
import { readTicketView } from '../core/ticketView/viewModel';
import { flag, ParsedArgs, UsageError } from './args';
import { CliCommand, CliIo, EXIT, HELP_OPTION, JSON_OPTION, WORKSPACE_OPTION } from './command';
import { CLI_JSON_VERSION, json, jsonProblem, oneLine, table, termSafe, workspacePath } from './output';
import { openWorkspace } from './workspace';

const relJson = (r: Relation) => ({ ticketId: r.ticketId, kind: r.kind, target: r.target, note: r.note ?? null, author: r.author, at: r.at });

export function showTicketJson(root: string, d: TicketDetails, overlay: Overlay | undefined) {
  const s = d.summary;
  return {
    id: s.id,
    state: s.state ?? null,
    title: s.title,
    createdAt: s.createdAt ?? null,
    updatedAt: s.updatedAt ?? null,
    readiness: s.readiness ?? null,
    riskFlags: s.riskFlags,
    queuedBy: s.queuedBy ?? null,
    queuedAt: s.queuedAt ?? null,
    priority: s.priority ?? null,
    blockedBy: s.blockedBy,
    blockers: s.blockers,
    overlay: overlay ?? null,
    frontMatter: s.frontMatter,
    body: d.item?.body ?? null,
    outline: d.outline.map((o) => ({ heading: o.heading, line: o.line, section: o.section ?? null })),
    relations: { outgoing: s.relationsOut.map(relJson), incoming: s.relationsIn.map(relJson) },
    events: (d.thread?.events ?? []).map((e) => ({
      index: e.index, kind: e.kind, rawKind: e.rawKind, attrs: e.attrs, author: e.author ?? null, at: e.at ?? null,
      status: e.status ?? null, from: e.from ?? null, to: e.to ?? null, reason: e.reason ?? null, field: e.field ?? null,
      heading: e.heading ?? null, body: e.body, markerLine: e.markerLine, headingLine: e.headingLine ?? null,
      bodyStartLine: e.bodyStartLine ?? null, bodyEndLine: e.bodyEndLine ?? null, separatorLine: e.separatorLine ?? null,
    })),
    planRecords: d.planRecords.map((r) => ({ line: r.line, record: r.raw })),
    artifacts: d.artifacts,
    resolution: d.resolution ?? null,
    paths: Object.fromEntries(Object.entries(s.paths).map(([k, v]) => [k, workspacePath(root, v)])),
    problems: d.problems.map((p) => jsonProblem(root, p)),
  };
}

function human(root: string, d: TicketDetails, overlay: Overlay | undefined): string {
  const s = d.summary;
  const out: string[] = [];
  const t = (x: string) => termSafe(x);
  out.push(`${t(s.title || '(no title)')}`, '');
  out.push(`State:    ${s.state ?? '(unknown)'}${overlay ? `  (orchestration copy: ${overlay.state})` : ''}`);
  out.push(`ID:       ${s.id}`);
  if (s.createdAt) out.push(`Created:  ${t(s.createdAt)}`);
  if (s.updatedAt) out.push(`Updated:  ${t(s.updatedAt)}`);
  if (s.readiness) out.push(`Readiness: ${t(s.readiness)}`);
  if (s.riskFlags.length) out.push(`Risk flags: ${t(s.riskFlags.join(', '))}`);
  if (s.queuedBy) out.push(`Queued by: ${t(s.queuedBy)} at ${t(s.queuedAt ?? '?')}`);
  if (s.blockers.length) out.push(`Blocked by: ${s.blockers.map((b) => `${b.id} via ${b.via} (${b.state}${b.missing ? ', missing' : ''})`).join('; ')}`);
  out.push('', '## item.md front matter');
  if (d.item) out.push(...d.item.frontMatterLines.map(t));
  out.push('', '## Relations');
  if (!s.relationsOut.length && !s.relationsIn.length) out.push('(none)');
  for (const r of s.relationsOut) out.push(`${r.kind} → ${r.target}${r.note ? `  ${oneLine(r.note, 80)}` : ''}`);
  for (const r of s.relationsIn) out.push(`${INVERSE_RELATION_NAME[r.kind]} ← ${r.ticketId}${r.note ? `  ${oneLine(r.note, 80)}` : ''}`);
  out.push('', '## Orchestration plan records');
  if (!d.planRecords.length) out.push('(none)');
  for (const r of d.planRecords) {
    const detail = r.acceptedPlan?.branch ?? r.relatedTicket ?? r.note ?? '';
    out.push(`${t(r.at)}  ${t(r.kind)}  ${t(r.author)}  ${oneLine(detail, 80)}`);
  }
  out.push('', '## Artifacts');
  out.push(...(d.artifacts.length ? d.artifacts.map(t) : ['(none)']));
  out.push('', `## Events (${d.thread?.events.length ?? 0})`);
  const rows = (d.thread?.events ?? []).map((e) => {
    const extra = e.kind === 'state_changed' ? `${e.from ?? '?'} → ${e.to ?? '?'}` : e.status ?? '';
    return [String(e.index + 1), t(e.at ?? ''), t(e.kind || '(none)'), t(e.author ?? ''), t(extra), oneLine(e.heading ?? '', 60)];
  });
  if (rows.length) out.push(table(rows).trimEnd());
  out.push('', '## Resolution', d.resolution !== undefined ? t(d.resolution.trimEnd()) : '(none)');
  out.push('', `## Problems (${d.problems.length})`);
  for (const p of d.problems) out.push(`${p.severity}: ${workspacePath(root, p.file)}:${p.line}${p.column ? `:${p.column}` : ''}: ${t(p.message)} [${p.code}]`);
  if (!d.problems.length) out.push('(none)');
  return out.join('\n') + '\n';
}

export const showCommand: CliCommand = {
  name: 'show',
  summary: 'Show one ticket: front matter, events, relations, plan records, artifacts, problems',
  usage: 'show ID [--workspace DIR] [--json]',
  options: [WORKSPACE_OPTION, JSON_OPTION, HELP_OPTION],
  run(args: ParsedArgs, io: CliIo): number {
    if (args.positionals.length !== 1) throw new UsageError('show needs exactly one ticket ID');
    const id = args.positionals[0];
    const stores = openWorkspace(args, io);
    const root = stores.location.workspaceRoot;
    const d = readTicketDetails(stores.main, id);
    if (!d) {
      io.stderr(`no ticket ${termSafe(id)} in ${stores.main.root}${isId(id) ? '' : ' (not a valid ticket ID: 13 uppercase Crockford base32 characters)'}\n`);
      return EXIT.failure;
    }
    const overlay = stores.overlay.overlay(id);
    if (!flag(args, 'json')) {
      io.stdout(human(root, d, overlay));
      return EXIT.ok;
    }
    // `view` is exactly the snapshot the Ticket view page renders (src/core/ticketView/model.ts).
    const view = readTicketView(stores.main, id, { orchestration: stores.orchestration, workspaceRoot: root, language: stores.location.japanese ? 'ja' : 'en' });
    io.stdout(json({ version: CLI_JSON_VERSION, workspace: root, ticket: showTicketJson(root, d, overlay), view }));
    return EXIT.ok;
  },
};
