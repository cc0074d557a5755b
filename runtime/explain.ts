/**
 * `rws explain`: what a plan would do with one request — which listener, which site (and how the host was
 * matched), which routes match in order (and which matcher decided), and the handler chain that would run,
 * descending into subroutes. Matchers are the real compiled ones, run on a synthetic request; URI-changing
 * handlers (rewrite, uri, request headers, vars, root) are replayed so later matchers see what they would
 * see. No socket is opened and no handler that produces a response is run.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { describeHandler, describeMatcher } from './explain/describe.ts';
import { DetachedResponse } from './explain/detached-response.ts';
import { compileHeaderOps, type HeaderBag } from './handlers/header-ops.ts';
import { isTerminal } from './handlers/index.ts';
import { applyRewrite } from './handlers/rewrite.ts';
import { applyPathEdit, compileUriOp } from './handlers/uri.ts';
import { normalizeHost } from './http/host.ts';
import { Context } from './http/request-context.ts';
import { parseRequestTarget } from './http/request-target.ts';
import { MatcherSet } from './matchers/matcher-set.ts';
import type { HandlerPlan, ListenerPlan, Plan, RoutePlan, SitePlan } from './plan/plan.ts';
import { type HostMatchKind, lookupHost } from './routing/host-lookup.ts';
import { compileTemplate } from './template/compile-template.ts';

export interface ExplainRequest {
  readonly method: string;
  /** Absolute URL: scheme and port choose the listener, the host the site (unless a Host header is given). */
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly remoteIp?: string;
}

export interface ExplainMatcher {
  readonly index: number;
  readonly kind: string;
  readonly description: string;
  readonly matched: boolean;
}

export interface ExplainHandler {
  readonly kind: HandlerPlan['kind'];
  readonly description: string;
  /** Answers the request; nothing after it runs. */
  readonly terminal: boolean;
  /** What replaying it changed ("path /a → /b"), when it changes the request. */
  readonly effect: string | null;
  /** For subroutes: the nested route list. */
  readonly routes: readonly ExplainRoute[] | null;
}

export type ExplainRouteStatus = 'runs' | 'no-match' | 'group-taken' | 'not-reached';

export interface ExplainRoute {
  readonly origin: string;
  readonly group: string | null;
  readonly status: ExplainRouteStatus;
  /** Matchers evaluated, in order, up to the first that did not match. */
  readonly matchers: readonly ExplainMatcher[];
  /** The matcher that decided a no-match. */
  readonly decidedBy: ExplainMatcher | null;
  /** Handlers that would run (empty unless status is 'runs'). */
  readonly handlers: readonly ExplainHandler[];
}

export type ExplainOutcome =
  | { readonly kind: 'handler'; readonly handler: HandlerPlan['kind']; readonly description: string; readonly origin: string }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'no-listener' }
  | { readonly kind: 'no-site' }
  | { readonly kind: 'bad-request'; readonly reason: string };

export interface ExplainResult {
  readonly request: { readonly method: string; readonly scheme: 'http' | 'https'; readonly host: string; readonly port: number; readonly path: string; readonly query: string };
  readonly listener: { readonly key: string } | null;
  readonly site: { readonly index: number; readonly name: string; readonly origin: string; readonly how: HostMatchKind } | null;
  readonly routes: readonly ExplainRoute[];
  readonly outcome: ExplainOutcome;
  /** The final path and query after replayed rewrites. */
  readonly finalUri: string | null;
  readonly notes: readonly string[];
}

export function explain(plan: Plan, input: ExplainRequest): ExplainResult {
  const url = new URL(input.url);
  const scheme: 'http' | 'https' = url.protocol === 'https:' ? 'https' : 'http';
  const port = url.port === '' ? (scheme === 'https' ? 443 : 80) : Number(url.port);
  const headers: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(input.headers ?? {})) headers[name.toLowerCase()] = value;
  headers.host ??= url.host;
  const host = normalizeHost(headers.host);
  const method = input.method.toUpperCase();
  const target = parseRequestTarget(`${url.pathname}${url.search}`);
  const request = { method, scheme, host, port, path: target.kind === 'ok' ? target.path : url.pathname, query: target.kind === 'ok' ? target.query : '' };
  const notes: string[] = [];
  const base = { request, routes: [], finalUri: null, notes };

  const listener = chooseListener(plan, scheme, port, notes);
  if (listener === null) return { ...base, listener: null, site: null, outcome: { kind: 'no-listener' } };
  const found = lookupHost(listener.hosts, host);
  if (found === null) return { ...base, listener: { key: listener.key }, site: null, outcome: { kind: 'no-site' } };
  const site = listener.sites[found.site];
  const siteInfo = { index: found.site, name: site.name, origin: site.origin, how: found.how };
  if (target.kind === 'invalid') return { ...base, listener: { key: listener.key }, site: siteInfo, outcome: { kind: 'bad-request', reason: target.reason } };

  const matchers = new MatcherSet(plan.matchers);
  const ctx = syntheticContext(plan, site, matchers, { method, scheme, port, host, headers, path: target.path, query: target.query, url: `${url.pathname}${url.search}`, remoteIp: input.remoteIp ?? '127.0.0.1' });
  const walker = new Walker(plan, matchers, ctx);
  const routes = walker.routes(site.routes);
  const terminal = walker.terminal;
  if (terminal !== null && terminal.plan.kind === 'error' && site.errorRoutes !== null) notes.push('the error is handled by the site\'s handle_errors routes');
  const outcome: ExplainOutcome =
    terminal === null ? { kind: 'not-found' } : { kind: 'handler', handler: terminal.plan.kind, description: describeHandler(terminal.plan, plan.matchers, plan.pools), origin: terminal.origin };
  if (terminal === null) notes.push('no route answers: the site responds 404');
  notes.push(...walker.notes);
  return { ...base, listener: { key: listener.key }, site: siteInfo, routes, outcome, finalUri: ctx.query === '' ? ctx.path : `${ctx.path}?${ctx.query}` };
}

