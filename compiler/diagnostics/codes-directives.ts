/** Diagnostic codes: RWS31xx-RWS39xx: value types and directive-specific checks. Merged into CODES in codes.ts. */
import type { CodeInfo } from './codes.ts';

export const DIRECTIVE_CODES = {
  // --- RWS31xx argument values (compiler/values/) ------------------------------------------------------------
  RWS3101: {
    severity: 'error',
    title: 'Invalid duration',
    explanation:
      'A duration is a number followed by a unit, and units may be combined: `500ms`, `10s`, `1m30s`, `2h`, `1d`. ' +
      'Units: `ms`, `s`, `m`, `h`, `d`. A plain number is rejected (is `10` seconds or milliseconds?), except `0`. ' +
      'The longest duration is 24 days (`24d`), the limit of timers.',
  },
  RWS3102: {
    severity: 'error',
    title: 'Invalid size',
    explanation:
      'A size is a number of bytes with an optional unit: `512`, `64KB`, `64KiB`, `10MB`, `1GiB`. ' +
      'Decimal units are powers of 1000 (`KB`, `MB`, `GB`, `TB`), binary units powers of 1024 (`KiB`, `MiB`, `GiB`, `TiB`). ' +
      'Units are case-insensitive; a bare `K` or `M` is rejected because it is ambiguous.',
  },
  RWS3103: {
    severity: 'error',
    title: 'Invalid integer',
    explanation: 'The value must be a whole number written in decimal, within the range the argument allows.',
  },
  RWS3104: {
    severity: 'error',
    title: 'Invalid HTTP status code',
    explanation: 'An HTTP status code is a three-digit number from 100 to 599, e.g. `200`, `404`, `503`.',
  },
  RWS3105: {
    severity: 'error',
    title: 'Invalid port',
    explanation: 'A port is a whole number from 0 to 65535.',
  },
  RWS3106: {
    severity: 'error',
    title: 'Invalid listen address',
    explanation:
      'A listen address is `host:port`, `:port` (all interfaces), `[ipv6]:port`, or a unix socket written ' +
      '`unix//absolute/path.sock` or `unix/relative/path.sock`. IPv6 addresses must be in brackets.',
  },
  RWS3107: {
    severity: 'error',
    title: 'Invalid upstream address',
    explanation:
      'An upstream is `host:port`, `http://host:port` or `https://host:port` (default ports 80 and 443; `:port` means ' +
      'localhost). It names a server, not a resource: it may not have a path, query or credentials. To change the ' +
      'path sent upstream, use `rewrite` or `uri` before `reverse_proxy`.',
  },
  RWS3108: {
    severity: 'error',
    title: 'Invalid URL',
    explanation: 'The value must be an absolute `http://` or `https://` URL, e.g. `https://example.com/path`.',
  },
  RWS3109: {
    severity: 'error',
    title: 'Invalid regular expression',
    explanation:
      'Regular expressions use JavaScript syntax (they are compiled with `new RegExp`). Go/RE2 habits that differ: ' +
      'named groups are written `(?<name>...)`, not `(?P<name>...)`; inline flags only apply to a group: `(?i:abc)`.',
  },
  RWS3110: {
    severity: 'error',
    title: 'Invalid IP address or CIDR range',
    explanation:
      'Write an IPv4 or IPv6 address (`10.0.0.1`, `::1`) or a CIDR range (`10.0.0.0/8`, `fd00::/8`). ' +
      'The prefix length is at most 32 for IPv4 and 128 for IPv6.',
  },
  RWS3111: {
    severity: 'error',
    title: 'Invalid header field name',
    explanation:
      'A header field name is an RFC 9110 token: letters, digits and ``!#$%&\'*+-.^_`|~``, with no spaces or colons, e.g. `X-Request-Id`.',
  },
  RWS3112: {
    severity: 'error',
    title: 'Invalid media type pattern',
    explanation: 'A media type pattern is `type/subtype` or `type/*`, e.g. `application/json`, `text/*`.',
  },
  RWS3113: {
    severity: 'error',
    title: 'Unknown value',
    explanation: 'The argument takes one of a fixed list of words; the message lists them.',
  },
  RWS3114: {
    severity: 'error',
    title: 'Invalid boolean',
    explanation: 'Write `on` or `off` (`true` and `false` are accepted too).',
  },
} as const satisfies Record<string, CodeInfo>;
