/** What every provisioned plan shares with the Server that runs it. */
import type { Logger } from 'pino';
import type { PoolRegistry } from '../handlers/proxy/pool-registry.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { CertificateManager } from '../tls/certificate-manager.ts';

export interface RuntimeServices {
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Live upstream pools, kept across reloads while a plan uses them. */
  readonly pools: PoolRegistry;
  /** Managed certificates (ACME, local CA), challenge answers and OCSP staples, kept across reloads. */
  readonly certificates: CertificateManager;
}
