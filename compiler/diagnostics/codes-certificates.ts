/**
 * Diagnostic codes of managed certificates (automatic HTTPS, ACME, the local CA, on-demand TLS): RWS36xx.
 * Merged into the one table in codes.ts.
 */
import type { CodeInfo } from './codes.ts';

export const CERTIFICATE_CODES = {
  RWS3601: {
    severity: 'error',
    title: 'Invalid ACME account email',
    explanation: 'The ACME account email (`email`, `tls <email>`) is an address like `ops@example.com`: the CA uses it for expiry notices.',
  },
  RWS3602: {
    severity: 'error',
    title: 'A wildcard certificate needs the DNS-01 challenge',
    explanation:
      'ACME CAs only validate wildcard names (`*.example.com`) through DNS-01. Configure a DNS hook: `acme_dns exec <command…>` ' +
      '(global) or `tls { dns exec <command…> }` (site), or use `tls internal` or certificate files.',
  },
  RWS3603: {
    severity: 'warning',
    title: 'On-demand TLS without an ask endpoint',
    explanation:
      'With `on_demand` and no `ask` URL, anyone who points a DNS name at this server makes it order a certificate (only the rate ' +
      'limit stops them). Set `on_demand_tls { ask <url> }`: rws asks `<url>?domain=<name>` and orders only on a 2xx answer.',
  },
  RWS3604: {
    severity: 'error',
    title: 'Not a certificate source',
    explanation:
      '`tls` takes a certificate and key file (`tls cert.pem key.pem`), the word `internal` (certificates from rws\'s local CA), ' +
      'an ACME account email (`tls ops@example.com`), or no argument at all (automatic HTTPS with the global settings).',
  },
  RWS3605: {
    severity: 'error',
    title: 'Invalid external account binding',
    explanation:
      '`acme_eab <key_id> <mac_key>`: the key id and the HMAC key your CA gave you; the HMAC key is base64url (letters, digits, `-`, `_`).',
  },
  RWS3606: {
    severity: 'error',
    title: 'Renewal window out of range',
    explanation: '`renew_window` is the fraction of a certificate\'s lifetime left when rws renews it: a number above 0 and below 1 (default 0.33).',
  },
} as const satisfies Record<string, CodeInfo>;
