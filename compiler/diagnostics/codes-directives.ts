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
  RWS3115: {
    severity: 'warning',
    title: 'Value listed twice',
    explanation: 'The same value appears twice in a list where order or uniqueness matters (encodings, index files, upstreams). The second one has no effect; remove it.',
  },
  RWS3116: {
    severity: 'error',
    title: 'Invalid percentage',
    explanation: 'A percentage is a number from 0 to 100 followed by `%`, e.g. `20%` or `12.5%`. The `%` is required.',
  },

  // --- RWS32xx site and route directives ---------------------------------------------------------------------
  RWS3201: {
    severity: 'error',
    title: 'Invalid redirect status',
    explanation:
      '`redir` takes `301`, `302`, `303`, `307` or `308`, or a name: `permanent` (301), `temporary` (302) or `html` ' +
      '(a 200 page that redirects with a meta refresh, for clients that must see a page).',
  },
  RWS3210: {
    severity: 'error',
    title: 'Wrong arguments for a `uri` operation',
    explanation:
      'Each `uri` operation has its own arguments: `strip_prefix <prefix>`, `strip_suffix <suffix>`, ' +
      '`replace <find> <replace> [<limit>]`, `path_regexp <regexp> <replace>`.',
  },
  RWS3220: {
    severity: 'error',
    title: 'Missing header value',
    explanation:
      'Setting (`Field value`), adding (`+Field value`) and defaulting (`?Field value`) a header need a value. To delete a header write `-Field`.',
  },
  RWS3221: {
    severity: 'error',
    title: 'Unexpected header value',
    explanation:
      'A header operation got more values than it takes: `-Field` takes none, `+Field` and `?Field` take one, and `Field` takes a value or a pattern and its replacement. ' +
      'Quote values that contain spaces.',
  },
  RWS3222: {
    severity: 'error',
    title: 'Arguments and a block together',
    explanation: 'This directive is written either with its arguments on one line or with a block of lines, not both. Move the arguments into the block.',
  },
  RWS3230: {
    severity: 'error',
    title: 'Invalid variable name',
    explanation: 'Variable names are letters, digits, `_`, `-` and `.`, so that `{vars.name}` can refer to them.',
  },
  RWS3240: {
    severity: 'error',
    title: 'Misplaced status fallback',
    explanation: 'In `try_files`, a status fallback such as `=404` must be the last candidate, and there must be at least one file before it.',
  },
  RWS3250: {
    severity: 'error',
    title: 'No upstream',
    explanation: '`reverse_proxy` needs at least one upstream, on its line (`reverse_proxy 127.0.0.1:3000`) or with `to` in its block.',
  },
  RWS3251: {
    severity: 'error',
    title: 'Upstream host placeholder with several upstreams',
    explanation:
      '`{upstream_hostport}`, `{upstream_host}` and `{upstream_port}` in `header_up Host` are filled in when the file is compiled, ' +
      'so they need all upstreams to share one host and port. Write the Host value explicitly instead.',
  },
  RWS3260: {
    severity: 'error',
    title: 'Cannot read a TLS file',
    explanation:
      'The certificate or key file named by `tls` (or a CA bundle or client certificate in a reverse_proxy transport) does not exist or ' +
      'cannot be read. Paths are relative to the Rwsfile\'s folder.',
  },
  RWS3261: {
    severity: 'error',
    title: 'Invalid certificate or key',
    explanation:
      'The certificate file must hold a PEM certificate (`-----BEGIN CERTIFICATE-----`, optionally followed by its chain) ' +
      'and the key file a PEM private key (`-----BEGIN PRIVATE KEY-----`, `RSA PRIVATE KEY` or `EC PRIVATE KEY`), unencrypted.',
  },
  RWS3262: {
    severity: 'error',
    title: 'Certificate and key do not match',
    explanation: 'The private key is not the key of the certificate\'s public key. Check that the two files belong together.',
  },
  RWS3270: {
    severity: 'error',
    title: 'Invalid bind host',
    explanation: 'A bind host is an IP address (`127.0.0.1`, `::1`, `0.0.0.0`) or a host name (`localhost`), without a port.',
  },
  RWS3280: {
    severity: 'error',
    title: 'Error status out of range',
    explanation: '`error` raises an error, so its status must be a client or server error: 400 to 599.',
  },

  // --- RWS35xx reverse_proxy transport: protocols, TLS to upstreams, DNS-discovered upstreams ------------------
  RWS3501: {
    severity: 'error',
    title: 'Transport protocol does not fit the upstream scheme',
    explanation:
      '`versions h2c` is HTTP/2 without TLS, so its upstreams must be http://; `versions 2` negotiates HTTP/2 by TLS ALPN, ' +
      'so its upstreams must be https:// (or the transport must have `tls`).',
  },
  RWS3502: {
    severity: 'warning',
    title: 'TLS settings for plain-HTTP upstreams',
    explanation:
      '`tls_trust_pool`, `tls_server_name`, `tls_insecure_skip_verify` and `tls_client_auth` only apply to https:// upstreams. ' +
      'Write the upstreams with https://, or add `tls` to the transport block to dial them all with TLS.',
  },
  RWS3503: {
    severity: 'error',
    title: 'Invalid dynamic upstreams',
    explanation:
      '`dynamic a <name> <port>` looks up A/AAAA records of a DNS name and needs the port; `dynamic srv <name>` takes ports from ' +
      'the SRV records (`_service._proto.name`). Names are DNS names, not IP addresses; `resolvers` are IP addresses with an ' +
      'optional port; `refresh` is longer than 0.',
  },

  // --- RWS34xx reverse_proxy resilience: health checks, outlier detection, circuit breaking, retries ------------
  RWS3401: {
    severity: 'error',
    title: 'Invalid health check status',
    explanation:
      '`health_status` takes a status code (`200`), a class (`2xx`), or a range (`200-399`). A probe passes when the ' +
      'upstream answers with a status in it.',
  },
  RWS3402: {
    severity: 'error',
    title: 'Health check URI is not a path',
    explanation: '`health_uri` is the path (and optional query) requested on each upstream, e.g. `/healthz` or `/status?full=1`. It starts with `/`.',
  },
  RWS3403: {
    severity: 'warning',
    title: 'Health check settings without a URI',
    explanation:
      'Active health checks run only when `health_uri` (or `health_port`) is given; the other `health_*` settings alone do nothing. ' +
      'Add `health_uri /healthz` (or whatever path your upstreams answer), or remove the settings.',
  },
  RWS3404: {
    severity: 'warning',
    title: 'Health check timeout not shorter than the interval',
    explanation:
      'A probe may take as long as `health_timeout`; when that is as long as `health_interval`, a slow upstream is probed less often ' +
      'than asked (one probe per upstream at a time). Make the timeout shorter than the interval.',
  },
  RWS3405: {
    severity: 'error',
    title: 'Maximum ejection shorter than the base ejection',
    explanation:
      'In `outlier { }`, an ejection lasts `base_ejection`, doubling with each repeated ejection up to `max_ejection`, so ' +
      '`max_ejection` must be at least `base_ejection`.',
  },
  RWS3406: {
    severity: 'warning',
    title: '`max_pending` without a connection limit',
    explanation:
      'A request is pending while it waits for a connection, which only happens when connections per upstream are limited: ' +
      'set `max_connections` in `breaker { }` (or `max_conns_per_host` in `transport http { }`), otherwise `max_pending` never trips.',
  },
  RWS3407: {
    severity: 'error',
    title: 'Retry setting given twice',
    explanation:
      '`lb_retries`, `lb_try_duration` and `lb_try_interval` are short forms of `tries`, `try_duration` and `interval` in `retries { }`. ' +
      'Write each setting once, in one of the two forms.',
  },
  RWS3408: {
    severity: 'error',
    title: 'Invalid retry budget',
    explanation:
      '`budget <percent> [min <n>/s]`: retries may add at most that percentage of the recent requests, plus `n` per second, ' +
      'e.g. `budget 20% min 10/s`. The budget stops retries from multiplying the load on upstreams that are failing.',
  },
  RWS3409: {
    severity: 'warning',
    title: 'Retry conditions with no retries',
    explanation:
      'The retry conditions (`statuses`, `on_timeout`, `try_duration`, `interval`) only matter when there are retries. ' +
      'Set `tries` to 1 or more, or remove them.',
  },

  RWS3410: {
    severity: 'error',
    title: 'Passive health checks set twice',
    explanation:
      'Caddy\'s `fail_duration`, `max_fails` and `unhealthy_status` and the `outlier { }` block both configure passive health checks ' +
      '(outlier detection). Use one form.',
  },
  RWS3411: {
    severity: 'warning',
    title: 'Passive health settings without `fail_duration`',
    explanation:
      'In Caddy\'s form, passive health checks are on only when `fail_duration` is given: how long a failure is remembered and how long ' +
      'an upstream with `max_fails` failures stays out. Add it, or remove `max_fails` / `unhealthy_status`.',
  },

  // --- RWS39xx global options --------------------------------------------------------------------------------
  RWS3901: {
    severity: 'error',
    title: 'Admin endpoint not on loopback',
    explanation:
      'The admin endpoint can load a new configuration, so it may only listen on a loopback address (`127.0.0.1`, `::1`, `localhost`) ' +
      'or a unix socket. Use `admin off` to disable it.',
  },
  RWS3902: {
    severity: 'error',
    title: 'Invalid metrics path',
    explanation: 'The metrics path is an absolute URL path such as `/metrics`: it starts with `/` and has no query.',
  },
} as const satisfies Record<string, CodeInfo>;
