/**
 * `file_server [matcher] [browse] { ... }`: serve static files from the root.
 *
 * Invariant: emits one FileServerHandler with every field set (defaults: index.html index.htm, no
 * precompressed files, nothing extra hidden, no pass_thru, normal status).
 */
import type { FileServerHandler } from '../../runtime/plan/plan.ts';
import type { DirectiveSpec, SubdirectiveSpec } from '../registry/directive.ts';
import { parseEnum } from '../values/enum.ts';
import { parseStatus } from '../values/status.ts';
import { allArgsOf, argsOf, lineOf, parseList, subdirectivesOf } from './block-lines.ts';

const ENCODINGS = ['br', 'zstd', 'gzip'] as const;

const SUBDIRECTIVES: readonly SubdirectiveSpec[] = [
  { name: 'root', summary: 'Serve from this folder instead of the request\'s root.', args: [{ name: 'path', type: { kind: 'path' }, docs: 'Folder; relative to the Rwsfile\'s folder.' }] },
  {
    name: 'index',
    summary: 'Files to serve for a directory, in order.',
    args: [{ name: 'files', type: { kind: 'string' }, docs: 'File names tried in order.', variadic: true }],
  },
  { name: 'browse', summary: 'List directories that have no index file.', args: [] },
  {
    name: 'precompressed',
    summary: 'Serve precompressed siblings (.br, .zst, .gz) when the client accepts them.',
    args: [{ name: 'formats', type: { kind: 'enum', values: ENCODINGS }, docs: 'br, zstd, gzip, in preference order; none = all three.', optional: true, variadic: true }],
  },
  {
    name: 'hide',
    summary: 'Never serve files matching these globs.',
    args: [{ name: 'globs', type: { kind: 'string' }, docs: 'Globs relative to the root, or absolute paths.', variadic: true }],
    repeatable: true,
  },
  { name: 'pass_thru', summary: 'Continue with the next routes when the file does not exist, instead of answering 404.', args: [] },
  { name: 'status', summary: 'Answer with this status instead of 200 (e.g. for an error page).', args: [{ name: 'code', type: { kind: 'status' }, docs: 'HTTP status code.' }] },
];

export const fileServer = {
  name: 'file_server',
  summary: 'Serve static files from the root.',
  docs: [
    'Serves the file at the request path under the root (set by `root`, or the current working directory). It',
    'answers `GET` and `HEAD` with `ETag`, `Last-Modified`, conditional requests (304) and byte ranges (206);',
    'a directory is served through its index file. Dotfiles are never served. A missing file is a 404 (an error',
    'that `handle_errors` can turn into a page), unless `pass_thru` is set.',
    '',
    '```',
    'file_server [<matcher>] [browse] {',
    '    root <path>',
    '    index <files...>',
    '    browse',
    '    precompressed [br|zstd|gzip...]',
    '    hide <globs...>',
    '    pass_thru',
    '    status <code>',
    '}',
    '```',
    '',
    '- **browse**: list the contents of directories that have no index file.',
    '- **root**: serve from this folder instead of the request\'s root.',
    '- **index**: file names to try for a directory; default `index.html index.htm`.',
    '- **precompressed**: look for `file.br`, `file.zst`, `file.gz` next to the file and send one the client',
    '  accepts, in the order given; with no formats, `br zstd gzip`. Off by default.',
    '- **hide**: globs (relative to the root, or absolute) that are never served, as if they did not exist.',
    '- **pass_thru**: when the file does not exist, continue with the following routes instead of answering 404.',
    '- **status**: answer with this status instead of 200, e.g. to serve a custom error page.',
  ].join('\n'),
  examples: [
    'root ./public\nfile_server',
    'file_server browse',
    'file_server /static/* {\n\troot ./assets\n\tprecompressed br gzip\n\thide *.map\n}',
    'handle_errors {\n\trewrite * /404.html\n\tfile_server {\n\t\tstatus 404\n\t}\n}',
  ],
  scopes: ['site', 'route'],
  phase: 'respond',
  matcher: true,
  terminal: true,
  args: [{ name: 'browse', type: { kind: 'enum', values: ['browse'] }, docs: 'List directories that have no index file.', optional: true }],
  block: { kind: 'subdirectives', subdirectives: SUBDIRECTIVES },
  codes: ['RWS3113', 'RWS3115', 'RWS3104'],
  bind(node, ctx) {
    const [browseArg] = node.args;
    if (browseArg !== undefined && parseEnum(browseArg, ctx, ['browse'] as const, 'file_server option') === null) return null;
    const sub = subdirectivesOf(node, ctx, SUBDIRECTIVES);

    const rootLine = lineOf(sub, 'root');
    const root = rootLine === null ? null : ctx.path(argsOf(rootLine)[0]);
    const indexLine = lineOf(sub, 'index');
    const index = indexLine === null ? ['index.html', 'index.htm'] : parseList(argsOf(indexLine), ctx, (a) => a.value, 'index file');
    const preLine = lineOf(sub, 'precompressed');
    const precompressed =
      preLine === null
        ? []
        : argsOf(preLine).length === 0
          ? [...ENCODINGS]
          : parseList(argsOf(preLine), ctx, (a) => parseEnum(a, ctx, ENCODINGS, 'precompressed format'), 'format');
    const hide = parseList(allArgsOf(sub, 'hide'), ctx, (a) => a.value, 'hidden path');
    const statusLine = lineOf(sub, 'status');
    const status = statusLine === null ? null : parseStatus(argsOf(statusLine)[0], ctx);

    if ((rootLine !== null && root === null) || index === null || precompressed === null || hide === null || (statusLine !== null && status === null)) return null;
    const handler: FileServerHandler = {
      kind: 'file_server',
      root,
      index,
      browse: browseArg !== undefined || sub.has('browse'),
      precompressed,
      hide,
      passThru: sub.has('pass_thru'),
      status,
    };
    return { kind: 'handlers', handlers: [handler] };
  },
} as const satisfies DirectiveSpec;
