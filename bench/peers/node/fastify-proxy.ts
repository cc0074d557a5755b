/**
 * fastify + @fastify/http-proxy (undici underneath, through @fastify/reply-from) as a contestant, logging
 * off. `node fastify-proxy.ts PORT UPSTREAM_PORT`.
 */
import proxy from '@fastify/http-proxy';
import Fastify from 'fastify';

const [port, upstreamPort] = process.argv.slice(2).map(Number);
const app = Fastify({ logger: false, keepAliveTimeout: 75_000 });
await app.register(proxy, { upstream: `http://127.0.0.1:${upstreamPort}`, undici: { connections: 128, pipelining: 1 } });
await app.listen({ port, host: '127.0.0.1' });
