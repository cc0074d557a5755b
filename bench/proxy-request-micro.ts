/**
 * Micro-benchmark of the per-request protocol work P3 added to the proxy path: the smuggling checks every
 * HTTP/1.x request goes through (runtime/listen/request-guard.ts) and the forwarding headers every proxied
 * request gets (runtime/handlers/proxy/forwarded.ts). Not part of npm test.
 *
 *   node bench/proxy-request-micro.ts [calls]
 */
import type { IncomingMessage } from 'node:http';
import type { RequestContext } from '../runtime/http/handler.ts';
import { setForwardingHeaders } from '../runtime/handlers/proxy/forwarded.ts';
import { refuseRequest } from '../runtime/listen/request-guard.ts';
import type { GlobalPlan } from '../runtime/plan/plan.ts';

const calls = Number(process.argv[2] ?? 2_000_000);
const rawHeaders = ['Host', 'api.example.com:8080', 'User-Agent', 'wrk', 'Accept', '*/*', 'Accept-Encoding', 'gzip', 'Connection', 'keep-alive'];
const req = {
  httpVersionMajor: 1,
  httpVersionMinor: 1,
  httpVersion: '1.1',
  headers: { host: 'api.example.com:8080', 'user-agent': 'wrk', accept: '*/*' },
  rawHeaders,
} as unknown as IncomingMessage;
const global = { admin: null, metrics: null, gracePeriodMs: 0, limits: {}, logLevel: 'info', trustedProxies: { ranges: ['10.0.0.0/8'], headers: ['x-forwarded-for'] } } as unknown as GlobalPlan;
const ctx = { plan: { global }, remoteIp: '127.0.0.1', scheme: 'http', proto: 'http/1.1', req } as unknown as RequestContext;

const cases: [string, () => unknown][] = [
  ['refuseRequest (HTTP/1.1, 5 headers)', () => refuseRequest(req)],
  ['setForwardingHeaders (untrusted peer)', () => setForwardingHeaders({ accept: '*/*' }, ctx, 'api.example.com:8080')],
];
for (const [name, run] of cases) {
  for (let i = 0; i < calls / 10; i++) run();
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) run();
  const ns = Number(process.hrtime.bigint() - start) / calls;
  console.log(`${name.padEnd(40)} ${ns.toFixed(1)} ns/call`);
}
