/**
 * Hover and signature help over stdio, cursor marked `<|>`: registry docs for directives, subdirectives and
 * matcher types, placeholder docs, resolved environment variables, matcher definitions.
 */
import { describe, expect, test } from 'vitest';
import { HoverRequest, SignatureHelpRequest, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { REQUEST_FIELD_DOCS } from '../../compiler/bind/placeholder-docs.ts';
import { DIRECTIVES } from '../../compiler/directives/index.ts';
import { subdirectiveSyntax } from '../../compiler/docs/syntax.ts';
import { marked, serverPerFile } from './lsp-client.ts';

let n = 0;
const server = serverPerFile({ env: { RWS_HOVER_UPSTREAM: '10.0.0.7:8080' } });

async function open(source: string): Promise<{ uri: string; positions: { line: number; character: number }[] }> {
  const m = marked(source);
  const { uri } = await server.client.open(`h${++n}/Rwsfile`, m.text);
  return { uri, positions: m.positions };
}

async function hoverText(source: string): Promise<string | null> {
  const { uri, positions } = await open(source);
  const h = await server.client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positions[0] });
  return h === null ? null : (h.contents as MarkupContent).value;
}

describe('hover', () => {
  test('a directive: its syntax and the docs from the registry', async () => {
    const text = await hoverText('example.com {\n\tfile_se<|>rver\n}\n');
    const spec = DIRECTIVES.find((d) => d.name === 'file_server')!;
    expect(text).toContain('file_server [<matcher>]');
    expect(text).toContain(spec.summary);
    expect(text).toContain(spec.docs.trim());
  });

  test('a subdirective: its syntax and summary', async () => {
    const text = await hoverText('example.com {\n\treverse_proxy :3000 {\n\t\tlb_re<|>tries 2\n\t}\n}\n');
    const proxy = DIRECTIVES.find((d) => d.name === 'reverse_proxy')!;
    const sub = proxy.block?.kind === 'subdirectives' ? proxy.block.subdirectives.find((s) => s.name === 'lb_retries')! : null;
    expect(text).toContain('lb_retries <n>');
    expect(text).toContain(sub!.summary);
  });

  test('an argument value: its type and docs', async () => {
    const text = await hoverText('example.com {\n\treverse_proxy :3000 {\n\t\tlb_policy le<|>ast_conn\n\t}\n}\n');
    expect(text).toContain('`<policy>` of `lb_policy`');
    expect(text).toContain('one of `round_robin`');
  });

  test('a placeholder inside a string', async () => {
    const text = await hoverText('example.com {\n\trespond "from {remote<|>_ip}"\n}\n');
    expect(text).toContain('{remote_ip}');
    expect(text).toContain(REQUEST_FIELD_DOCS.remote_ip.docs);
  });

  test('an environment variable: its resolved value, or that it is unset', async () => {
    expect(await hoverText('example.com {\n\treverse_proxy {$RWS_HOVER_<|>UPSTREAM}\n}\n')).toContain('= `10.0.0.7:8080`');
    expect(await hoverText('example.com {\n\trespond {$RWS_NOT_<|>SET:fallback}\n}\n')).toContain('the default `fallback` is used');
  });

  test('a matcher reference: its definition', async () => {
    const text = await hoverText('example.com {\n\t@api {\n\t\tpath /api/*\n\t}\n\treverse_proxy @a<|>pi :3000\n}\n');
    expect(text).toContain('matcher `@api`');
    expect(text).toContain('@api {');
  });

  test('a matcher type', async () => {
    expect(await hoverText('example.com {\n\t@old pa<|>th /old/*\n\tredir @old /new\n}\n')).toContain('@name path <pattern...>');
  });

  test('a site address: where it listens, as the compiler resolved it', async () => {
    const text = await hoverText('{\n\tdefault_bind 127.0.0.1\n}\nhttp://exa<|>mple.com:8080, :9090 {\n\trespond "x"\n}\n');
    expect(text).toContain('site address `http://example.com:8080`');
    expect(text).toContain('- `http://127.0.0.1:8080` for host `example.com`');
  });

  test('nothing on white space or an unknown word', async () => {
    expect(await hoverText('example.com {\n\t<|>\n}\n')).toBeNull();
    expect(await hoverText('example.com {\n\tbogu<|>s\n}\n')).toBeNull();
  });
});

describe('signature help', () => {
  test('the directive syntax with the argument under the cursor active, matcher first', async () => {
    const { uri, positions } = await open('example.com {\n\trespond /health "ok" <|>\n}\n');
    const help = await server.client.connection.sendRequest(SignatureHelpRequest.type, { textDocument: { uri }, position: positions[0] });
    expect(help!.signatures[0].label).toBe('respond [<matcher>] [<body>] [<status>]');
    expect(help!.activeParameter).toBe(2);
    const param = help!.signatures[0].parameters![2];
    expect(param.label).toBe('[<status>]');
  });

  test('a subdirective', async () => {
    const { uri, positions } = await open('example.com {\n\treverse_proxy :3000 {\n\t\tlb_policy <|>\n\t}\n}\n');
    const help = await server.client.connection.sendRequest(SignatureHelpRequest.type, { textDocument: { uri }, position: positions[0] });
    const proxy = DIRECTIVES.find((d) => d.name === 'reverse_proxy')!;
    const sub = proxy.block?.kind === 'subdirectives' ? proxy.block.subdirectives.find((s) => s.name === 'lb_policy')! : null;
    expect(help!.signatures[0].label).toBe(subdirectiveSyntax(sub!));
    expect(help!.signatures[0].label).toMatch(/^lb_policy <policy>/);
    expect(help!.activeParameter).toBe(0);
  });
});
