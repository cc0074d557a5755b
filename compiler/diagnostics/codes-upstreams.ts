/**
 * Diagnostic codes of upstream pools and traffic shaping (`upstream NAME { }`, `reverse_proxy NAME`, balancing
 * policies, sticky sessions, split, mirror): RWS37xx. Merged into the one table in codes.ts.
 */
import type { CodeInfo } from './codes.ts';

export const UPSTREAM_CODES = {
  RWS3701: {
    severity: 'error',
    title: 'Invalid upstream pool name',
    explanation:
      'A pool name (`upstream NAME { }`) starts with a letter and holds letters, digits, `_` and `-` only, e.g. `api` or `api_v2`: ' +
      'no dots or colons, so it can never be mistaken for a host.',
  },
  RWS3702: {
    severity: 'error',
    title: 'Upstream pool declared twice',
    explanation: 'Each `upstream NAME { }` block needs its own name. Rename or merge one of them.',
  },
  RWS3703: {
    severity: 'error',
    title: 'Unknown upstream pool',
    explanation:
      'When the global options declare upstream pools, a bare word without a port in `reverse_proxy`, `split` or `mirror` names a pool, and ' +
      'no pool has this name. Declare it with `upstream NAME { to … }`, fix the name, or write a host with its port (`backend:80`).',
  },
  RWS3704: {
    severity: 'warning',
    title: 'Unused upstream pool',
    explanation: 'No `reverse_proxy`, `split` or `mirror` refers to this pool, so it is left out of the configuration (no connections, no health checks).',
  },
  RWS3705: {
    severity: 'error',
    title: 'Pool setting with a named pool',
    explanation:
      'Upstreams, balancing, transport, health and retry settings belong to the pool: with `reverse_proxy NAME` (or `split`) write them in ' +
      '`upstream NAME { }`. The `reverse_proxy` block keeps only per-request settings (`header_up`, `header_down`, `flush_interval`, `mirror`).',
  },
  RWS3706: {
    severity: 'error',
    title: 'A pool name mixed with upstreams',
    explanation: '`reverse_proxy` takes either one pool name or a list of upstreams, not both.',
  },
  RWS3707: {
    severity: 'error',
    title: 'Weights do not match the upstreams',
    explanation: '`weights` gives one whole number per upstream, in the order the upstreams are listed (those on the line first, then `to`).',
  },
  RWS3708: {
    severity: 'error',
    title: 'Invalid balancing policy arguments',
    explanation:
      'Only `lb_policy hash` takes more arguments: what to hash (`header <field>`, `cookie <name>`, `query <param>` or `uri`). ' +
      'The other policies take none.',
  },
  RWS3709: {
    severity: 'error',
    title: 'Invalid cookie name',
    explanation: 'A cookie name is an RFC 6265 token: letters, digits and ``!#$%&\'*+-.^_`|~``, e.g. `rws_upstream`.',
  },
  RWS3710: {
    severity: 'error',
    title: 'Invalid traffic split',
    explanation:
      '`split { }` lists named pools with their weights (`to api_v1 90`, `to api_v2 10`), each pool once, with weights that add up to ' +
      'more than 0; a weight of 0 keeps a pool reachable only through the override header or cookie.',
  },
  RWS3711: {
    severity: 'error',
    title: 'Invalid mirror',
    explanation:
      '`mirror <pool> [<percent>]` copies a share of the requests (default `100%`) to another named pool, whose answers are discarded. ' +
      'The mirror pool must differ from the pool (or pools) the requests are served by.',
  },
} as const satisfies Record<string, CodeInfo>;
