/**
 * node-http-proxy (npm `http-proxy`) as a contestant, with a keep-alive agent to the upstream (its default is
 * whatever Node's global agent does). Idle client connections are kept 75 s, like nginx's default.
 * `node http-proxy.ts PORT UPSTREAM_PORT`.
 */
import { Agent, createServer } from 'node:http';
import httpProxy from 'http-proxy';

const [port, upstreamPort] = process.argv.slice(2).map(Number);
const agent = new Agent({ keepAlive: true, maxSockets: 128, maxFreeSockets: 128 });
const proxy = httpProxy.createProxyServer({ target: `http://127.0.0.1:${upstreamPort}`, agent });
proxy.on('error', (_err, _req, res) => {
  if ('writeHead' in res && !res.headersSent) res.writeHead(502);
  res.end();
});

createServer({ keepAliveTimeout: 75_000 }, (req, res) => proxy.web(req, res)).listen(port, '127.0.0.1');
