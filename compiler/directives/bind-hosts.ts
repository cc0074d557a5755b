/**
 * Listen hosts for `bind` (site) and `default_bind` (global): IP addresses or host names, without a port.
 *
 * Invariant: hosts come out lower-case, IPv6 without brackets, each once.
 */
import { isIPv6 } from 'node:net';
import type { BindContext } from '../registry/directive.ts';
import type { Arg } from '../syntax/ast.ts';
import { checkHost } from '../values/host.ts';
import { parseList } from './block-lines.ts';

export function parseBindHosts(args: readonly Arg[], ctx: BindContext): string[] | null {
  return parseList(args, ctx, (a) => parseBindHost(a, ctx), 'host');
}

function parseBindHost(arg: Arg, ctx: BindContext): string | null {
  const text = arg.value;
  if (isIPv6(text)) return text.toLowerCase();
  const checked = checkHost(text);
  if (checked.ok) return checked.host;
  const withPort = /^(.*):(\d+)$/.exec(text);
  if (withPort !== null && checkHost(withPort[1]).ok) {
    ctx.error('RWS3270', `invalid bind host \`${text}\`: a bind host has no port`, arg.span, {
      hint: `write \`${withPort[1]}\`; the port comes from the site address`,
    });
    return null;
  }
  ctx.error('RWS3270', `invalid bind host \`${text}\`: ${checked.reason}`, arg.span, { hint: 'e.g. `127.0.0.1`, `::1`, `0.0.0.0` or `localhost`' });
  return null;
}
