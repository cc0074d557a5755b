/**
 * Global option `on_demand_tls { ask <url>; interval <duration>; burst <n> }`: the gate and the rate limit of
 * on-demand certificates (sites opt in with `tls { on_demand }`).
 *
 * Invariant: returns the `certificates` option with `onDemand` filled in (defaults: no ask, 10 per minute).
 */
import type { DirectiveSpec, SubdirectiveSpec } from '../../registry/directive.ts';
import { parseDuration } from '../../values/duration.ts';
import { parseInteger } from '../../values/int.ts';
import { parseUrl } from '../../values/url.ts';
import { settingReader, subdirectivesOf } from '../block-lines.ts';

const SUBDIRECTIVES: readonly SubdirectiveSpec[] = [
  { name: 'ask', summary: 'URL asked `?domain=<name>`; only a 2xx answer allows a certificate.', args: [{ name: 'url', type: { kind: 'url' }, docs: 'An http(s) URL.' }] },
  { name: 'interval', summary: 'Rate-limit window (default 1m).', args: [{ name: 'duration', type: { kind: 'duration' }, docs: 'A duration.' }] },
  { name: 'burst', summary: 'Certificates allowed per window (default 10).', args: [{ name: 'n', type: { kind: 'int', min: 1 }, docs: 'A count.' }] },
];

export const onDemandTls = {
  name: 'on_demand_tls',
  summary: 'Gate and rate limit for certificates obtained at the first handshake (`tls { on_demand }`).',
  docs: [
    'Sites with `tls { on_demand }` get a certificate for a name the first time a client asks for it in the TLS',
    'handshake. Before ordering, rws asks `<ask>?domain=<name>`: only a 2xx answer allows it. At most `burst`',
    'certificates are ordered per `interval`, whatever the ask endpoint says.',
    '',
    '```',
    'on_demand_tls {',
    '    ask <url>',
    '    interval <duration>',
    '    burst <n>',
    '}',
    '```',
  ].join('\n'),
  examples: ['on_demand_tls {\n\task http://127.0.0.1:5555/allowed\n\tinterval 1m\n\tburst 10\n}'],
  scopes: ['global'],
  phase: null,
  matcher: false,
  terminal: false,
  args: [],
  block: { kind: 'subdirectives', subdirectives: SUBDIRECTIVES, required: true },
  codes: ['RWS3108', 'RWS3103', 'RWS3102'],
  bind(node, ctx) {
    const settings = settingReader(subdirectivesOf(node, ctx, SUBDIRECTIVES));
    const ask = settings.read<string | null>('ask', null, (a) => parseUrl(a, ctx));
    const intervalMs = settings.read('interval', 60_000, (a) => parseDuration(a, ctx));
    const burst = settings.read('burst', 10, (a) => parseInteger(a, ctx, { min: 1 }));
    if (!settings.ok) return null;
    return { kind: 'global', option: { kind: 'certificates', settings: { onDemand: { ask, intervalMs, burst } } } };
  },
} as const satisfies DirectiveSpec;
