/**
 * Completion over stdio, cursor marked `<|>`: what is offered depends on where the cursor is, and every item
 * carries its docs from the registry.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CompletionRequest, type CompletionItem, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { DIRECTIVES } from '../../compiler/directives/index.ts';
import { marked, serverPerFile } from './lsp-client.ts';

let n = 0;
const server = serverPerFile({ env: { RWS_COMPLETION_VAR: 'x' } });

/** Open the text (in its own folder) and complete at its `<|>`. */
async function complete(source: string, files: Record<string, string> = {}): Promise<CompletionItem[]> {
  const m = marked(source);
  const folder = `c${++n}`;
  for (const [name, text] of Object.entries(files)) server.client.write(`${folder}/${name}`, text);
  const { uri } = await server.client.open(`${folder}/Rwsfile`, m.text);
  const result = await server.client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: m.positions[0] });
  return Array.isArray(result) ? result : (result?.items ?? []);
}

const labels = (items: CompletionItem[]): string[] => items.map((i) => i.label);

describe('completion', () => {
  test('directives valid in a site block, with their docs', async () => {
    const items = await complete('example.com {\n\t<|>\n}\n');
    expect(labels(items)).toEqual(expect.arrayContaining(['reverse_proxy', 'respond', 'handle', 'tls', 'import']));
    expect(labels(items)).not.toContain('admin');
    expect(labels(items)).not.toContain('lb_policy');
    expect(items.filter((i) => i.documentation === undefined).map((i) => i.label)).toEqual([]);
    const proxy = items.find((i) => i.label === 'reverse_proxy')!;
    expect(proxy.detail).toBe('Proxy requests to upstream servers, with load balancing.');
    expect((proxy.documentation as MarkupContent).value).toContain('reverse_proxy [<matcher>] [<upstreams...>]');
  });

  test('nothing inside a comment', async () => {
    expect(await complete('example.com {\n\t# rev<|>\n}\n')).toEqual([]);
  });

  test('inside a route block, only directives allowed there', async () => {
    const items = await complete('example.com {\n\thandle /api/* {\n\t\t<|>\n\t}\n}\n');
    expect(labels(items)).toEqual(expect.arrayContaining(['reverse_proxy', 'respond']));
    expect(labels(items)).not.toContain('tls');
    expect(labels(items)).not.toContain('handle_errors');
  });

  test('global options in the global block', async () => {
    const items = await complete('{\n\t<|>\n}\nexample.com {\n\trespond "x"\n}\n');
    expect(labels(items)).toEqual(expect.arrayContaining(['admin', 'metrics', 'grace_period']));
    expect(labels(items)).not.toContain('respond');
  });

  test('a half-typed directive in a broken file (unclosed blocks) still completes', async () => {
    const items = await complete('example.com {\n\thandle {\n\t\trev<|>\n');
    expect(labels(items)).toContain('reverse_proxy');
  });

  test('subdirectives of the enclosing directive, nested ones too', async () => {
    const outer = await complete('example.com {\n\treverse_proxy :3000 {\n\t\t<|>\n\t}\n}\n');
    expect(labels(outer)).toEqual(expect.arrayContaining(['to', 'lb_policy', 'header_up', 'transport']));
    expect(labels(outer)).not.toContain('respond');
    expect((outer.find((i) => i.label === 'lb_policy')!.documentation as MarkupContent).value).toContain('lb_policy <policy>');
    const inner = await complete('example.com {\n\treverse_proxy :3000 {\n\t\ttransport http {\n\t\t\t<|>\n\t\t}\n\t}\n}\n');
    expect(labels(inner)).toEqual(expect.arrayContaining(['dial_timeout', 'keepalive']));
    expect(labels(inner)).not.toContain('lb_policy');
  });

  test('enum values of an argument', async () => {
    const items = await complete('example.com {\n\treverse_proxy :3000 {\n\t\tlb_policy <|>\n\t}\n}\n');
    const proxy = DIRECTIVES.find((d) => d.name === 'reverse_proxy')!;
    const policy = proxy.block?.kind === 'subdirectives' ? proxy.block.subdirectives.find((s) => s.name === 'lb_policy')!.args[0].type : null;
    expect(policy?.kind).toBe('enum');
    expect(labels(items)).toEqual(policy?.kind === 'enum' ? [...policy.values] : []);
    expect(labels(items)).toEqual(expect.arrayContaining(['round_robin', 'least_conn', 'ip_hash']));
  });

  test('units after a number for durations', async () => {
    const items = await complete('example.com {\n\treverse_proxy :3000 {\n\t\ttransport http {\n\t\t\tdial_timeout 30<|>\n\t\t}\n\t}\n}\n');
    expect(labels(items)).toEqual(['30ms', '30s', '30m', '30h', '30d']);
  });

  test('@matcher names defined in this site only, where a matcher may go', async () => {
    const items = await complete(
      'a.example.com {\n\t@api path /api/*\n\thandle {\n\t\t@static path *.css\n\t}\n\trespond <|>\n}\nb.example.com {\n\t@other path /x\n}\n',
    );
    expect(labels(items).filter((l) => l.startsWith('@')).sort()).toEqual(['@api', '@static']);
    expect(items.find((i) => i.label === '@api')!.detail).toBe('matcher: path /api/*');
  });

  test('matcher types after a matcher name and in a matcher block', async () => {
    const inline = await complete('example.com {\n\t@api <|>\n}\n');
    expect(labels(inline)).toEqual(expect.arrayContaining(['path', 'host', 'method', 'header', 'not']));
    const block = await complete('example.com {\n\t@api {\n\t\t<|>\n\t}\n}\n');
    expect(labels(block)).toEqual(expect.arrayContaining(['path', 'path_regexp', 'remote_ip']));
    expect((block.find((i) => i.label === 'path')!.documentation as MarkupContent).value).toContain('@name path <pattern...>');
  });

  test('snippet names and files after import', async () => {
    const items = await complete('(common) {\n\theader X-A 1\n}\nexample.com {\n\timport <|>\n}\n', { 'extra.rws': 'x.example.com {\n}\n' });
    expect(labels(items)).toEqual(expect.arrayContaining(['common', 'extra.rws']));
  });

  test('file paths for a path argument, relative to the Rwsfile', async () => {
    const folder = `c${n + 1}`;
    mkdirSync(join(server.client.dir, folder, 'public', 'css'), { recursive: true });
    writeFileSync(join(server.client.dir, folder, 'public', 'index.html'), '');
    const items = await complete('example.com {\n\troot public/<|>\n}\n');
    expect(labels(items).sort()).toEqual(['css/', 'index.html']);
    expect(items.find((i) => i.label === 'css/')!.detail).toBe('folder');
  });

  test('placeholders inside {…}, with what they hold', async () => {
    const items = await complete('example.com {\n\trespond "hello {<|>"\n}\n');
    expect(labels(items)).toEqual(expect.arrayContaining(['host', 'remote_ip', 'request_id', 'query.', 'header.', 're.']));
    const host = items.find((i) => i.label === 'host')!;
    expect(host.textEdit).toMatchObject({ newText: 'host}' });
    expect((host.documentation as MarkupContent).value).toContain('The request host');
    const err = await complete('example.com {\n\thandle_errors {\n\t\trespond {err.<|>\n\t}\n}\n');
    expect(labels(err)).toEqual(['err.status', 'err.message', 'err.id']);
    const captures = await complete('example.com {\n\t@item path_regexp ^/items/(\\d+)$\n\t@h {\n\t\theader_regexp ver X-Version ^v(\\d)$\n\t}\n\trespond "{re.<|>"\n}\n');
    expect(labels(captures).sort()).toEqual(['re.item.', 're.ver.']);
    const env = await complete('example.com {\n\trespond {$RWS_COMP<|>\n}\n');
    expect(labels(env)).toContain('$RWS_COMPLETION_VAR');
    expect((env.find((i) => i.label === '$RWS_COMPLETION_VAR')!.documentation as MarkupContent).value).toBe('= `x`');
  });
});
