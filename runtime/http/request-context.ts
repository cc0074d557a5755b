/**
 * The one RequestContext implementation: built once per request with every field initialised in the
 * constructor (a stable object shape), `null` for features that are off.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { Plan, SitePlan } from '../plan/plan.ts';
import type { HttpError, NodeRequest, RequestContext, ResponseWriter } from './handler.ts';
import { limitedBody } from './request-body.ts';

export interface ContextInit {
  readonly req: NodeRequest;
  readonly response: ResponseWriter;
  readonly site: SitePlan;
  readonly plan: Plan;
  readonly id: string;
  readonly scheme: 'http' | 'https';
  readonly proto: string;
  readonly remoteIp: string;
  readonly remotePort: number;
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
}

export class Context implements RequestContext {
  readonly req: NodeRequest;
  readonly response: ResponseWriter;
  readonly site: SitePlan;
  readonly plan: Plan;
  readonly id: string;
  readonly start: bigint;
  readonly scheme: 'http' | 'https';
  readonly proto: string;
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
  readonly vars: Map<string, string> = new Map();
  error: HttpError | null = null;
  maxBodyBytes: number | null;
  readonly matchCache: Uint8Array;
  readonly captures: (RegExpExecArray | null)[];
  private readonly uriDependent: readonly number[];
  private bodyTaken = false;

  constructor(init: ContextInit) {
    this.start = process.hrtime.bigint();
    this.req = init.req;
    this.response = init.response;
    this.site = init.site;
    this.plan = init.plan;
    this.id = init.id;
    this.scheme = init.scheme;
    this.proto = init.proto;
    this.remoteIp = init.remoteIp;
    this.remotePort = init.remotePort;
    this.host = init.host;
    this.authority = init.authority;
    this.port = init.port;
    this.method = init.method;
    this.path = init.path;
    this.query = init.query;
    this.originalUri = init.originalUri;
    this.headers = init.headers;
    this.maxBodyBytes = init.maxBodyBytes;
    this.matchCache = new Uint8Array(init.plan.matchers.length);
    // Sparse: only regexp matchers that matched write here (a plan may have thousands of matchers).
    this.captures = [];
    this.uriDependent = init.uriDependent;
  }

  /**
   * Forgets matcher results that depend on the URI. Captures of earlier successful matches stay readable
   * (like Caddy, `{re.name.1}` still works after `uri strip_prefix`) until that matcher matches again.
   */
  uriChanged(): void {
    const cache = this.matchCache;
    for (const i of this.uriDependent) cache[i] = 0;
  }

  body(): Readable {
    if (this.bodyTaken) throw new Error('the request body was already taken by another handler');
    this.bodyTaken = true;
    return limitedBody(this.req, this.maxBodyBytes);
  }
}
