/**
 * Listen addresses: `host:port`, `:port`, `[ipv6]:port`, `unix//absolute.sock`, `unix/relative.sock`.
 *
 * Invariant: the result is a BindAddress with a lower-case host (IPv6 unbracketed; '' = all interfaces) and a
 * port in [0, 65535], or a non-empty socket path.
 */
import type { BindAddress } from '../../runtime/plan/plan.ts';
import type { Reporter } from '../registry/directive.ts';
import type { Arg } from '../syntax/ast.ts';
import { valueSpan } from './arg-span.ts';
import { checkHost } from './host.ts';
import { parsePortText } from './port.ts';

const EXAMPLE = 'e.g. `127.0.0.1:2019`, `:8080`, `[::1]:2019` or `unix//run/rws.sock`';

/** Parse a listen address; reports RWS3106 (or RWS3105 for the port) and returns null when invalid. */
export function parseAddress(arg: Arg, r: Reporter): BindAddress | null {
  const text = arg.value;
  const fail = (message: string, hint = EXAMPLE, start = 0, end = text.length): null => {
    r.error('RWS3106', message, valueSpan(arg, start, end), { hint });
    return null;
  };
  if (text.startsWith('unix/')) {
    const path = text.slice('unix/'.length);
    if (path === '') return fail(`invalid address \`${text}\`: missing the socket path`, 'e.g. `unix//run/rws.sock`');
    return { kind: 'unix', path };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    return fail(`invalid address \`${text}\`: a listen address has no scheme`, `write the host and port only, ${EXAMPLE}`);
  }
  const colon = text.lastIndexOf(':');
  const closeBracket = text.lastIndexOf(']');
  if (colon === -1 || colon < closeBracket) {
    return fail(`invalid address \`${text}\`: missing the port`, `add a port, e.g. \`${text || '127.0.0.1'}:2019\``);
  }
  const hostText = text.slice(0, colon);
  if (hostText.includes(':') && !hostText.startsWith('[')) {
    return fail(`invalid address \`${text}\`: IPv6 addresses must be written in brackets`, 'e.g. `[::1]:2019`');
  }
  let host = '';
  if (hostText !== '') {
    const checked = checkHost(hostText);
    if (!checked.ok) return fail(`invalid address \`${text}\`: ${checked.reason}`, EXAMPLE, 0, colon);
    host = checked.host;
  }
  const port = parsePortText(text.slice(colon + 1), valueSpan(arg, colon + 1, text.length), r);
  if (port === null) return null;
  return { kind: 'tcp', host, port };
}

/** Print an address the way parseAddress reads it. */
export function formatAddress(a: BindAddress): string {
  if (a.kind === 'unix') return `unix/${a.path}`;
  return `${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}`;
}
