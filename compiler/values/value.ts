/**
 * One entry point per ValueType: the parser each shared value type uses. Directives call the specific
 * parsers directly; generic code (the binder's argument checks, the language server) goes through here.
 *
 * Invariant: every ValueType kind has exactly one parser (the switch is exhaustive).
 */
import type { BindAddress, Template } from '../../runtime/plan/plan.ts';
import type { BindContext, ValueType } from '../registry/directive.ts';
import type { Arg } from '../syntax/ast.ts';
import { parseAddress } from './address.ts';
import { parseBool } from './bool.ts';
import { parseCidr } from './cidr.ts';
import { parseDuration } from './duration.ts';
import { parseEnum } from './enum.ts';
import { parseHeaderName } from './header-name.ts';
import { parseInteger } from './int.ts';
import { parseMime } from './mime.ts';
import { parsePort } from './port.ts';
import { parseRegexp } from './regexp.ts';
import { parseSize } from './size.ts';
import { parseStatus } from './status.ts';
import { parseUpstream } from './upstream.ts';
import { parseUrl } from './url.ts';

export type Value =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'template'; readonly value: Template }
  | { readonly kind: 'path'; readonly value: Template }
  | { readonly kind: 'duration'; readonly value: number }
  | { readonly kind: 'size'; readonly value: number }
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'status'; readonly value: number }
  | { readonly kind: 'address'; readonly value: BindAddress }
  | { readonly kind: 'upstream'; readonly value: string }
  | { readonly kind: 'url'; readonly value: string }
  | { readonly kind: 'regexp'; readonly value: string }
  | { readonly kind: 'cidr'; readonly value: string }
  | { readonly kind: 'header-name'; readonly value: string }
  | { readonly kind: 'mime'; readonly value: string }
  | { readonly kind: 'enum'; readonly value: string }
  | { readonly kind: 'bool'; readonly value: boolean };

/** Parse `arg` as `type`; problems are reported through ctx and give null. */
export function parseValue(type: ValueType, arg: Arg, ctx: BindContext): Value | null {
  type Of<K extends Value['kind']> = Extract<Value, { readonly kind: K }>;
  const wrap = <K extends Value['kind']>(kind: K, value: Of<K>['value'] | null): Value | null =>
    value === null ? null : ({ kind, value } as Of<K>);
  switch (type.kind) {
    case 'string':
      return { kind: 'string', value: arg.value };
    case 'template':
      return wrap('template', ctx.template(arg));
    case 'path':
      return wrap('path', ctx.path(arg));
    case 'duration':
      return wrap('duration', parseDuration(arg, ctx));
    case 'size':
      return wrap('size', parseSize(arg, ctx));
    case 'int':
      return wrap('int', parseInteger(arg, ctx, type));
    case 'status':
      return wrap('status', parseStatus(arg, ctx));
    case 'address':
      return wrap('address', parseAddress(arg, ctx));
    case 'upstream':
      return wrap('upstream', parseUpstream(arg, ctx));
    case 'url':
      return wrap('url', parseUrl(arg, ctx));
    case 'regexp':
      return wrap('regexp', parseRegexp(arg, ctx));
    case 'cidr':
      return wrap('cidr', parseCidr(arg, ctx));
    case 'header-name':
      return wrap('header-name', parseHeaderName(arg, ctx));
    case 'mime':
      return wrap('mime', parseMime(arg, ctx));
    case 'enum':
      return wrap('enum', parseEnum(arg, ctx, type.values));
    case 'bool':
      return wrap('bool', parseBool(arg, ctx));
    default: {
      const unreachable: never = type;
      throw new Error(`unhandled value type ${(unreachable as ValueType).kind}`);
    }
  }
}
