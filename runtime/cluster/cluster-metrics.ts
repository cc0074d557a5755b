/**
 * The primary's /metrics: every worker's registry, summed (prom-client's AggregatorRegistry asks each worker
 * over the IPC channel; counters, histograms and the connection gauge add up).
 */
import { AggregatorRegistry } from 'prom-client';
import type { MetricsSource } from '../metrics/metrics-server.ts';

export class ClusterMetrics implements MetricsSource {
  readonly #registry = new AggregatorRegistry();

  /** The workers collect their own process metrics (they are the ones serving). */
  enableDefaultMetrics(): void {}

  render(): Promise<string> {
    return this.#registry.clusterMetrics();
  }

  get contentType(): string {
    return this.#registry.contentType;
  }
}
