/** Diagnostic codes: RWS33xx, TLS policy (versions, ciphers, client certificates, SNI options). Merged into CODES in codes.ts. */
import type { CodeInfo } from './codes.ts';

export const TLS_POLICY_CODES = {
  RWS3301: {
    severity: 'error',
    title: 'Unknown cipher suite',
    explanation:
      '`ciphers` takes OpenSSL names (`ECDHE-ECDSA-AES128-GCM-SHA256`, `TLS_AES_128_GCM_SHA256`) or their IANA names ' +
      '(`TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256`). Only suites with forward secrecy and an AEAD or SHA-2 MAC are accepted; ' +
      'the list is in docs/directives.md under `tls`.',
  },
  RWS3302: {
    severity: 'error',
    title: 'TLS versions out of order',
    explanation: '`protocols <min> <max>`: the first version is the oldest accepted, the second the newest, so the first cannot be newer.',
  },
  RWS3303: {
    severity: 'error',
    title: 'Client authentication without trusted CAs',
    explanation:
      '`client_auth` with `mode require` or `mode verify_if_given` verifies client certificates, so it needs the CAs to trust: ' +
      '`trust_pool file ca.pem`. Only `mode request` works without one.',
  },
  RWS3304: {
    severity: 'error',
    title: 'Invalid CA bundle or CRL file',
    explanation:
      'A `trust_pool file` must be readable and hold PEM certificates (`-----BEGIN CERTIFICATE-----`); a `crl` file must hold PEM ' +
      'certificate revocation lists (`-----BEGIN X509 CRL-----`). Paths are relative to the Rwsfile\'s folder.',
  },
  RWS3305: {
    severity: 'error',
    title: 'TLS versions set twice',
    explanation: '`min_version` and `protocols` both set the oldest TLS version of a site; keep one of them.',
  },
  RWS3306: {
    severity: 'error',
    title: 'Invalid default SNI name',
    explanation: '`default_sni` takes one host name or IP address (no port, no scheme, no wildcard), normally one of the HTTPS sites\' names.',
  },
  RWS3307: {
    severity: 'warning',
    title: 'allow_sni_mismatch ignored with client_auth',
    explanation:
      'A site that asks for client certificates only takes requests on connections made for it: a connection whose SNI named ' +
      'another site never went through its certificate check. `allow_sni_mismatch` is ignored there; remove one of the two.',
  },
} as const satisfies Record<string, CodeInfo>;
