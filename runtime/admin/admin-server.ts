/** The admin endpoint's listener (loopback TCP or unix socket). Re-created when the address changes on reload. */
import { createServer, type Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { type BoundAddress, boundAddress, closeServer, listenOn } from '../listen/bind.ts';
import type { BindAddress } from '../plan/plan.ts';
import type { AdminControl } from './admin-hooks.ts';
import { handleAdminRequest } from './admin-routes.ts';

export class AdminServer {
  readonly bind: BindAddress;
  private readonly server: HttpServer;

  private constructor(server: HttpServer, bind: BindAddress) {
    this.server = server;
    this.bind = bind;
  }

  static async start(bind: BindAddress, control: AdminControl, logger: Logger): Promise<AdminServer> {
    const server = createServer({ requireHostHeader: false });
    const overTcp = bind.kind === 'tcp';
    server.on('request', (req, res) => void handleAdminRequest(req, res, control, logger, overTcp));
    await listenOn(server, bind);
    const at = boundAddress(server);
    logger.info('host' in at ? { host: at.host, port: at.port } : { path: at.path }, 'admin listening');
    return new AdminServer(server, bind);
  }

  address(): BoundAddress {
    return boundAddress(this.server);
  }

  close(): Promise<void> {
    return closeServer(this.server);
  }
}
