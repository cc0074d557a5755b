/**
 * Absolute http(s) URLs.
 *
 * Invariant: the result is the WHATWG-normalised href of an `http:` or `https:` URL.
 */
import type { Reporter } from '../registry/directive.ts';
import type { Arg } from '../syntax/ast.ts';

/** Parse an absolute http(s) URL; reports RWS3108 and returns null when invalid. */
export function parseUrl(arg: Arg, r: Reporter): string | null {
  const text = arg.value;
  const url = URL.parse(text);
  if (url === null) {
    const hint = /^[a-z][a-z0-9+.-]*:/i.test(text) ? 'e.g. `https://example.com/path`' : `add the scheme: \`https://${text}\``;
    r.error('RWS3108', `invalid URL \`${text}\``, arg.span, { hint });
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    r.error('RWS3108', `invalid URL \`${text}\`: unsupported scheme \`${url.protocol.slice(0, -1)}\``, arg.span, { hint: 'use an `http://` or `https://` URL' });
    return null;
  }
  return url.href;
}
