/**
 * `{upstream_hostport}`, `{upstream_host}` and `{upstream_port}` in reverse_proxy's `header_up` values. Plan
 * templates have no per-upstream placeholder, so these are filled in at compile time, which needs every
 * upstream to share one host and port (the usual case: one upstream, or several behind one name).
 *
 * `{upstream_hostport}` is the URL's host: the port is left out when it is the scheme's default, as a client
 * would send it in Host.
 *
 * Invariant: after substituteUpstream(), no upstream placeholder is left in the value; with upstreams that
 * differ (in scheme, host or port) the use is reported (RWS3251) and nothing is substituted.
 */
import type { BindContext } from '../registry/directive.ts';
import type { Arg } from '../syntax/ast.ts';

const PLACEHOLDER = /\{upstream_(hostport|host|port)\}/g;

/** Replace upstream placeholders in `arg` with the host/port shared by `urls`; null (reported) if they differ. */
export function substituteUpstream(arg: Arg, urls: readonly string[], ctx: BindContext): Arg | null {
  if (!arg.value.match(PLACEHOLDER)) return arg;
  const origins = [...new Set(urls.map((u) => new URL(u).origin))];
  if (origins.length !== 1) {
    ctx.error('RWS3251', `\`${arg.value}\` needs all upstreams to share one host and port, but they differ`, arg.span, {
      hint: 'write the Host value explicitly, e.g. `header_up Host api.internal`',
    });
    return null;
  }
  const url = new URL(origins[0]);
  const fields: Record<string, string> = {
    hostport: url.host,
    host: url.hostname,
    port: url.port === '' ? (url.protocol === 'https:' ? '443' : '80') : url.port,
  };
  return { ...arg, value: arg.value.replace(PLACEHOLDER, (_, field: string) => fields[field]) };
}
