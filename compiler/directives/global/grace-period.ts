/**
 * Global option `grace_period <duration>`: how long shutdown and reload wait for requests in flight.
 *
 * Invariant: a duration in milliseconds.
 */
import type { DirectiveSpec } from '../../registry/directive.ts';
import { parseDuration } from '../../values/duration.ts';

export const gracePeriod = {
  name: 'grace_period',
  summary: 'How long shutdown and reload wait for requests in flight.',
  docs: [
    'On shutdown (SIGTERM, SIGINT, `rws stop`) and when a reload retires the old configuration, requests in',
    'flight get this long to finish before their connections are closed.',
    '',
    '```',
    'grace_period <duration>',
    '```',
    '',
    '- **duration**: e.g. `10s`, `1m`; `0` closes connections at once.',
  ].join('\n'),
  examples: ['grace_period 30s'],
  scopes: ['global'],
  phase: null,
  matcher: false,
  terminal: false,
  args: [{ name: 'duration', type: { kind: 'duration' }, docs: 'How long to wait.' }],
  block: null,
  codes: ['RWS3101'],
  bind(node, ctx) {
    const [arg] = node.args;
    const ms = arg === undefined ? null : parseDuration(arg, ctx);
    return ms === null ? null : { kind: 'global', option: { kind: 'grace_period', ms } };
  },
} as const satisfies DirectiveSpec;
