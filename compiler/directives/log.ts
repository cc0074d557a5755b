/**
 * `log { output stdout|stderr|discard|file <path>; format json|console }`: the site's access log.
 *
 * Invariant: returns the site option `log` with a complete AccessLogPlan (no block = stdout, json); a file
 * path is absolute (resolved against the Rwsfile's folder).
 */
import { resolve } from 'node:path';
import type { AccessLogPlan } from '../../runtime/plan/plan.ts';
import type { BindContext, DirectiveSpec, SubdirectiveSpec } from '../registry/directive.ts';
import type { Line } from '../syntax/ast.ts';
import { parseEnum } from '../values/enum.ts';
import { argsOf, lineOf, settingReader, subdirectivesOf } from './block-lines.ts';

const OUTPUTS = ['stdout', 'stderr', 'discard', 'file'] as const;
const FORMATS = ['json', 'console'] as const;

const SUBDIRECTIVES: readonly SubdirectiveSpec[] = [
  {
    name: 'output',
    summary: 'Where log lines go (default stdout).',
    args: [
      { name: 'kind', type: { kind: 'enum', values: OUTPUTS }, docs: '`stdout`, `stderr`, `discard` or `file`.' },
      { name: 'path', type: { kind: 'path' }, docs: 'With `file`: the log file, relative to the Rwsfile\'s folder.', optional: true },
    ],
  },
  {
    name: 'format',
    summary: 'How each line is written (default json).',
    args: [{ name: 'format', type: { kind: 'enum', values: FORMATS }, docs: '`json` (one object per line) or `console` (readable text).' }],
  },
];

export const log = {
  name: 'log',
  summary: 'Write an access log line for every request.',
  docs: [
    'Logs one line per request: time, request id, client address, method, host, URI, protocol, status, bytes',
    'written and duration. Without `log` a site keeps no access log.',
    '',
    '```',
    'log {',
    '    output stdout|stderr|discard|file <path>',
    '    format json|console',
    '}',
    '```',
    '',
    '- **output**: `stdout` (default), `stderr`, `discard`, or `file <path>` (appended to; relative to the',
    '  Rwsfile\'s folder).',
    '- **format**: `json` (default), one JSON object per line, or `console`, readable text.',
  ].join('\n'),
  examples: ['log', 'log {\n\toutput file access.log\n\tformat console\n}', 'log {\n\toutput stderr\n}'],
  scopes: ['site'],
  phase: null,
  matcher: false,
  terminal: false,
  args: [],
  block: { kind: 'subdirectives', subdirectives: SUBDIRECTIVES },
  codes: ['RWS3113'],
  bind(node, ctx) {
    const sub = subdirectivesOf(node, ctx, SUBDIRECTIVES);
    const settings = settingReader(sub);
    const format = settings.read('format', 'json', (a) => parseEnum(a, ctx, FORMATS, 'log format'));
    const output = parseOutput(lineOf(sub, 'output'), ctx);
    if (output === null || !settings.ok) return null;
    const plan: AccessLogPlan = { output, format, origin: ctx.origin(node.nameSpan) };
    return { kind: 'site', option: { kind: 'log', log: plan } };
  },
} as const satisfies DirectiveSpec;

function parseOutput(line: Line | null, ctx: BindContext): AccessLogPlan['output'] | null {
  if (line === null) return { kind: 'stdout' };
  const [kindArg, pathArg] = argsOf(line);
  if (kindArg === undefined) return null;
  const kind = parseEnum(kindArg, ctx, OUTPUTS, 'log output');
  if (kind === null) return null;
  if (kind === 'file') {
    if (pathArg === undefined) {
      ctx.error('RWS3004', '`output file` needs the path of the log file', kindArg.span, { hint: 'e.g. `output file /var/log/rws/access.log`' });
      return null;
    }
    return { kind: 'file', path: resolve(ctx.baseDir, pathArg.value) };
  }
  if (pathArg !== undefined) {
    ctx.error('RWS3003', `\`output ${kind}\` takes no path`, pathArg.span, { hint: `to log to a file write \`output file ${pathArg.raw}\`` });
    return null;
  }
  return { kind };
}
