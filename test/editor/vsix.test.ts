/**
 * `npm run package:vscode` end to end: the .vsix holds the manifest, the grammar and language configuration
 * exactly as generated in grammar/, the client bundle and a bundled language server that answers LSP.
 */
import { execFile } from 'node:child_process';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readZip } from './zip.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const EXTENSION = join(ROOT, 'editors', 'vscode');
const manifest = JSON.parse(readFileSync(join(EXTENSION, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  main: string;
  contributes: {
    languages: { id: string; filenames: string[]; filenamePatterns: string[]; extensions: string[]; configuration: string }[];
    grammars: { language: string; scopeName: string; path: string }[];
    commands: { command: string; title: string }[];
  };
};
const VSIX = join(EXTENSION, `${manifest.name}-${manifest.version}.vsix`);

let files = new Map<string, Buffer>();
let scratch = '';

/** The text of a file inside the vsix (paths relative to its `extension/` folder). */
function fromVsix(path: string): string {
  const data = files.get(`extension/${path.replace(/^\.\//, '')}`);
  if (data === undefined) throw new Error(`${path} is not in the vsix`);
  return data.toString('utf8');
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'rws-vsix-'));
  const copy = join(scratch, 'package.vsix');
  // Test runs in parallel (several checkouts' suites at once) would build into the same dist/ and .vsix: one at a
  // time packages and takes its copy under a lock.
  const script = `rm -f "${VSIX}" && npm run package:vscode && cp "${VSIX}" "${copy}"`;
  await run('flock', [join(tmpdir(), 'rws-vsix.lock'), 'sh', '-c', script], { cwd: ROOT, timeout: 120_000 });
  files = readZip(copy);
}, 130_000);

afterAll(() => {
  if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
});

describe('the VS Code extension package', () => {
  it('contains the manifest, grammar, language configuration, client and bundled server, and nothing from the sources', () => {
    expect([...files.keys()].sort()).toEqual(
      [
        '[Content_Types].xml',
        'extension.vsixmanifest',
        'extension/dist/extension.js',
        'extension/dist/server.mjs',
        'extension/language-configuration.json',
        'extension/package.json',
        'extension/readme.md',
        'extension/syntaxes/rwsfile.tmLanguage.json',
      ].sort(),
    );
  });

  it('declares the Rwsfile language, its file names, the grammar and the commands, each pointing at a packaged file', () => {
    const { languages, grammars, commands } = manifest.contributes;
    expect(languages).toHaveLength(1);
    expect(languages[0]).toMatchObject({ id: 'rwsfile', filenames: ['Rwsfile'], filenamePatterns: ['Rwsfile.*'], extensions: ['.rws'] });
    expect(grammars).toEqual([{ language: 'rwsfile', scopeName: 'source.rwsfile', path: './syntaxes/rwsfile.tmLanguage.json' }]);
    expect(commands.map((c) => c.title)).toEqual(expect.arrayContaining(['Show compiled plan', 'Explain request']));
    for (const path of [manifest.main, languages[0].configuration, grammars[0].path]) expect(() => fromVsix(path)).not.toThrow();
  });

  it('ships the grammar and language configuration exactly as generated in grammar/', () => {
    expect(fromVsix('syntaxes/rwsfile.tmLanguage.json')).toBe(readFileSync(join(ROOT, 'grammar', 'rwsfile.tmLanguage.json'), 'utf8'));
    expect(fromVsix('language-configuration.json')).toBe(readFileSync(join(ROOT, 'grammar', 'language-configuration.json'), 'utf8'));
  });

  it('bundles a client that leaves `vscode` to the editor and exports activate/deactivate', () => {
    const client = fromVsix('dist/extension.js');
    expect(client).toMatch(/require\("vscode"\)/);
    expect(client).toMatch(/activate/);
    expect(client).toMatch(/deactivate/);
  });

  describe('the bundled server (dist/server.mjs lsp --stdio)', () => {
    let child: ChildProcess | null = null;
    let connection: MessageConnection | null = null;

    afterAll(async () => {
      connection?.dispose();
      if (child !== null && child.exitCode === null) {
        const exited = new Promise((resolve) => child!.once('exit', resolve));
        child.kill();
        await exited;
      }
    });

    it('answers initialize, reports an unknown directive and compiles a plan', async () => {
      // Run from a folder of its own, as it runs from the installed extension (nothing of the checkout next to it).
      const server = join(scratch, 'server.mjs');
      writeFileSync(server, fromVsix('dist/server.mjs'));
      child = spawn(process.execPath, [server, 'lsp', '--stdio'], { cwd: scratch, stdio: ['pipe', 'pipe', 'ignore'] });
      connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
      const published = new Map<string, { message: string }[]>();
      const waiters: (() => void)[] = [];
      connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: { message: string }[] }) => {
        published.set(p.uri, p.diagnostics);
        waiters.splice(0).forEach((w) => w());
      });
      connection.listen();
      const diagnosticsOf = async (uri: string): Promise<{ message: string }[]> => {
        for (let i = 0; i < 100 && !published.has(uri); i++) await new Promise<void>((resolve) => waiters.push(resolve));
        return published.get(uri) ?? [];
      };

      const init = (await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} })) as {
        capabilities: { executeCommandProvider?: { commands: string[] } };
      };
      expect(init.capabilities.executeCommandProvider?.commands).toEqual(expect.arrayContaining(['rws.showPlan', 'rws.explainRequest']));
      await connection.sendNotification('initialized', {});

      const broken = 'file:///virtual/broken/Rwsfile';
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: broken, languageId: 'rwsfile', version: 1, text: ':8080 {\n\trespnd "hi"\n}\n' } });
      expect((await diagnosticsOf(broken)).map((d) => d.message)).toEqual([expect.stringContaining('respnd')]);

      const good = 'file:///virtual/good/Rwsfile';
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: good, languageId: 'rwsfile', version: 1, text: ':8080 {\n\trespond "hi" 200\n}\n' } });
      expect(await diagnosticsOf(good)).toEqual([]);
      const plan = (await connection.sendRequest('workspace/executeCommand', { command: 'rws.showPlan', arguments: [good] })) as { ok: boolean; text: string };
      expect(plan.ok).toBe(true);
      expect(JSON.parse(plan.text)).toMatchObject({ version: expect.anything(), hash: expect.any(String) });

      await connection.sendRequest('shutdown');
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      await connection.sendNotification('exit');
      await exited;
    }, 30_000);
  });
});
