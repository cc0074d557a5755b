/**
 * Go to definition, find references and rename over stdio for named matchers and snippets, across imported
 * files; matchers are per site.
 */
import { describe, expect, test } from 'vitest';
import {
  DefinitionRequest,
  DocumentHighlightKind,
  DocumentHighlightRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  type Location,
  type Position,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { marked, serverPerFile, locationText as at } from './lsp-client.ts';

const server = serverPerFile();

const sorted = (ls: Location[] | null): string[] => (ls ?? []).map(at).sort();

/** Apply a workspace edit's changes for one URI to a text. */
function apply(text: string, edits: readonly TextEdit[]): string {
  const offset = (p: Position): number => text.split('\n').slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start)).reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

describe('named matchers', () => {
  const source = 'a.example.com {\n\t@api path /api/*\n\treverse_proxy @a<|>pi :3000\n\thandle @api {\n\t\trespond "x"\n\t}\n}\nb.example.com {\n\t@api path /other/*\n\trespond @api "b"\n}\n';

  test('definition, references and rename stay inside the site', async () => {
    const m = marked(source);
    const { uri } = await server.client.open('matchers/Rwsfile', m.text);
    const pos = { textDocument: { uri }, position: m.positions[0] };
    const def = await server.client.connection.sendRequest(DefinitionRequest.type, pos);
    expect(sorted(def as Location[])).toEqual(['Rwsfile:2:3-6']);
    const refs = await server.client.connection.sendRequest(ReferencesRequest.type, { ...pos, context: { includeDeclaration: true } });
    expect(sorted(refs)).toEqual(['Rwsfile:2:3-6', 'Rwsfile:3:17-20', 'Rwsfile:4:10-13']);
    const onlyRefs = await server.client.connection.sendRequest(ReferencesRequest.type, { ...pos, context: { includeDeclaration: false } });
    expect(sorted(onlyRefs)).toEqual(['Rwsfile:3:17-20', 'Rwsfile:4:10-13']);
    const marks = await server.client.connection.sendRequest(DocumentHighlightRequest.type, pos);
    expect(marks!.map((h) => `${h.range.start.line + 1}:${h.range.start.character + 1} ${h.kind === DocumentHighlightKind.Write ? 'def' : 'use'}`).sort()).toEqual([
      '2:3 def',
      '3:17 use',
      '4:10 use',
    ]);
    const prepared = await server.client.connection.sendRequest(PrepareRenameRequest.type, pos);
    expect(prepared).toEqual({ start: { line: 2, character: 16 }, end: { line: 2, character: 19 } });
    const edit = (await server.client.connection.sendRequest(RenameRequest.type, { ...pos, newName: 'backend' })) as WorkspaceEdit;
    const renamed = apply(m.text, edit.changes![uri]);
    expect(renamed).toContain('@backend path /api/*\n\treverse_proxy @backend :3000\n\thandle @backend {');
    expect(renamed).toContain('@api path /other/*\n\trespond @api "b"');
    expect((await server.client.change(uri, renamed)).map((d) => d.code)).not.toContain('RWS4003');
  });

  test('an invalid new name is refused', async () => {
    const m = marked(source);
    const { uri } = await server.client.open('matchers-bad/Rwsfile', m.text);
    await expect(server.client.connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position: m.positions[0], newName: 'two words' })).rejects.toThrow(
      'is not a valid matcher name',
    );
  });

  test('works on a broken file', async () => {
    const m = marked('example.com {\n\t@api path /api/*\n\treverse_proxy @api :3000\n\trespond @a<|>pi "x" 99999\n\thandle {\n');
    const { uri, diagnostics } = await server.client.open('matchers-broken/Rwsfile', m.text);
    expect(diagnostics.length).toBeGreaterThan(0);
    const refs = await server.client.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri }, position: m.positions[0], context: { includeDeclaration: true } });
    expect(sorted(refs)).toEqual(['Rwsfile:2:3-6', 'Rwsfile:3:17-20', 'Rwsfile:4:11-14']);
  });
});

describe('snippets across imported files', () => {
  test('definition in another file, references in both, rename edits both files', async () => {
    server.client.write('snippets/common.rws', '(security) {\n\theader X-Frame-Options DENY\n}\n');
    const sites = marked('a.example.com {\n\timport secu<|>rity\n\trespond "a"\n}\n');
    server.client.write('snippets/sites/a.rws', sites.text);
    const { uri: main } = await server.client.open('snippets/Rwsfile', 'import common.rws\nimport sites/*.rws\nb.example.com {\n\timport security\n}\n');
    const { uri: site } = await server.client.open('snippets/sites/a.rws', sites.text);
    const pos = { textDocument: { uri: site }, position: sites.positions[0] };
    const def = await server.client.connection.sendRequest(DefinitionRequest.type, pos);
    expect(sorted(def as Location[])).toEqual(['common.rws:1:2-10']);
    const refs = await server.client.connection.sendRequest(ReferencesRequest.type, { ...pos, context: { includeDeclaration: true } });
    expect(sorted(refs)).toEqual(['Rwsfile:4:9-17', 'a.rws:2:9-17', 'common.rws:1:2-10']);
    const edit = (await server.client.connection.sendRequest(RenameRequest.type, { ...pos, newName: 'hardening' })) as WorkspaceEdit;
    expect(Object.keys(edit.changes!).sort()).toEqual([main, server.client.uri('snippets/common.rws'), site].sort());
    expect(apply(sites.text, edit.changes![site])).toContain('import hardening');
    expect(apply('(security) {\n\theader X-Frame-Options DENY\n}\n', edit.changes![server.client.uri('snippets/common.rws')])).toMatch(/^\(hardening\) \{/);
  });

  test('definition of an imported file or glob: the files it pulls in', async () => {
    server.client.write('files/sites/a.rws', 'a.example.com {\n\trespond "a"\n}\n');
    server.client.write('files/sites/b.rws', 'b.example.com {\n\trespond "b"\n}\n');
    server.client.write('files/common.rws', '(x) {\n\theader X-A 1\n}\n');
    const m = marked('import comm<|>on.rws\nimport sites/<|>*.rws\nc.example.com {\n\timport x\n}\n');
    const { uri } = await server.client.open('files/Rwsfile', m.text);
    const single = await server.client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: m.positions[0] });
    expect(sorted(single as Location[])).toEqual(['common.rws:1:1-1']);
    const glob = await server.client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: m.positions[1] });
    expect(sorted(glob as Location[])).toEqual(['a.rws:1:1-1', 'b.rws:1:1-1']);
  });
});
