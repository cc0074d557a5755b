/**
 * RWS5008: a port bound both on all interfaces ('') and on a specific address, which the operating system
 * refuses (port 0 excepted: each listener gets its own free port).
 *
 * Invariant: reported once per port, at the first address of the specific binding, with a note at the other.
 */
import type { Endpoint } from '../bind/bound.ts';
import type { Span } from '../diagnostics/diagnostic.ts';
import type { Check } from './check-fn.ts';

export const overlappingListeners: Check = {
  name: 'overlapping listen addresses',
  run(config, sink) {
    const wildcard = new Map<number, Endpoint>();
    const specific = new Map<number, { endpoint: Endpoint; via: readonly Span[] }>();
    for (const site of config.sites) {
      for (const endpoint of site.endpoints) {
        if (endpoint.port === 0) continue;
        if (endpoint.bindHost === '') {
          if (!wildcard.has(endpoint.port)) wildcard.set(endpoint.port, endpoint);
        } else if (!specific.has(endpoint.port)) {
          specific.set(endpoint.port, { endpoint, via: site.via });
        }
      }
    }
    for (const [port, { endpoint, via }] of specific) {
      const all = wildcard.get(port);
      if (all === undefined) continue;
      sink.report('RWS5008', 'error', `port ${port} is bound on ${endpoint.bindHost} here and on all interfaces by another site`, endpoint.address.span, {
        notes: [{ message: `\`${all.address.text}\` listens on all interfaces`, span: all.address.span }],
        hint: 'give every site on this port the same `bind` addresses, or use different ports',
      }, via);
    }
  },
};
