/**
 * `encode [matcher] [zstd|br|gzip...] { minimum_length <size>; match <mime...>; zstd; br; gzip }`: compress
 * responses.
 *
 * Invariant: emits one EncodeHandler with at least one encoding, no duplicates; defaults zstd br gzip and
 * minimum length 512 bytes.
 */
import type { DirectiveSpec, SubdirectiveSpec } from '../registry/directive.ts';
import { parseEnum } from '../values/enum.ts';
import { parseMime } from '../values/mime.ts';
import { parseSize } from '../values/size.ts';
import { allArgsOf, argsOf, lineOf, parseList, subdirectivesOf } from './block-lines.ts';

const ENCODINGS = ['zstd', 'br', 'gzip'] as const;
type Encoding = (typeof ENCODINGS)[number];
const DEFAULT_MIN_LENGTH = 512;

const SUBDIRECTIVES: readonly SubdirectiveSpec[] = [
  { name: 'minimum_length', summary: 'Do not compress responses smaller than this.', args: [{ name: 'size', type: { kind: 'size' }, docs: 'Size; default 512.' }] },
  {
    name: 'match',
    summary: 'Only compress these media types.',
    args: [{ name: 'types', type: { kind: 'mime' }, docs: 'Media type patterns: `text/*`, `application/json`.', variadic: true }],
    repeatable: true,
  },
  ...ENCODINGS.map((name) => ({ name, summary: `Offer ${name} (in the order written).`, args: [] })),
];

export const encode = {
  name: 'encode',
  summary: 'Compress responses with zstd, br or gzip.',
  docs: [
    'Compresses the response of whatever handler runs later, when the client accepts it (`Accept-Encoding`),',
    'the response is large enough and its type is compressible. The client\'s preferences (q-values) win; ties',
    'go to the order written here. `Vary: Accept-Encoding` is added; ranges and already-encoded responses are',
    'left alone.',
    '',
    '```',
    'encode [<matcher>] [zstd|br|gzip...] {',
    '    minimum_length <size>',
    '    match <types...>',
    '    zstd',
    '    br',
    '    gzip',
    '}',
    '```',
    '',
    '- **encodings**: on the line or as lines in the block, in preference order; default `zstd br gzip`.',
    '- **minimum_length**: responses with a known length below this are sent as they are; default `512`',
    '  (a size: `1KB` is 1000 bytes, `1KiB` 1024).',
    '- **match**: media type patterns to compress (`text/*`, `application/json`); default: a built-in list of',
    '  compressible types (text, JSON, JavaScript, XML, SVG, fonts, …).',
  ].join('\n'),
  examples: ['encode', 'encode gzip', 'encode zstd br gzip {\n\tminimum_length 1KiB\n\tmatch text/* application/json\n}', 'encode {\n\tbr\n\tgzip\n}'],
  scopes: ['site', 'route'],
  phase: 'encode',
  matcher: true,
  terminal: false,
  args: [{ name: 'encodings', type: { kind: 'enum', values: ENCODINGS }, docs: 'zstd, br, gzip, in preference order; default all three.', optional: true, variadic: true }],
  block: { kind: 'subdirectives', subdirectives: SUBDIRECTIVES },
  codes: ['RWS3113', 'RWS3115', 'RWS3102', 'RWS3112'],
  bind(node, ctx) {
    const sub = subdirectivesOf(node, ctx, SUBDIRECTIVES);
    // Encoding lines in source order, as accepted by the subdirective check (a repeated one is reported there).
    const accepted = new Set(ENCODINGS.flatMap((e) => sub.get(e) ?? []));
    const blockEncodings = (node.block?.lines ?? []).filter((l) => accepted.has(l)).map((l) => l.args[0]);
    const encodings = parseList<Encoding>([...node.args, ...blockEncodings], ctx, (a) => parseEnum(a, ctx, ENCODINGS, 'encoding'), 'encoding');
    const minLine = lineOf(sub, 'minimum_length');
    const minLength = minLine === null ? DEFAULT_MIN_LENGTH : parseSize(argsOf(minLine)[0], ctx);
    const types = parseList(allArgsOf(sub, 'match'), ctx, (a) => parseMime(a, ctx), 'media type');
    if (encodings === null || minLength === null || types === null) return null;
    return {
      kind: 'handlers',
      handlers: [{ kind: 'encode', encodings: encodings.length === 0 ? [...ENCODINGS] : encodings, minLength, types }],
    };
  },
} as const satisfies DirectiveSpec;
