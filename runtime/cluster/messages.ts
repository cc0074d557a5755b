/**
 * What the cluster's primary and workers say to each other over the IPC channel (JSON): one discriminated
 * union each way. prom-client's own metrics messages share the channel; they have `type`, not `kind`.
 */
import type { UpstreamReport } from '../handlers/proxy/upstream-metrics.ts';
import type { Plan } from '../plan/plan.ts';

export type ToWorker =
  /** Start serving this plan (the first message a worker gets). */
  | { readonly kind: 'start'; readonly plan: Plan }
  /** Reload: provision `plan`, swap it in; answer `applied` or `apply-failed` with the same id. */
  | { readonly kind: 'apply'; readonly id: number; readonly plan: Plan }
  /** Answer `upstreams` with the same id: this worker's view of its upstream pools. */
  | { readonly kind: 'report-upstreams'; readonly id: number }
  /** Drain and exit 0. */
  | { readonly kind: 'stop' };

export type FromWorker =
  | { readonly kind: 'started'; readonly pid: number }
  | { readonly kind: 'start-failed'; readonly message: string; readonly code: string | null }
  | { readonly kind: 'applied'; readonly id: number; readonly changed: boolean }
  | { readonly kind: 'apply-failed'; readonly id: number; readonly message: string }
  | { readonly kind: 'upstreams'; readonly id: number; readonly rows: readonly UpstreamReport[] };

const TO_WORKER = new Set(['start', 'apply', 'report-upstreams', 'stop']);
const FROM_WORKER = new Set(['started', 'start-failed', 'applied', 'apply-failed', 'upstreams']);

export function isToWorker(message: unknown): message is ToWorker {
  return hasKind(message) && TO_WORKER.has(message.kind);
}

export function isFromWorker(message: unknown): message is FromWorker {
  return hasKind(message) && FROM_WORKER.has(message.kind);
}

function hasKind(message: unknown): message is { kind: string } {
  return typeof message === 'object' && message !== null && typeof (message as { kind?: unknown }).kind === 'string';
}
