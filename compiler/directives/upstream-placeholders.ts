/**
 * `{upstream_hostport}`, `{upstream_host}` and `{upstream_port}` in reverse_proxy's `header_up` values. Plan
 * templates have no per-upstream placeholder, so these are filled in at compile time, which needs every
 * upstream to share one host and port (the usual case: one upstream, or several behind one name).
 *
 * Invariant: after substitute(), no upstream placeholder is left in the value; with upstreams that differ
 * the use is reported (RWS3251) and nothing is substituted.
 */
import type { BindContext } from '../registry/directive.ts';
import type { Arg } from '../syntax/ast.ts';

const PLACEHOLDER = /\{upstream_(hostport|host|port)\}/g;

/** Replace upstream placeholders in `arg` with the host/port shared by `urls`; null (reported) if they differ. */
export function substituteUpstream(arg: Arg, urls: readonly string[], ctx: BindContext): Arg | null {
  if (!arg.value.match(PLACEHOLDER)) return arg;
  const authorities = [...new Set(urls.map((u) => new URL(u)).map((u) => `${u.hostname}\n${u.port || (u.protocol === 'https:' ? '443' : '80')}`))];
  if (authorities.length !== 1) {
    ctx.error('RWS3251', `\`${arg.value}\` needs all upstreams to share one host and port, but they differ`, arg.span, {
      hint: 'write the Host value explicitly, e.g. `header_up Host api.internal`',
    });
    return null;
  }
  const [host, port] = authorities[0].split('\n');
  const fields: Record<string, string> = { hostport: `${host}:${port}`, host, port };
  return { ...arg, value: arg.value.replace(PLACEHOLDER, (_, field: string) => fields[field]) };
}
