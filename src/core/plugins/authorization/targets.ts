// Outbound target declarations (`[[request]]`, `[[websocket]]`) and their grants (spec §2.7, §5):
// labels, broadness, usability, "covers" and "intersects", as yoi compares them.

import { FsGrant, RequestTarget, WebSocketTarget } from '../manifest/types';

export const RUNTIME_REQUEST_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

type Target = RequestTarget | WebSocketTarget;

function methodsOf(t: Target): string[] | undefined {
  return 'methods' in t ? t.methods : undefined;
}

/** Lower-cased, without a trailing `.` and without IPv6 brackets. */
export function normalizeHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  while (h.endsWith('.')) h = h.slice(0, -1);
  return h;
}

export function isBroad(t: Target): boolean {
  return t.scheme === '*' || t.host === '*' || t.path_prefixes.length === 0;
}

/** `scheme://host[:port] METHODS paths` (request) / `scheme://host[:port] paths` (websocket), plus `[broad-…]`. */
export function targetLabel(t: Target): string {
  const methods = methodsOf(t);
  const parts = [`${t.scheme}://${t.host}${t.port !== undefined ? `:${t.port}` : ''}`];
  if (methods) parts.push(methods.length ? methods.join(',') : '*');
  parts.push(t.path_prefixes.length ? t.path_prefixes.join(',') : '*');
  if (isBroad(t)) parts.push(methods ? '[broad-request]' : '[broad-websocket]');
  return parts.join(' ');
}

/** A declaration or grant the host can use at all (spec §2.7 "host_api eligibility"). */
export function isUsableRequestTarget(t: RequestTarget): boolean {
  return t.scheme !== '' && t.host !== '' && t.methods.some((m) => RUNTIME_REQUEST_METHODS.includes(m));
}

export function isUsableWebSocketTarget(t: WebSocketTarget): boolean {
  return t.scheme !== '' && t.host !== '' && ['ws', 'wss', '*'].includes(t.scheme);
}

export function isUsableFsGrant(g: FsGrant): boolean {
  return g.root.startsWith('/') && g.operations.length > 0;
}

function sameOrWild(a: string, b: string): boolean {
  return a === '*' || b === '*' || a === b;
}

/** `outer` covers `inner`: every URL `inner` allows is allowed by `outer`. */
export function targetCovers(outer: Target, inner: Target): boolean {
  if (outer.scheme !== '*' && outer.scheme !== inner.scheme) return false;
  const oh = normalizeHost(outer.host);
  if (oh !== '*' && oh !== normalizeHost(inner.host)) return false;
  if (outer.port !== undefined && outer.port !== inner.port) return false;
  const om = methodsOf(outer);
  const im = methodsOf(inner);
  if (om && im && !im.every((m) => om.includes(m))) return false;
  if (outer.path_prefixes.length === 0) return true;
  if (inner.path_prefixes.length === 0) return false;
  return inner.path_prefixes.every((p) => outer.path_prefixes.some((g) => p.startsWith(g)));
}

/** Some URL is allowed by both. */
export function targetsIntersect(a: Target, b: Target): boolean {
  if (!sameOrWild(a.scheme, b.scheme)) return false;
  if (!sameOrWild(normalizeHost(a.host), normalizeHost(b.host))) return false;
  if (a.port !== undefined && b.port !== undefined && a.port !== b.port) return false;
  const am = methodsOf(a);
  const bm = methodsOf(b);
  if (am && bm && !am.some((m) => bm.includes(m))) return false;
  if (a.path_prefixes.length === 0 || b.path_prefixes.length === 0) return true;
  return a.path_prefixes.some((p) => b.path_prefixes.some((q) => p.startsWith(q) || q.startsWith(p)));
}

export function fsGrantLabel(g: FsGrant): string {
  return `${g.root} ${g.operations.join(',')}`;
}
