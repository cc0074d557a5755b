/**
 * The one RequestContext implementation: one class with a stable shape (every field initialised in the
 * constructor), where what most requests never read is made on first use: the request id, the vars map, the
 * matcher memo and the captures array. A `respond "ok"` allocates none of them. (The peer address is read
 * at once: a socket destroyed before the access log line is written no longer knows it.)
 */
import type { IncomingHttpHeaders } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { MatchMemo } from '../matchers/match-memo.ts';
import type { Plan, SitePlan } from '../plan/plan.ts';
import type { HttpError, NodeRequest, RequestContext, ResponseWriter, UpgradeTunnel } from './handler.ts';
import { clientIpResolver } from './client-ip.ts';
import { limitedBody } from './request-body.ts';

export interface ContextInit {
  readonly req: NodeRequest;
  readonly response: ResponseWriter;
  readonly site: SitePlan;
  readonly plan: Plan;
  /** Default: a random UUID, made when first read. */
  readonly id?: string;
  readonly scheme: 'http' | 'https';
  readonly proto: string;
  /** Default: the socket's peer address (IPv4-mapped IPv6 addresses as plain IPv4). */
  readonly remoteIp?: string;
  /** Default: the socket's peer port. */
  readonly remotePort?: number;
  readonly host: string;
  /** The Host / :authority value as received (for {hostport}). */
  readonly authority: string;
  readonly port: number;
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly originalUri: string;
  readonly headers: IncomingHttpHeaders;
  readonly maxBodyBytes: number | null;
  /** Matcher indices whose result depends on path or query: reset by uriChanged(). */
  readonly uriDependent: readonly number[];
  /**
   * Where matcher results are memoised (match-slots.ts): the plan's matcher → slot table and the site's slot
   * count. Default: one slot per matcher of the plan.
   */
  readonly matchSlots?: { readonly slotOf: Int32Array; readonly count: number };
  /** The client connection when it asked to switch protocols (listen/upgrade.ts); default null. */
  readonly upgrade?: UpgradeTunnel | null;
}

export class Context implements RequestContext {
  readonly req: NodeRequest;
  readonly response: ResponseWriter;
  readonly site: SitePlan;
  readonly plan: Plan;
  readonly start: bigint;
  readonly scheme: 'http' | 'https';
  readonly proto: string;
  /** The TCP peer. */
  readonly remoteIp: string;
  readonly remotePort: number;
  readonly host: string;
  readonly authority: string;
  readonly port: number;
  method: string;
  path: string;
  query: string;
  readonly originalUri: string;
  readonly headers: IncomingHttpHeaders;
  root: string | null = null;
  error: HttpError | null = null;
  maxBodyBytes: number | null;
  readonly upgrade: UpgradeTunnel | null;
  #id: string | null;
  #clientIp: string | null = null;
  #vars: Map<string, string> | null = null;
  #matchMemo: MatchMemo | null = null;
  readonly #matchSlotOf: Int32Array | null;
  readonly #matchSlotCount: number;
  #captures: (RegExpExecArray | null)[] | null = null;
  readonly #uriDependent: readonly number[];
  #bodyTaken = false;

  constructor(init: ContextInit) {
    this.start = process.hrtime.bigint();
    this.req = init.req;
    this.response = init.response;
    this.site = init.site;
    this.plan = init.plan;
    this.#id = init.id ?? null;
    this.scheme = init.scheme;
    this.proto = init.proto;
    const socket = init.req.socket;
    this.remoteIp = init.remoteIp ?? unmapIPv4(socket.remoteAddress ?? '');
    this.remotePort = init.remotePort ?? socket.remotePort ?? 0;
    this.host = init.host;
    this.authority = init.authority;
    this.port = init.port;
    this.method = init.method;
    this.path = init.path;
    this.query = init.query;
    this.originalUri = init.originalUri;
    this.headers = init.headers;
    this.maxBodyBytes = init.maxBodyBytes;
    this.upgrade = init.upgrade ?? null;
    this.#uriDependent = init.uriDependent;
    this.#matchSlotOf = init.matchSlots?.slotOf ?? null;
    this.#matchSlotCount = init.matchSlots?.count ?? init.plan.matchers.length;
  }

  /** Per-request id (also in the access log and error bodies). */
  get id(): string {
    return (this.#id ??= randomUUID());
  }

  get clientIp(): string {
    if (this.#clientIp === null) {
      const resolver = clientIpResolver(this.plan.global);
      this.#clientIp = resolver === null ? this.remoteIp : resolver.resolve(this.remoteIp, this.headers);
    }
    return this.#clientIp;
  }

  get vars(): Map<string, string> {
    return (this.#vars ??= new Map());
  }

  /** This request's matcher results (MatcherSet reads and writes them here). */
  get matchMemo(): MatchMemo {
    return (this.#matchMemo ??= new MatchMemo(this.#matchSlotCount, this.#matchSlotOf));
  }

  /** Regexp captures by matcher index. Sparse: only regexp matchers that matched write here. */
  get captures(): (RegExpExecArray | null)[] {
    return (this.#captures ??= []);
  }

  /**
   * Forgets matcher results that depend on the URI. Captures of earlier successful matches stay readable
   * (like Caddy, `{re.name.1}` still works after `uri strip_prefix`) until that matcher matches again.
   */
  uriChanged(): void {
    this.#matchMemo?.forget(this.#uriDependent);
  }

  body(): Readable {
    if (this.#bodyTaken) throw new Error('the request body was already taken by another handler');
    this.#bodyTaken = true;
    return limitedBody(this.req, this.maxBodyBytes);
  }
}

/** A dual-stack listener reports IPv4 peers as "::ffff:a.b.c.d": logs, placeholders and matchers see "a.b.c.d". */
function unmapIPv4(ip: string): string {
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}
