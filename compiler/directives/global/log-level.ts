/**
 * Global option `log_level debug|info|warn|error`: the level of rws's own process log.
 *
 * Invariant: one of the four levels.
 */
import type { DirectiveSpec } from '../../registry/directive.ts';
import { parseEnum } from '../../values/enum.ts';

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

export const logLevel = {
  name: 'log_level',
  summary: 'How much rws logs about itself (default info).',
  docs: [
    'The level of rws\'s own log (JSON lines on stderr: startup, reloads, upstream failures, errors). Access',
    'logs are configured per site with `log`.',
    '',
    '```',
    'log_level debug|info|warn|error',
    '```',
  ].join('\n'),
  examples: ['log_level warn'],
  scopes: ['global'],
  phase: null,
  matcher: false,
  terminal: false,
  args: [{ name: 'level', type: { kind: 'enum', values: LEVELS }, docs: '`debug`, `info` (default), `warn` or `error`.' }],
  block: null,
  codes: ['RWS3113'],
  bind(node, ctx) {
    const [arg] = node.args;
    const level = arg === undefined ? null : parseEnum(arg, ctx, LEVELS, 'log level');
    return level === null ? null : { kind: 'global', option: { kind: 'log_level', level } };
  },
} as const satisfies DirectiveSpec;
