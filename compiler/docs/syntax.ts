/**
 * Syntax lines generated from a directive's schema (ArgSpecs, matcher flag, block spec): the same text the
 * reference docs show and the arity hints can quote.
 *
 * Invariant: derived only from the spec data; nothing here is written by hand per directive.
 */
import type { ArgSpec, BlockSpec, DirectiveSpec, SubdirectiveSpec, ValueType } from '../registry/directive.ts';

/** `<name>`, `[<name>]`, `<name...>` or `[<name...>]`. */
export function argSyntax(arg: ArgSpec): string {
  const inner = `<${arg.name}${arg.variadic === true ? '...' : ''}>`;
  return arg.optional === true ? `[${inner}]` : inner;
}

/**
 * One line: name, matcher, arguments, and the block: `{ … }`, or `[{ … }]` when a subdirective block is optional.
 * The block's contents are listed separately (subdirectives) or are directives / matchers.
 */
export function directiveSyntax(spec: DirectiveSpec): string {
  const parts = [spec.name, ...(spec.matcher ? ['[<matcher>]'] : []), ...spec.args.map(argSyntax)];
  if (spec.block !== null) parts.push(blockSyntax(spec.block));
  return parts.join(' ');
}

function blockSyntax(block: BlockSpec): string {
  switch (block.kind) {
    case 'subdirectives':
      return block.required === true ? '{ … }' : '[{ … }]';
    case 'routes':
      return '{ <directives...> }';
    case 'matchers':
      return '{ <matchers...> }';
    default:
      return unreachable(block);
  }
}

/** A subdirective line: name and arguments. */
export function subdirectiveSyntax(sub: SubdirectiveSpec): string {
  return [sub.name, ...sub.args.map(argSyntax)].join(' ');
}

/** How a value type is described in argument tables. */
export function valueTypeText(type: ValueType): string {
  switch (type.kind) {
    case 'string':
      return 'text';
    case 'template':
      return 'text with placeholders';
    case 'path':
      return 'file path (relative to the Rwsfile; placeholders allowed)';
    case 'duration':
      return 'duration (`500ms`, `10s`, `1m30s`, `2h`, `1d`)';
    case 'size':
      return 'size (`512`, `64KB`, `10MiB`, `1GB`)';
    case 'int': {
      const range = type.min !== undefined && type.max !== undefined ? ` from ${type.min} to ${type.max}` : type.min !== undefined ? ` ≥ ${type.min}` : type.max !== undefined ? ` ≤ ${type.max}` : '';
      return `integer${range}`;
    }
    case 'status':
      return 'HTTP status code (100-599)';
    case 'address':
      return 'listen address (`host:port`, `:port`, `[::1]:port`, `unix//path`)';
    case 'upstream':
      return 'upstream (`host:port`, `http://host:port`, `https://host:port`)';
    case 'url':
      return 'URL';
    case 'regexp':
      return 'regular expression (JavaScript syntax)';
    case 'cidr':
      return 'IP address or CIDR range';
    case 'header-name':
      return 'header field name';
    case 'mime':
      return 'media type (`text/html`)';
    case 'enum':
      return `one of ${type.values.map((v) => `\`${v}\``).join(', ')}`;
    case 'bool':
      return '`on` or `off`';
    default:
      return unreachable(type);
  }
}

function unreachable(x: never): never {
  throw new Error(`unexpected ${JSON.stringify(x)}`);
}
