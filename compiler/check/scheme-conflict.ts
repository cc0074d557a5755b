/**
 * RWS5002: HTTP and HTTPS sites on the same port (port 0 excepted: every listener gets its own free port).
 *
 * Invariant: the first scheme seen on a port wins; each address on the other scheme is reported once.
 */
import type { Endpoint } from '../bind/bound.ts';
import type { Check } from './check-fn.ts';

export const schemeConflict: Check = {
  name: 'http and https on one port',
  run(config, sink) {
    const byPort = new Map<number, Endpoint>();
    const reported = new Set<Endpoint['address']>();
    for (const site of config.sites) {
      for (const endpoint of site.endpoints) {
        if (endpoint.port === 0) continue;
        const first = byPort.get(endpoint.port);
        if (first === undefined) {
          byPort.set(endpoint.port, endpoint);
        } else if (first.scheme !== endpoint.scheme && !reported.has(endpoint.address)) {
          reported.add(endpoint.address);
          sink.report('RWS5002', 'error', `port ${endpoint.port} cannot serve both ${first.scheme} and ${endpoint.scheme}`, endpoint.address.span, {
            notes: [{ message: `\`${first.address.text}\` is ${first.scheme} on port ${endpoint.port}`, span: first.address.span }],
            hint: endpoint.scheme === 'https' ? 'give this site another port, or remove its `tls`' : 'give this site another port, e.g. `http://example.com:8080`',
          }, site.via);
        }
      }
    }
  },
};
