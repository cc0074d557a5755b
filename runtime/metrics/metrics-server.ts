/** Serves the Prometheus text format on plan.global.metrics (address, path); everything else is 404. */
import { createServer, type Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { type BoundAddress, boundAddress, closeServer, listenOn } from '../listen/bind.ts';
import type { BindAddress } from '../plan/plan.ts';
import type { Metrics } from './metrics.ts';

/** What the endpoint renders: a server's own Metrics, or a cluster primary's sum of its workers' (runtime/cluster). */
export type MetricsSource = Pick<Metrics, 'enableDefaultMetrics' | 'render' | 'contentType'>;

export class MetricsServer {
  readonly bind: BindAddress;
  private readonly server: HttpServer;
  private path: string;

  private constructor(server: HttpServer, bind: BindAddress, path: string) {
    this.server = server;
    this.bind = bind;
    this.path = path;
  }

  static async start(bind: BindAddress, path: string, metrics: MetricsSource, logger: Logger): Promise<MetricsServer> {
    metrics.enableDefaultMetrics();
    const server = createServer({ requireHostHeader: false });
    const instance = new MetricsServer(server, bind, path);
    server.on('request', (req, res) => {
      const target = (req.url ?? '/').split('?')[0];
      if (target !== instance.path || (req.method !== 'GET' && req.method !== 'HEAD')) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`404 Not Found: metrics are at ${instance.path}\n`);
        return;
      }
      metrics.render().then(
        (text) => res.writeHead(200, { 'content-type': metrics.contentType }).end(text),
        (err: unknown) => {
          logger.error({ err }, 'metrics collection failed');
          res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('500 Internal Server Error\n');
        },
      );
    });
    await listenOn(server, bind);
    const at = boundAddress(server);
    logger.info('host' in at ? { host: at.host, port: at.port } : { path: at.path }, 'metrics listening');
    return instance;
  }

  /** The path can change on reload without re-listening. */
  setPath(path: string): void {
    this.path = path;
  }

  address(): BoundAddress {
    return boundAddress(this.server);
  }

  close(): Promise<void> {
    return closeServer(this.server);
  }
}
