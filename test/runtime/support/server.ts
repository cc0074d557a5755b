/** Starting a real runtime Server for a test, with its process log captured, and stopping it in cleanup. */
import pino, { type Logger } from 'pino';
import type { Plan } from '../../../runtime/plan/plan.ts';
import { Server, type ServerOptions } from '../../../runtime/server.ts';

export interface LogLine {
  readonly level: number;
  readonly msg?: string;
  readonly [key: string]: unknown;
}

export function captureLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino(
    { level: 'debug' },
    {
      write: (line: string) => {
        lines.push(JSON.parse(line) as LogLine);
      },
    },
  );
  return { logger, lines };
}

export interface Running {
  readonly server: Server;
  readonly logs: LogLine[];
  /** The bound port of a listener (the first one by default). */
  port(key?: string): number;
  /** "http://127.0.0.1:PORT" of the first listener. */
  readonly url: string;
}

const running = new Set<Server>();

export async function start(plan: Plan, options: Omit<ServerOptions, 'logger'> = {}): Promise<Running> {
  const { logger, lines } = captureLogger();
  const server = await Server.start(plan, { ...options, logger });
  running.add(server);
  const port = (key?: string): number => {
    const listeners = server.addresses().listeners;
    const found = key === undefined ? listeners[0] : listeners.find((l) => l.key === key);
    if (found === undefined) throw new Error(`no listener ${key ?? ''}`);
    return found.port;
  };
  return { server, logs: lines, port, url: `http://127.0.0.1:${port()}` };
}

/** Stops every server started by start(); call in afterEach. */
export async function stopAll(): Promise<void> {
  const servers = [...running];
  running.clear();
  await Promise.all(servers.map((s) => s.shutdown(0)));
}
