/**
 * HTTP Upgrade (WebSocket) to an upstream spoken to over HTTP/2: an h2 connection can't switch protocols, so
 * upgrade requests go through a second, HTTP/1.1-only dispatcher to the same upstream, made on first use.
 * Everything else goes through the HTTP/2 one.
 *
 * Invariant: only requests with undici's `upgrade` option ever reach the HTTP/1.1 dispatcher; close() and
 * destroy() reach both.
 */
import { Dispatcher } from 'undici';

export class UpgradeSplitDispatcher extends Dispatcher {
  readonly #main: Dispatcher;
  readonly #makeHttp1: () => Dispatcher;
  #http1: Dispatcher | null = null;

  constructor(main: Dispatcher, makeHttp1: () => Dispatcher) {
    super();
    this.#main = main;
    this.#makeHttp1 = makeHttp1;
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    if (options.upgrade === undefined || options.upgrade === null) return this.#main.dispatch(options, handler);
    return (this.#http1 ??= this.#makeHttp1()).dispatch(options, handler);
  }

  override async close(): Promise<void> {
    await Promise.all([this.#main.close(), this.#http1?.close()]);
  }

  override async destroy(): Promise<void> {
    await Promise.all([this.#main.destroy(), this.#http1?.destroy()]);
  }
}
