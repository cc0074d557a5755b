/**
 * The cipher suites `tls { ciphers … }` accepts: OpenSSL names and their IANA names, and rws's default order.
 *
 * Invariant: every suite listed has forward secrecy (ECDHE/DHE, or TLS 1.3) and an AEAD or SHA-2 MAC; the
 * default list is Mozilla's "intermediate" (AEAD only), the same as the runtime's built-in choice.
 */

/** OpenSSL name → IANA name. TLS 1.3 suites have one name. */
export const CIPHER_SUITES: Readonly<Record<string, string>> = {
  TLS_AES_128_GCM_SHA256: 'TLS_AES_128_GCM_SHA256',
  TLS_AES_256_GCM_SHA384: 'TLS_AES_256_GCM_SHA384',
  TLS_CHACHA20_POLY1305_SHA256: 'TLS_CHACHA20_POLY1305_SHA256',
  'ECDHE-ECDSA-AES128-GCM-SHA256': 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256': 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384': 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384': 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305': 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  'ECDHE-RSA-CHACHA20-POLY1305': 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
  'DHE-RSA-AES128-GCM-SHA256': 'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256',
  'DHE-RSA-AES256-GCM-SHA384': 'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384',
  'ECDHE-ECDSA-AES128-SHA256': 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256',
  'ECDHE-RSA-AES128-SHA256': 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256',
  'ECDHE-ECDSA-AES256-SHA384': 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384',
  'ECDHE-RSA-AES256-SHA384': 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384',
};

const BY_IANA: ReadonlyMap<string, string> = new Map(Object.entries(CIPHER_SUITES).map(([openssl, iana]) => [iana, openssl]));

/** The OpenSSL name of a suite given by either name; undefined when it is not an accepted suite. */
export function cipherName(name: string): string | undefined {
  if (Object.hasOwn(CIPHER_SUITES, name)) return name;
  return BY_IANA.get(name);
}

/** Every accepted spelling (for did-you-mean). */
export function cipherSpellings(): string[] {
  return [...Object.keys(CIPHER_SUITES), ...BY_IANA.keys()];
}

/** rws's choice when a site names none: TLS 1.3 suites, then ECDHE with AEAD ciphers (Node's own list also accepts CCM8 and ARIA). */
export const DEFAULT_CIPHERS: readonly string[] = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
];
