/**
 * Global option `upstream NAME { … }`: an upstream pool declared once, with its own settings, used by name
 * from any site (`reverse_proxy NAME`, split targets, mirrors).
 *
 * Invariant: the name is a word that can never be read as a host (no dots, colons or slashes); the pool's
 * settings are exactly those of an inline reverse_proxy block (POOL_SUBDIRECTIVES, one binder).
 */
import type { DirectiveSpec } from '../registry/directive.ts';
import { subdirectivesOf } from './block-lines.ts';
import { RESILIENCE_DOCS, RESILIENCE_USAGE } from './reverse-proxy-resilience.ts';
import { TRANSPORT_CODES } from './reverse-proxy-transport.ts';
import { BALANCING_DOCS, BALANCING_USAGE } from './upstream-balancing.ts';
import { POOL_NAME } from './upstream-names.ts';
import { bindPoolSettings, POOL_SUBDIRECTIVES } from './upstream-pool-settings.ts';

export const upstream = {
  name: 'upstream',
  summary: 'Declare a named upstream pool, used by `reverse_proxy NAME` in any site.',
  docs: [
    'A pool of upstream servers with its own balancing, transport, health checks, circuit breaking and retries,',
    'written once and used by name: `reverse_proxy api`. Sites that use the same pool share its connections,',
    'health state and metrics. Several `upstream` blocks may be declared; a pool nothing uses is left out',
    '(with a warning).',
    '',
    '```',
    'upstream <name> {',
    '    to <upstreams...>',
    ...BALANCING_USAGE,
    '    dynamic a <name> <port> | dynamic srv <name> { … }',
    '    transport http { … }',
    ...RESILIENCE_USAGE,
    '}',
    '```',
    '',
    '- **name**: a letter followed by letters, digits, `_` and `-` (e.g. `api`, `api_v2`), so it is never',
    '  mistaken for a host.',
    '- **to**: the upstreams, as for `reverse_proxy` (`host:port`, `http://…`, `https://…`).',
    ...BALANCING_DOCS,
    '- **dynamic**, **transport**: as in `reverse_proxy`.',
    ...RESILIENCE_DOCS,
  ].join('\n'),
  examples: [
    'upstream api {\n\tto 10.0.0.1:8080 10.0.0.2:8080 10.0.0.3:8080\n\tweights 2 1 1\n\tlb_policy least_conn\n}',
    'upstream app {\n\tto :3001 :3002\n\tlb_policy hash cookie session\n}',
    'upstream shop {\n\tto :4001 :4002\n\tsticky rws_shop {\n\t\tsecret {$STICKY_SECRET:dev-secret}\n\t\tmax_age 1h\n\t}\n}',
  ],
  scopes: ['global'],
  phase: null,
  matcher: false,
  terminal: false,
  args: [{ name: 'name', type: { kind: 'string' }, docs: 'The pool\'s name.' }],
  block: { kind: 'subdirectives', subdirectives: POOL_SUBDIRECTIVES, required: true },
  codes: [
    'RWS3701',
    'RWS3250',
    'RWS3107',
    'RWS3115',
    'RWS3113',
    'RWS3101',
    'RWS3103',
    'RWS3707',
    'RWS3708',
    'RWS3709',
    'RWS3116',
    'RWS3401',
    'RWS3402',
    'RWS3403',
    'RWS3404',
    'RWS3405',
    'RWS3406',
    'RWS3407',
    'RWS3408',
    'RWS3409',
    ...TRANSPORT_CODES,
  ],
  bind(node, ctx) {
    const [nameArg] = node.args;
    let ok = true;
    if (!POOL_NAME.test(nameArg.value)) {
      ctx.error('RWS3701', `invalid upstream pool name \`${nameArg.value}\``, nameArg.span, {
        hint: 'a pool name is a letter followed by letters, digits, `_` and `-`, e.g. `api` or `api_v2`',
      });
      ok = false;
    }
    const pool = bindPoolSettings(subdirectivesOf(node, ctx, POOL_SUBDIRECTIVES), [], nameArg.span, ctx, `upstream pool \`${nameArg.value}\``);
    if (!ok) return null;
    return { kind: 'global', option: { kind: 'upstream', name: nameArg.value, nameSpan: nameArg.span, pool } };
  },
} as const satisfies DirectiveSpec;
