/**
 * The contract between the request pipeline and the handlers it runs.
 *
 * Invariant: a handler is built once per plan (at provision time) from its HandlerPlan; per request it only
 * reads the context and writes through `ctx.response`, never to the raw Node response, so response header
 * ops (`header`) and encoders (`encode`) apply to every response whoever produced it.
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { Readable, Writable } from 'node:stream';
import type { HandlerPlan, Plan, RoutePlan, SitePlan } from '../plan/plan.ts';

/** Runs the rest of the route list. */
export type Next = () => Promise<void>;

export type Handler = (ctx: RequestContext, next: Next) => Promise<void>;

/** Builds a Handler from its plan node. Called once per plan; may open resources (pools, files, regexps). */
export type HandlerFactory<P extends HandlerPlan = HandlerPlan> = (plan: P, env: ProvisionEnv) => ProvisionedHandler;

export interface ProvisionedHandler {
  readonly handle: Handler;
  /** Release resources (connection pools, watchers) after the plan is retired and drained. */
  readonly close?: () => Promise<void>;
}

/** What a handler factory may use while provisioning. */
export interface ProvisionEnv {
  readonly plan: Plan;
  /** Build nested route lists (subroute). */
  readonly buildRoutes: (routes: readonly RoutePlan[]) => Handler;
  /** The live upstream pools of Plan.pools, same indices (acquired from the server's pool registry). */
  readonly pools: readonly import('../handlers/proxy/pool.ts').UpstreamPool[];
  readonly logger: import('pino').Logger;
}

/**
 * An HTTP error raised by a handler (`throw new HttpError(502, ...)`). The site turns it into its
 * `handle_errors` routes or a built-in plain-text response.
 */
export class HttpError extends Error {
  readonly status: number;
  /** Extra detail for logs, never sent to the client. */
  readonly detail: string | undefined;
  constructor(status: number, message: string, detail?: string) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.detail = detail;
  }
}

export interface RequestContext {
  readonly req: NodeRequest;
  readonly response: ResponseWriter;
  readonly site: SitePlan;
  readonly plan: Plan;
  /** Per-request id (also in the access log and error bodies). */
  readonly id: string;
  /** process.hrtime.bigint() at arrival. */
  readonly start: bigint;
  readonly scheme: 'http' | 'https';
  /** 'http/1.1' | 'http/2' */
  readonly proto: string;
  /** The TCP peer. */
  readonly remoteIp: string;
  readonly remotePort: number;
  /**
   * The client's IP: from the configured forwarding headers when the TCP peer is a trusted proxy (global
   * `trusted_proxies`), else the peer. Computed on first read.
   */
  readonly clientIp: string;
  /** Lower-case, without port. */
  readonly host: string;
  /** The port the request arrived on. */
  readonly port: number;
  method: string;
  /** Normalised, percent-decoded path; rewrites change it. */
  path: string;
  /** Raw query string without "?" ('' if none); rewrites change it. */
  query: string;
  /** The original request-target as received. */
  readonly originalUri: string;
  /** Request headers as seen by handlers (the `header` directive's request ops edit this). Lower-case names. */
  readonly headers: IncomingHttpHeaders;
  /** Site root from `root`; null = cwd. */
  root: string | null;
  readonly vars: Map<string, string>;
  /** Set while running handle_errors routes. */
  error: HttpError | null;
  /** Body size limit for this request (null = none); `request_body` lowers it. */
  maxBodyBytes: number | null;
  /** Regexp captures by matcher index (path_regexp / header_regexp); earlier captures stay readable after a rewrite. */
  readonly captures: (RegExpExecArray | null)[];
  /**
   * Call after changing path/query (rewrite): forgets this request's memoised results of URI-dependent
   * matchers (each matcher is evaluated at most once per request per URI).
   */
  uriChanged(): void;
  /** The request body as a stream, with maxBodyBytes enforced (413 via HttpError when exceeded). */
  body(): Readable;
  /**
   * Set when the client asked to switch protocols (HTTP/1.1 `Connection: upgrade`, e.g. WebSocket) and the
   * connection may be handed over; null otherwise. Handlers that don't tunnel just answer as usual (the
   * connection then closes after the response).
   */
  readonly upgrade: UpgradeTunnel | null;
}

/** The client side of an HTTP Upgrade: what a handler needs to turn the connection into a tunnel. */
export interface UpgradeTunnel {
  /**
   * After `ctx.response.writeHead(101, …).end()`: pipes the client connection to `upstream` both ways once the
   * 101 head is out (the bytes the client sent after its request head go first). The tunnel belongs to the
   * listener from then on: a reload never closes it, shutdown does after the grace period.
   */
  open(upstream: import('node:stream').Duplex): void;
}

export type NodeRequest = import('node:http').IncomingMessage | import('node:http2').Http2ServerRequest;

/** Mutable response head passed through head hooks before it is written. */
export interface ResponseHead {
  status: number;
  /** Lower-case names. */
  headers: OutgoingHttpHeaders;
}

export interface ResponseWriter {
  /** True once the head has been written (or the connection was aborted). */
  readonly headSent: boolean;
  /** Hooks run in registration order just before the head is written (response `header` ops). */
  onHead(hook: (head: ResponseHead) => void): void;
  /**
   * Encoders: called after head hooks; may edit the head (Content-Encoding, Vary, drop Content-Length) and
   * return a Transform the body flows through, or null to leave the body alone.
   */
  addBodyTransform(factory: (head: ResponseHead) => import('node:stream').Transform | null): void;
  /** Write the head; returns the sink for body bytes. End it to finish the response. */
  writeHead(status: number, headers: OutgoingHttpHeaders): Writable;
  /** A whole response with a small body. */
  send(status: number, headers: OutgoingHttpHeaders, body: string | Buffer | null): void;
  /** Stream a body; resolves when fully written, rejects if the client went away. */
  stream(status: number, headers: OutgoingHttpHeaders, body: Readable): Promise<void>;
  /**
   * Trailer fields sent after the body (HTTP/1.1 chunked responses and HTTP/2); call after writeHead and
   * before ending the body. Fields Node rejects are dropped.
   */
  addTrailers(trailers: OutgoingHttpHeaders): void;
  /** Destroy the connection without a (further) response. */
  abort(): void;
  /** Bytes of body written so far (for the access log). */
  readonly bytesWritten: number;
  readonly status: number;
}
