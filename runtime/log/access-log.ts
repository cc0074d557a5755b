/**
 * Per-site access log: one line per request, JSON or a readable console line, to stdout / stderr / a file
 * through pino's sonic-boom destinations; `discard` provisions nothing.
 *
 * JSON lines are serialised here (a flat object with a fixed key order) rather than through a pino logger:
 * pino would add its own level/time keys, and the fields below are the whole, stable format.
 */
import type { AccessLogPlan } from '../plan/plan.ts';
import { acquireDestination, type Destination } from './destinations.ts';

/** One access log line. Field names are stable API (log pipelines parse them). */
export interface AccessEntry {
  /** ISO 8601 time the request arrived. */
  readonly ts: string;
  readonly id: string;
  /** The TCP peer. */
  readonly remote_ip: string;
  /** The client behind trusted proxies (`trusted_proxies`); the peer otherwise. */
  readonly client_ip: string;
  readonly method: string;
  readonly host: string;
  /** The request-target as received. */
  readonly uri: string;
  readonly proto: string;
  /** 0 when the connection was closed without a response. */
  readonly status: number;
  /** Response body bytes written. */
  readonly size: number;
  readonly duration_ms: number;
  readonly user_agent: string;
  readonly site: string;
}

export class AccessLog {
  private readonly destination: Destination;
  private readonly format: AccessLogPlan['format'];

  private constructor(destination: Destination, format: AccessLogPlan['format']) {
    this.destination = destination;
    this.format = format;
  }

  /** null for `discard`: the pipeline then skips access logging entirely. */
  static async open(plan: AccessLogPlan): Promise<AccessLog | null> {
    const output = plan.output;
    switch (output.kind) {
      case 'discard':
        return null;
      case 'stdout':
        return new AccessLog(await acquireDestination({ kind: 'fd', fd: 1 }), plan.format);
      case 'stderr':
        return new AccessLog(await acquireDestination({ kind: 'fd', fd: 2 }), plan.format);
      case 'file':
        return new AccessLog(await acquireDestination({ kind: 'file', path: output.path }), plan.format);
      default:
        return unreachable(output);
    }
  }

  write(entry: AccessEntry): void {
    this.destination.write(this.format === 'json' ? `${JSON.stringify(entry)}\n` : consoleLine(entry));
  }

  close(): Promise<void> {
    return this.destination.release();
  }
}

/** `2025-01-02T03:04:05.678Z 127.0.0.1 "GET /x HTTP/1.1" 200 12B 1.3ms host=a.test site="a.test" id=… ua="curl/8"` */
function consoleLine(e: AccessEntry): string {
  const proto = e.proto === 'http/2' ? 'HTTP/2' : 'HTTP/1.1';
  return `${e.ts} ${e.remote_ip} "${e.method} ${e.uri} ${proto}" ${e.status} ${e.size}B ${e.duration_ms}ms host=${e.host} site=${JSON.stringify(e.site)} id=${e.id} ua=${JSON.stringify(e.user_agent)}\n`;
}

function unreachable(value: never): never {
  throw new Error(`unknown access log output ${JSON.stringify(value)}`);
}
