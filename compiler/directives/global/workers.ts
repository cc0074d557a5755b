/**
 * Global option `workers <n>|auto`: how many processes serve (cluster mode). The primary compiles and hands
 * the plan to every worker; the workers share the listening sockets (runtime/cluster/).
 *
 * Invariant: a whole number from 1 to MAX_WORKERS, or `auto` (one per CPU, resolved where rws runs).
 */
import type { DirectiveSpec } from '../../registry/directive.ts';
import { parseInteger } from '../../values/int.ts';

export const MAX_WORKERS = 256;

export const workers = {
  name: 'workers',
  summary: 'How many worker processes serve requests (default 1; `auto` = one per CPU).',
  docs: [
    'With more than one worker, rws runs as a cluster: a primary process compiles the Rwsfile, starts the',
    'workers and hands each the same configuration; the workers share the listening sockets (connections',
    'are spread among them). Reloads (SIGHUP, `rws reload`, `--watch`) are compiled once, in the primary, and',
    'applied by every worker; a config with errors changes nothing. SIGTERM drains every worker. A worker',
    'that crashes is replaced (with a growing delay if it keeps crashing). The admin and metrics endpoints',
    'are served by the primary; `/metrics` sums the workers\' figures.',
    '',
    '```',
    'workers <count>|auto',
    '```',
    '',
    `- **count**: 1 (the default: one process, no primary) to ${MAX_WORKERS}; \`auto\` starts one worker per CPU.`,
  ].join('\n'),
  examples: ['workers 4', 'workers auto'],
  scopes: ['global'],
  phase: null,
  matcher: false,
  terminal: false,
  args: [{ name: 'count', type: { kind: 'string' }, docs: `A number of processes (1–${MAX_WORKERS}) or \`auto\` (one per CPU).` }],
  block: null,
  codes: ['RWS3103'],
  bind(node, ctx) {
    const [arg] = node.args;
    if (arg === undefined) return null;
    if (arg.value === 'auto') return { kind: 'global', option: { kind: 'workers', count: 'auto' } };
    if (!/^\d+$/.test(arg.value)) {
      ctx.error('RWS3103', `invalid worker count \`${arg.value}\`: expected a whole number or \`auto\``, arg.span, {
        hint: 'e.g. `workers 4`, or `workers auto` for one per CPU',
      });
      return null;
    }
    const count = parseInteger(arg, ctx, { min: 1, max: MAX_WORKERS });
    return count === null ? null : { kind: 'global', option: { kind: 'workers', count } };
  },
} as const satisfies DirectiveSpec;
