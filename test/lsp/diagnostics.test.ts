/**
 * Diagnostics over stdio: the same codes and messages as the compiler (`rws validate`), notes as related
 * information, updates per edit (with the buffer's version), imported files, open buffers over the disk.
 */
import { describe, expect, test } from 'vitest';
import { DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { compile } from '../../compiler/index.ts';
import { LspClient, serverPerFile } from './lsp-client.ts';

const server = serverPerFile({ env: { RWS_TEST_PORT: '8080' } });

const summary = (ds: readonly Diagnostic[]) =>
  ds.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)} ${d.message}`);

describe('diagnostics', () => {
  test('the same codes, messages and positions as the compiler, with the hint and the fix', async () => {
    const text = 'example.com {\n\trevers_proxy localhost:3000\n\trespond "x" 999\n}\n';
    const { uri, diagnostics } = await server.client.open('same/Rwsfile', text);
    const expected = compile({ path: `${server.client.dir}/same/Rwsfile`, text }).diagnostics;
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual(expected.map((d) => [d.code, d.message]));
    expect(summary(diagnostics)).toEqual(['2:2 RWS3001 unknown directive `revers_proxy`', '3:14 RWS3104 invalid status code `999`: must be between 100 and 599']);
    expect(diagnostics[0].source).toBe('rws');
    expect(diagnostics[0].relatedInformation?.map((r) => r.message)).toEqual(['help: did you mean `reverse_proxy`?']);
    expect(diagnostics[0].relatedInformation?.[0].location.uri).toBe(uri);
  });

  test('updated as the user types, each publish carrying the version it was computed from', async () => {
    const { uri, diagnostics } = await server.client.open('typing/Rwsfile', 'example.com {\n\trespond "ok"\n}\n');
    expect(diagnostics).toEqual([]);
    const broken = await server.client.change(uri, 'example.com {\n\trespond "ok"\n\tencod gzip\n}\n');
    expect(summary(broken)).toEqual(['3:2 RWS3001 unknown directive `encod`']);
    const fixed = await server.client.change(uri, 'example.com {\n\trespond "ok"\n\tencode gzip\n}\n');
    expect(fixed).toEqual([]);
  });

  test('broken, half-typed input still gets every diagnostic in one pass', async () => {
    const { diagnostics } = await server.client.open('broken/Rwsfile', 'example.com {\n\t@api path api\n\treverse_proxy @ap :3000\n\thandle {\n\t\trespond "x"\n');
    expect(diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(['RWS1004', 'RWS4005', 'RWS4003']));
    const missing = diagnostics.find((d) => d.code === 'RWS4003')!;
    expect(missing.message).toBe('unknown matcher `@ap`');
  });

  test('notes become related information in the imported file and at the import line', async () => {
    server.client.write('imports/sites/a.rws', 'a.example.com {\n\tbogus_directive\n}\n');
    const importedPublished = server.client.waitDiagnostics(server.client.uri('imports/sites/a.rws'));
    const { uri, diagnostics } = await server.client.open('imports/Rwsfile', 'import sites/a.rws\n');
    expect(diagnostics).toEqual([]);
    const imported = await importedPublished;
    expect(summary(imported.diagnostics)).toEqual(['2:2 RWS3001 unknown directive `bogus_directive`']);
    const note = imported.diagnostics[0].relatedInformation!.find((r) => r.message === 'imported here')!;
    expect(note.location.uri).toBe(uri);
    expect(note.location.range.start).toEqual({ line: 0, character: 0 });
  });

  test('an open buffer wins over the file on disk for imports, and a fixed import clears its diagnostics', async () => {
    server.client.write('buffers/common.rws', '(common) {\n\theader X-A 1\n}\n');
    const { uri: main } = await server.client.open('buffers/Rwsfile', 'import common.rws\nexample.com {\n\timport common\n}\n');
    const { uri: common } = await server.client.open('buffers/common.rws', '(common) {\n\theader X-A 1\n}\n');
    const broken = server.client.waitDiagnostics(common, 2);
    await server.client.change(common, '(common) {\n\theadr X-A 1\n}\n').catch(() => undefined);
    expect(summary((await broken).diagnostics)).toEqual(['2:2 RWS3001 unknown directive `headr`']);
    const fixed = await server.client.change(common, '(common) {\n\theader X-A 1\n}\n');
    expect(fixed).toEqual([]);
    expect(server.client.published(main).at(-1)!.diagnostics).toEqual([]);
  });

  test('a file imported by the Rwsfile above it is checked as part of it, even when only the file is open', async () => {
    server.client.write('above/Rwsfile', '(common) {\n\theader X-A 1\n}\nimport sites/*.rws\n');
    const { diagnostics } = await server.client.open('above/sites/a.rws', 'a.example.com {\n\timport common\n\tencode gzip\n}\n');
    expect(diagnostics).toEqual([]);
    const { diagnostics: alone } = await server.client.open('elsewhere/a.rws', 'a.example.com {\n\timport common\n}\n');
    expect(alone.map((d) => d.code)).toEqual(['RWS2003']);
  });

  test('environment variables resolve as the server sees them', async () => {
    const { diagnostics } = await server.client.open('env/Rwsfile', 'http://example.com:{$RWS_TEST_PORT} {\n\trespond {$RWS_UNSET_VAR}\n}\n');
    expect(summary(diagnostics)).toEqual(['2:10 RWS2005 environment variable `RWS_UNSET_VAR` is not set: `{$RWS_UNSET_VAR}` became an empty string']);
  });
});

describe('debounce', () => {
  test('a burst of edits is checked once, for the last version only', async () => {
    const slow = await LspClient.start({ debounceMs: 300 });
    try {
      const { uri } = await slow.open('burst/Rwsfile', 'example.com {\n\trespond "a"\n}\n');
      const last = slow.waitDiagnostics(uri, 5);
      for (const [version, text] of [
        [2, 'example.com {\n\trespond "a"\n\tr\n}\n'],
        [3, 'example.com {\n\trespond "a"\n\tro\n}\n'],
        [4, 'example.com {\n\trespond "a"\n\troo\n}\n'],
        [5, 'example.com {\n\trespond "a"\n\troot\n}\n'],
      ] as const) {
        await slow.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
      }
      expect(summary((await last).diagnostics)).toEqual(["3:2 RWS3004 missing `<path>`: `root` needs 1 argument, got 0"]);
      expect(slow.published(uri).map((p) => p.version)).toEqual([1, 5]);
    } finally {
      await slow.stop();
    }
  });
});

describe('buffers not on disk', () => {
  test('an untitled buffer gets its diagnostics under its own URI', async () => {
    const uri = 'untitled:Untitled-1';
    const published = server.client.waitDiagnostics(uri, 1);
    await server.client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'rwsfile', version: 1, text: 'example.com {\n\trespnd "x"\n}\n' },
    });
    expect(summary((await published).diagnostics)).toEqual(['2:2 RWS3001 unknown directive `respnd`']);
  });
});
