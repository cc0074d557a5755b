/**
 * rws_request_duration_seconds{site} as a metric the prom-client Registry renders, built at scrape time
 * from the SiteTally buckets (prom-client's own Histogram hashes its labels on every observation).
 *
 * It has the members the Registry reads from a metric (name, type, get(), getForPromString()) and yields
 * the values prom-client's Histogram yields: cumulative `_bucket` lines with `le` first, then `_sum` and
 * `_count`, for every site that saw a request.
 */
import type { Metric } from 'prom-client';
import { DURATION_BUCKETS, type SiteTally } from './site-tally.ts';

interface HistogramValue {
  readonly metricName: string;
  readonly labels: Record<string, string | number>;
  readonly value: number;
}

export interface HistogramData {
  readonly name: string;
  readonly help: string;
  readonly type: 'histogram';
  readonly aggregator: 'sum';
  readonly values: HistogramValue[];
}

export class DurationHistogram {
  readonly name: string;
  readonly help: string;
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly tallies: () => Iterable<SiteTally>;

  constructor(name: string, help: string, tallies: () => Iterable<SiteTally>) {
    this.name = name;
    this.help = help;
    this.tallies = tallies;
  }

  /** The object to hand to Registry.registerMetric (its parameter type lists prom-client's own classes). */
  asMetric(): Metric {
    return this as unknown as Metric;
  }

  get(): Promise<HistogramData> {
    return Promise.resolve(this.collect());
  }

  getForPromString(): Promise<HistogramData> {
    return Promise.resolve(this.collect());
  }

  private collect(): HistogramData {
    const values: HistogramValue[] = [];
    const bucketName = `${this.name}_bucket`;
    for (const tally of this.tallies()) {
      const buckets = tally.buckets;
      if (buckets === null) continue;
      const site = tally.site;
      let cumulative = 0;
      for (let i = 0; i < DURATION_BUCKETS.length; i++) {
        cumulative += buckets[i];
        values.push({ metricName: bucketName, labels: { le: DURATION_BUCKETS[i], site }, value: cumulative });
      }
      values.push({ metricName: bucketName, labels: { le: '+Inf', site }, value: tally.durationCount });
      values.push({ metricName: `${this.name}_sum`, labels: { site }, value: tally.durationSum });
      values.push({ metricName: `${this.name}_count`, labels: { site }, value: tally.durationCount });
    }
    return { name: this.name, help: this.help, type: 'histogram', aggregator: 'sum', values };
  }
}
