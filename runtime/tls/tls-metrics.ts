/**
 * Certificate metrics in the server's registry (stable API):
 *   rws_tls_certificate_expiry_seconds{name,issuer}   gauge: seconds until the served certificate expires
 *   rws_tls_renewal_failures_total{name,issuer}       counter: failed obtain/renew attempts
 *
 * Invariant: the gauge is computed at scrape time from the certificates currently served.
 */
import { Counter, Gauge } from 'prom-client';
import type { Metrics } from '../metrics/metrics.ts';
import type { ManagedCertificate } from './managed-certificate.ts';

export class TlsMetrics {
  private readonly failures: Counter<'name' | 'issuer'>;

  constructor(metrics: Metrics, certificates: () => Iterable<ManagedCertificate>) {
    const registers = [metrics.registry];
    const expiry: Gauge<'name' | 'issuer'> = new Gauge({
      name: 'rws_tls_certificate_expiry_seconds',
      help: 'Seconds until the served managed certificate expires, by name and issuer.',
      labelNames: ['name', 'issuer'],
      registers,
      // Cluster workers each serve the same certificates: the soonest expiry is the figure (not their sum).
      aggregator: 'min',
      collect: () => {
        expiry.reset();
        const now = Date.now();
        for (const cert of certificates()) {
          const pair = cert.pair;
          if (pair !== null) expiry.set({ name: cert.name, issuer: cert.issuer.key }, Math.round((pair.facts.notAfter - now) / 1000));
        }
      },
    });
    this.failures = new Counter({ name: 'rws_tls_renewal_failures_total', help: 'Failed attempts to obtain or renew a managed certificate.', labelNames: ['name', 'issuer'], registers });
  }

  renewalFailed(cert: ManagedCertificate): void {
    this.failures.inc({ name: cert.name, issuer: cert.issuer.key });
  }
}