function chooseListener(plan: Plan, scheme: 'http' | 'https', port: number, notes: string[]): ListenerPlan | null {
  const sameScheme = plan.listeners.filter((l) => (l.tls !== null) === (scheme === 'https'));
  const exact = sameScheme.find((l) => l.bind.port === port);
  if (exact !== undefined) return exact;
  if (sameScheme.length === 1) {
    notes.push(`no ${scheme} listener on port ${port}; using the only ${scheme} listener (${sameScheme[0].key})`);
    return sameScheme[0];
  }
  return null;
}

interface Synthetic {
  readonly method: string;
  readonly scheme: 'http' | 'https';
  readonly port: number;
  readonly host: string;
  readonly headers: IncomingHttpHeaders;
  readonly path: string;
  readonly query: string;
  readonly url: string;
  readonly remoteIp: string;
}

function syntheticContext(plan: Plan, site: SitePlan, matchers: MatcherSet, s: Synthetic): Context {
  // An unconnected socket: the request object is never read from.
  const req = new IncomingMessage(new Socket());
  req.method = s.method;
  req.url = s.url;
  req.headers = s.headers;
  return new Context({
    req,
    response: new DetachedResponse(),
    site,
    plan,
    id: 'explain',
    scheme: s.scheme,
    proto: 'http/1.1',
    remoteIp: s.remoteIp,
    remotePort: 0,
    host: s.host,
    authority: s.headers.host ?? s.host,
    port: s.port,
    method: s.method,
    path: s.path,
    query: s.query,
    originalUri: s.url,
    headers: s.headers,
    maxBodyBytes: plan.global.limits.maxBodyBytes,
    uriDependent: matchers.uriDependent,
  });
}

/** Walks route lists like the route engine does, recording instead of responding. */
class Walker {
  terminal: { plan: HandlerPlan; origin: string } | null = null;
  readonly notes: string[] = [];
  private readonly plan: Plan;
  private readonly matchers: MatcherSet;
  private readonly ctx: Context;

  constructor(plan: Plan, matchers: MatcherSet, ctx: Context) {
    this.plan = plan;
    this.matchers = matchers;
    this.ctx = ctx;
  }

  routes(list: readonly RoutePlan[]): ExplainRoute[] {
    const taken = new Set<string>();
    return list.map((route) => {
      const base = { origin: route.origin, group: route.group };
      if (this.terminal !== null) return { ...base, status: 'not-reached', matchers: [], decidedBy: null, handlers: [] };
      if (route.group !== null && taken.has(route.group)) return { ...base, status: 'group-taken', matchers: [], decidedBy: null, handlers: [] };
      const evaluated: ExplainMatcher[] = [];
      for (const index of route.match) {
        const m = this.plan.matchers[index];
        const matched = this.matchers.matches(this.ctx, index);
        const entry = { index, kind: m.kind, description: describeMatcher(m, this.plan.matchers), matched };
        evaluated.push(entry);
        if (!matched) return { ...base, status: 'no-match', matchers: evaluated, decidedBy: entry, handlers: [] };
      }
      if (route.group !== null) taken.add(route.group);
      return { ...base, status: 'runs', matchers: evaluated, decidedBy: null, handlers: this.handlers(route) };
    });
  }

  private handlers(route: RoutePlan): ExplainHandler[] {
    const out: ExplainHandler[] = [];
    for (const handler of route.handlers) {
      if (this.terminal !== null) break;
      const description = describeHandler(handler, this.plan.matchers, this.plan.pools);
      if (handler.kind === 'subroute') {
        out.push({ kind: handler.kind, description, terminal: false, effect: null, routes: this.routes(handler.routes) });
        continue;
      }
      const terminal = isTerminal(handler);
      out.push({ kind: handler.kind, description, terminal, effect: this.replay(handler), routes: null });
      if (terminal) this.terminal = { plan: handler, origin: route.origin };
    }
    return out;
  }

  /** Applies handlers that only change the request, so later matchers see the same request as at runtime. */
  private replay(handler: HandlerPlan): string | null {
    const ctx = this.ctx;
    const before = ctx.query === '' ? ctx.path : `${ctx.path}?${ctx.query}`;
    switch (handler.kind) {
      case 'rewrite':
        applyRewrite(ctx, compileTemplate(handler.to)(ctx));
        break;
      case 'uri':
        applyPathEdit(ctx, compileUriOp(handler.op));
        break;
      case 'headers': {
        const ops = compileHeaderOps(handler.request);
        if (ops !== null) ops(ctx.headers as HeaderBag, ctx);
        return handler.request.length > 0 ? 'request headers edited' : null;
      }
      case 'vars':
        for (const [name, value] of Object.entries(handler.vars)) ctx.vars.set(name, compileTemplate(value)(ctx));
        return null;
      case 'root':
        ctx.root = compileTemplate(handler.path)(ctx);
        return `root = ${ctx.root}`;
      case 'try_files':
        this.notes.push('try_files depends on the files present at request time; explain does not look at the disk');
        return null;
      default:
        return null;
    }
    const after = ctx.query === '' ? ctx.path : `${ctx.path}?${ctx.query}`;
    return after === before ? null : `${before} → ${after}`;
  }
}
