/**
 * The "how fast can Node go" reference: a bare reverse proxy on one undici Pool, no matching, no header
 * work, no logging (idle clients kept 75 s, like nginx). `node undici-pool-proxy.ts PORT UPSTREAM_PORT`.
 * Deliberately the 20 lines anyone would write.
 */
import { createServer } from 'node:http';
import { Pool } from 'undici';

const [port, upstreamPort] = process.argv.slice(2).map(Number);
const pool = new Pool(`http://127.0.0.1:${upstreamPort}`, { connections: 128 });

createServer({ keepAliveTimeout: 75_000 }, (req, res) => {
  const body = req.method === 'GET' || req.method === 'HEAD' ? null : req;
  pool.request({ method: req.method as 'GET', path: req.url ?? '/', headers: req.headers as Record<string, string>, body }).then(
    (up) => {
      res.writeHead(up.statusCode, up.headers);
      up.body.pipe(res);
    },
    () => {
      res.statusCode = 502;
      res.end();
    },
  );
}).listen(port, '127.0.0.1');
