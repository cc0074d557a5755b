/**
 * RWS5003: an HTTPS site nothing can issue a certificate for: a catch-all address (no host name) without
 * certificate files or on-demand TLS.
 *
 * Invariant: reported once per address that asks for https.
 */
import type { Check } from './check-fn.ts';

export const httpsWithoutTls: Check = {
  name: 'https without tls',
  run(config, sink) {
    for (const site of config.sites) {
      if (site.tls !== null) continue;
      for (const address of site.addresses) {
        if (address.scheme !== 'https') continue;
        sink.report('RWS5003', 'error', `site \`${address.text}\` is https but has no certificate`, address.span, {
          hint: 'name the host (`https://example.com`), add `tls <cert.pem> <key.pem>` or `tls { on_demand }`, or use `http://`',
        }, site.via);
      }
    }
  },
};
