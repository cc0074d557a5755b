/**
 * Upstream pools over stdio: `upstream NAME { … }` in the global options and `reverse_proxy NAME` in sites
 * (here one of them in an imported file): completion of pool names, hover, definition, references, rename.
 */
import { describe, expect, test } from 'vitest';
import {
  CompletionRequest,
  DefinitionRequest,
  HoverRequest,
  ReferencesRequest,
  RenameRequest,
  type CompletionItem,
  type Location,
  type MarkupContent,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { marked, serverPerFile, locationText as at } from './lsp-client.ts';

const server = serverPerFile();


describe('upstream pools', () => {
  test('completion, hover, definition, references and rename across files', async () => {
    server.client.write('pools/sites/b.rws', 'b.example.com {\n\treverse_proxy api\n}\n');
    const m = marked('{\n\tupstream api {\n\t\tto 127.0.0.1:3000 127.0.0.1:3001\n\t}\n\tupstream admin {\n\t\tto 127.0.0.1:4000\n\t}\n}\nimport sites/*.rws\na.example.com {\n\treverse_proxy a<|>pi\n\thandle /x/* {\n\t\treverse_proxy <|>\n\t}\n}\n');
    const { uri, diagnostics } = await server.client.open('pools/Rwsfile', m.text);
    expect(diagnostics.map((d) => d.code)).toEqual(['RWS3704', 'RWS3250']); // admin is unused; the half-typed proxy has no upstream
    const doc = { textDocument: { uri }, position: m.positions[0] };

    const items = (await server.client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: m.positions[1] })) as CompletionItem[];
    expect(items.map((i) => i.label).filter((l) => l === 'api' || l === 'admin').sort()).toEqual(['admin', 'api']);

    const hover = await server.client.connection.sendRequest(HoverRequest.type, doc);
    expect((hover!.contents as MarkupContent).value).toContain('upstream pool `api`');
    expect((hover!.contents as MarkupContent).value).toContain('upstream api {');

    const def = (await server.client.connection.sendRequest(DefinitionRequest.type, doc)) as Location[];
    expect(def.map(at)).toEqual(['Rwsfile:2:11-14']);
    const refs = (await server.client.connection.sendRequest(ReferencesRequest.type, { ...doc, context: { includeDeclaration: true } })) as Location[];
    expect(refs.map(at).sort()).toEqual(['Rwsfile:11:16-19', 'Rwsfile:2:11-14', 'b.rws:2:16-19']);

    const edit = (await server.client.connection.sendRequest(RenameRequest.type, { ...doc, newName: 'backend' })) as WorkspaceEdit;
    expect(Object.keys(edit.changes!).sort()).toEqual([uri, server.client.uri('pools/sites/b.rws')].sort());
    await expect(server.client.connection.sendRequest(RenameRequest.type, { ...doc, newName: 'api.example.com' })).rejects.toThrow('is not a valid pool name');
  });
});
