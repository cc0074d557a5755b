/**
 * RWS5003: an HTTPS site without certificate files (automatic HTTPS is not available yet).
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
          hint: 'add `tls <cert.pem> <key.pem>` to the site (automatic certificates are not available yet), or use `http://`',
        }, site.via);
      }
    }
  },
};
