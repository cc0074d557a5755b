/**
 * Shadow traffic: a copy of a share of requests goes to another pool and its answer is thrown away. The copy
 * must never slow the real request: the request body is tee'd so that the real upstream's reads pace the
 * client (the mirror only gets what flows past), a mirror whose copy falls more than MIRROR_BUFFER_BYTES
 * behind is cut off, and beyond MIRROR_MAX_IN_FLIGHT copies at once new ones are not made.
 *
 * Invariant: nothing the mirror does (slow, failing, refusing, never answering) changes the status, body,
 * timing or errors the client sees; every copy ends (answer read and discarded, or aborted).
 */
import { PassThrough, type Readable } from 'node:stream';
import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import type { RequestContext } from '../../http/handler.ts';
import type { MirrorPlan } from '../../plan/plan.ts';
import type { ApplyHeaderOps } from '../header-ops.ts';
import { requestHasBody } from './exchange.ts';
import type { UpstreamPool } from './pool.ts';
import { clientHostHeader, upstreamHeaders, upstreamTarget } from './upstream-request.ts';

/** Copies in flight per handler before new ones are dropped. */
export const MIRROR_MAX_IN_FLIGHT = 64;
/** How far a copy's body may fall behind the real request's before the copy is cut off. */
export const MIRROR_BUFFER_BYTES = 1 << 20;

export class RequestMirror {
  readonly #pool: UpstreamPool;
  readonly #share: number;
  readonly #headersUp: ApplyHeaderOps | null;
  readonly #hostHeader: ((ctx: RequestContext) => string) | null;
  readonly #logger: Logger;
  /** Copies in flight, to abort when the handler is closed (a mirror that never answers must not hold a reload up). */
  readonly #copies = new Set<AbortController>();
  /** Copies not made (over the in-flight cap) or cut off (too far behind); for tests and logs. */
  dropped = 0;

  constructor(plan: MirrorPlan, pool: UpstreamPool, headersUp: ApplyHeaderOps | null, hostHeader: ((ctx: RequestContext) => string) | null, logger: Logger) {
    this.#pool = pool;
    this.#share = plan.percent / 100;
    this.#headersUp = headersUp;
    this.#hostHeader = hostHeader;
    this.#logger = logger;
  }

  /**
   * Maybe sends a copy of this request. Returns the body the real request must read instead of ctx.body()
   * when the copy takes a share of it (undefined: read ctx.body() as usual).
   */
  copy(ctx: RequestContext): Readable | null | undefined {
    if (this.#share < 1 && Math.random() >= this.#share) return undefined;
    if (ctx.upgrade !== null) return undefined;
    if (this.#copies.size >= MIRROR_MAX_IN_FLIGHT) {
      this.dropped++;
      return undefined;
    }
    const upstream = this.#pool.pick(ctx, []);
    if (upstream === null) return undefined;
    const hasBody = requestHasBody(ctx);
    let primary: Readable | null | undefined;
    let copyBody: PassThrough | null = null;
    if (hasBody) {
      const tee = teeBody(ctx.body(), () => this.dropped++);
      primary = tee.primary;
      copyBody = tee.copy;
    }
    const headers = upstreamHeaders(ctx, this.#hostHeader?.(ctx) ?? clientHostHeader(ctx) ?? upstream.hostPort);
    this.#headersUp?.(headers, ctx);
    const abort = new AbortController();
    this.#copies.add(abort);
    upstream.inFlight++;
    const done = (): void => {
      this.#copies.delete(abort);
      upstream.inFlight--;
    };
    const options: Dispatcher.RequestOptions = {
      method: ctx.method as Dispatcher.HttpMethod,
      path: upstreamTarget(ctx),
      headers: headers as Record<string, string | string[]>,
      body: copyBody,
      signal: abort.signal,
    };
    upstream.dispatcher.request(options).then(
      (res) => res.body.dump().finally(done),
      (err: unknown) => {
        done();
        this.#logger.debug({ mirror: this.#pool.name, upstream: upstream.origin, requestId: ctx.id, err: String(err) }, 'mirrored request failed');
      },
    );
    return primary;
  }

  /** Aborts the copies still in flight. */
  close(): void {
    for (const copy of this.#copies) copy.abort();
    this.#copies.clear();
  }
}

/**
 * Splits `source` into the real request's body (which paces the client: `source` pauses while it is full)
 * and the copy's (which gets what flows past; destroyed when it falls MIRROR_BUFFER_BYTES behind).
 */
function teeBody(source: Readable, onCut: () => void): { primary: PassThrough; copy: PassThrough } {
  const primary = new PassThrough();
  const copy = new PassThrough();
  let copying = true;
  const cut = (): void => {
    if (!copying) return;
    copying = false;
    onCut();
    copy.destroy(new Error('mirror fell behind'));
  };
  copy.on('error', () => {
    copying = false;
  });
  source.on('data', (chunk: Buffer) => {
    if (!primary.write(chunk)) source.pause();
    if (!copying) return;
    if (copy.writableLength > MIRROR_BUFFER_BYTES) cut();
    else copy.write(chunk);
  });
  primary.on('drain', () => source.resume());
  source.on('end', () => {
    primary.end();
    if (copying) copy.end();
  });
  source.on('error', (err) => {
    primary.destroy(err);
    if (copying) copy.destroy(err);
  });
  // The real request gave up (client gone, upstream failed): stop reading for it, and end the copy too.
  primary.on('close', () => {
    if (!source.readableEnded) {
      source.destroy();
      if (copying) copy.destroy(new Error('request body abandoned'));
    }
  });
  return { primary, copy };
}
