/** Real upstream HTTP servers on 127.0.0.1:0 for tests that need a slow or echoing backend behind reverse_proxy. */
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReverseProxyHandler } from '../../../runtime/plan/plan.ts';
import { type ProxyOptions, proxyPlan } from '../handlers/fixtures/plan.ts';

const upstreams = new Set<HttpServer>();

export async function upstream(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; server: HttpServer }> {
  const server = createServer(handler);
  upstreams.add(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** Closes every upstream started by upstream(); call in afterEach. */
export async function closeUpstreams(): Promise<void> {
  const all = [...upstreams];
  upstreams.clear();
  await Promise.all(
    all.map(
      (s) =>
        new Promise<void>((resolve) => {
          s.close(() => resolve());
          s.closeAllConnections();
        }),
    ),
  );
}

/** A gate a test opens when it wants the upstream to answer. */
export function gate(): { wait: Promise<void>; open: () => void } {
  let open: () => void = () => {};
  const wait = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait, open };
}

/** A reverse_proxy handler to one upstream (`first` policy); the handler tests' proxyPlan with its defaults. */
export function proxyTo(url: string, overrides: ProxyOptions = {}): ReverseProxyHandler {
  return proxyPlan([url], { lbPolicy: 'first', ...overrides });
}
