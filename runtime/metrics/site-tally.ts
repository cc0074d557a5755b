/**
 * One site's request figures as plain numbers: the request path only bumps fields here (no label hashing,
 * no allocation once a method/status pair has been seen); the Prometheus metrics read them at scrape time.
 *
 * Invariant: a tally lives as long as the Metrics that made it, across reloads, so counters never go back.
 */

/** Upper bounds of rws_request_duration_seconds (prom-client's defaults), in seconds. */
export const DURATION_BUCKETS: readonly number[] = Object.freeze([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);

/** Methods counted under their own name; every other method is counted as OTHER. */
export const METHODS: readonly string[] = Object.freeze(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'CONNECT', 'TRACE', 'OTHER']);
const OTHER = METHODS.length - 1;

export class SiteTally {
  readonly site: string;
  // Both made with the first request: a plan may have thousands of sites that never see one.
  /** Requests by method and status: key = status × METHODS.length + method index. */
  requests: Map<number, number> | null = null;
  /** Observations per duration bucket (not cumulative); the last slot counts those above every bound. */
  buckets: number[] | null = null;
  durationSum = 0;
  durationCount = 0;

  constructor(site: string) {
    this.site = site;
  }

  requestDone(method: string, status: number, seconds: number): void {
    const key = status * METHODS.length + methodIndex(method);
    const requests = (this.requests ??= new Map());
    requests.set(key, (requests.get(key) ?? 0) + 1);
    let bucket = 0;
    while (bucket < DURATION_BUCKETS.length && seconds > DURATION_BUCKETS[bucket]) bucket++;
    (this.buckets ??= new Array<number>(DURATION_BUCKETS.length + 1).fill(0))[bucket]++;
    this.durationSum += seconds;
    this.durationCount++;
  }
}

/** Decodes a key of SiteTally.requests. */
export function requestKey(key: number): { method: string; code: string } {
  return { method: METHODS[key % METHODS.length], code: String(Math.floor(key / METHODS.length)) };
}

function methodIndex(method: string): number {
  switch (method) {
    case 'GET':
      return 0;
    case 'HEAD':
      return 1;
    case 'POST':
      return 2;
    case 'PUT':
      return 3;
    case 'DELETE':
      return 4;
    case 'PATCH':
      return 5;
    case 'OPTIONS':
      return 6;
    case 'CONNECT':
      return 7;
    case 'TRACE':
      return 8;
    default:
      return OTHER;
  }
}
