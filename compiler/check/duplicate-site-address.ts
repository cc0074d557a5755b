/**
 * RWS5001: two sites (or one site twice) claiming the same host on the same listener.
 *
 * Invariant: reported once per offending address, with a note at the address that claimed it first.
 */
import type { Endpoint } from '../bind/bound.ts';
import type { Check } from './check-fn.ts';

export const duplicateSiteAddress: Check = {
  name: 'duplicate site address',
  run(config, sink) {
    // listener key → host ('' for every host) → the endpoint that claimed it first.
    const claimed = new Map<string, Map<string, Endpoint>>();
    const reported = new Set<Endpoint['address']>();
    for (const site of config.sites) {
      for (const endpoint of site.endpoints) {
        let hosts = claimed.get(endpoint.listenerKey);
        if (hosts === undefined) {
          hosts = new Map();
          claimed.set(endpoint.listenerKey, hosts);
        }
        const host = endpoint.host ?? '';
        const first = hosts.get(host);
        if (first === undefined) {
          hosts.set(host, endpoint);
          continue;
        }
        if (reported.has(endpoint.address)) continue;
        reported.add(endpoint.address);
        const what = endpoint.host === null ? 'every host' : `\`${endpoint.host}\``;
        sink.report('RWS5001', 'error', `${what} on ${endpoint.scheme} port ${endpoint.port} is already served by another site`, endpoint.address.span, {
          notes: [{ message: `\`${first.address.text}\` claims it here`, span: first.address.span }],
          hint: 'merge the two sites, or remove this address',
        }, site.via);
      }
    }
  },
};
