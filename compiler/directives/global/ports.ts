/**
 * Global options `http_port <port>` and `https_port <port>`: the ports of site addresses that name a scheme
 * but no port.
 *
 * Invariant: a port in 0-65535.
 */
import type { DirectiveSpec } from '../../registry/directive.ts';
import { parsePort } from '../../values/port.ts';

function portOption<const K extends 'http_port' | 'https_port'>(name: K, scheme: string, fallback: number): DirectiveSpec {
  return {
    name,
    summary: `The port of ${scheme} sites whose address has no port (default ${fallback}).`,
    docs: [
      `Sites written without a port (\`${scheme}://example.com\`${scheme === 'https' ? ', or a bare name with `tls`' : ', or a bare name'}) listen on this`,
      `port instead of ${fallback}. Useful to run unprivileged or behind a port-forwarding load balancer.`,
      '',
      '```',
      `${name} <port>`,
      '```',
    ].join('\n'),
    examples: [`${name} ${fallback === 80 ? 8080 : 8443}`],
    scopes: ['global'],
    phase: null,
    matcher: false,
    terminal: false,
    args: [{ name: 'port', type: { kind: 'int', min: 0, max: 65535 }, docs: 'A port number.' }],
    block: null,
    codes: ['RWS3105'],
    bind(node, ctx) {
      const [arg] = node.args;
      const port = arg === undefined ? null : parsePort(arg, ctx);
      return port === null ? null : { kind: 'global', option: { kind: name, port } };
    },
  };
}

export const httpPort = portOption('http_port', 'http', 80);
export const httpsPort = portOption('https_port', 'https', 443);
