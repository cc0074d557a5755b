/** What every provisioned plan shares with the Server that runs it. */
import type { Logger } from 'pino';
import type { Metrics } from '../metrics/metrics.ts';

export interface RuntimeServices {
  readonly logger: Logger;
  readonly metrics: Metrics;
}
