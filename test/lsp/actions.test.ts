/**
 * Formatting (identical to `rws fmt`), code actions from diagnostics' fixes, and the plan / explain commands
 * (the same output as `rws plan` and `rws explain`), over stdio.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import {
  CodeActionRequest,
  DocumentFormattingRequest,
  DocumentRangeFormattingRequest,
  ExecuteCommandRequest,
  type CodeAction,
  type Diagnostic,
  type Position,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { compile } from '../../compiler/index.ts';
import { formatText } from '../../compiler/format/format.ts';
import { CLI } from '../support/rws-process.ts';
import { serverPerFile } from './lsp-client.ts';

const server = serverPerFile();

function apply(text: string, edits: readonly TextEdit[]): string {
  const offset = (p: Position): number => text.split('\n').slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start)).reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

/** What the real CLI prints for `rws <args>` in the client's folder. */
function cli(args: string[]): string {
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd: server.client.dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
  return run.stdout;
}

const MESSY = 'example.com   {\n  respond   "hi"   200\n      @api path /api/*\n reverse_proxy @api :3000 {\n lb_policy first\n}\n}\n';

describe('formatting', () => {
  test('the document is formatted exactly as `rws fmt` formats it (the same formatText)', async () => {
    const { uri } = await server.client.open('fmt/Rwsfile', MESSY);
    const edits = await server.client.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options: { tabSize: 4, insertSpaces: false } });
    const formatted = apply(MESSY, edits!);
    expect(formatted).toBe(formatText(`${server.client.dir}/fmt/Rwsfile`, MESSY).text);
    expect(formatted).toBe('example.com {\n\trespond "hi" 200\n\t@api path /api/*\n\treverse_proxy @api :3000 {\n\t\tlb_policy first\n\t}\n}\n');
  });

  test('a range gets only the edits that touch it', async () => {
    const { uri } = await server.client.open('fmt-range/Rwsfile', MESSY);
    const range = { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } };
    const edits = await server.client.connection.sendRequest(DocumentRangeFormattingRequest.type, { textDocument: { uri }, range, options: { tabSize: 4, insertSpaces: false } });
    expect(apply(MESSY, edits!)).toBe('example.com   {\n\trespond "hi" 200\n      @api path /api/*\n reverse_proxy @api :3000 {\n lb_policy first\n}\n}\n');
  });

  test('a file with syntax errors is left alone, as `rws fmt` leaves it', async () => {
    const { uri } = await server.client.open('fmt-broken/Rwsfile', 'example.com {\n   respond "x"\n');
    const edits = await server.client.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options: { tabSize: 4, insertSpaces: false } });
    expect(edits).toEqual([]);
  });
});

describe('code actions', () => {
  async function actionsFor(folder: string, text: string): Promise<{ uri: string; diagnostics: Diagnostic[]; actions: CodeAction[] }> {
    const { uri, diagnostics } = await server.client.open(`${folder}/Rwsfile`, text);
    const range = { start: { line: 0, character: 0 }, end: { line: text.split('\n').length, character: 0 } };
    const actions = (await server.client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics } })) as CodeAction[];
    return { uri, diagnostics, actions };
  }

  test('apply the "did you mean"', async () => {
    const text = 'example.com {\n\treverse_proxy :3000 {\n\t\tlb_polcy first\n\t}\n}\n';
    const { uri, actions } = await actionsFor('action-typo', text);
    expect(actions.map((a) => a.title)).toEqual(['replace with `lb_policy`']);
    expect(actions[0].kind).toBe('quickfix');
    const fixed = apply(text, actions[0].edit!.changes![uri]);
    expect(fixed).toContain('\t\tlb_policy first\n');
    expect(await server.client.change(uri, fixed)).toEqual([]);
  });

  test('remove an unused matcher', async () => {
    const text = 'example.com {\n\t@unused path /x/*\n\trespond "ok"\n}\n';
    const { uri, actions } = await actionsFor('action-unused', text);
    expect(actions.map((a) => a.title)).toEqual(['remove `@unused`']);
    expect(apply(text, actions[0].edit!.changes![uri])).toBe('example.com {\n\trespond "ok"\n}\n');
  });

  test('add a missing brace', async () => {
    const text = 'example.com {\n\thandle {\n\t\trespond "ok"\n\t}\n';
    const { uri, diagnostics, actions } = await actionsFor('action-brace', text);
    expect(diagnostics.map((d) => d.code)).toEqual(['RWS1004']);
    expect(actions.map((a) => a.title)).toEqual(['add the missing `}`']);
    const fixed = apply(text, actions[0].edit!.changes![uri]);
    expect(await server.client.change(uri, fixed)).toEqual([]);
  });
});

describe('commands', () => {
  const SITE = 'http://localhost:8080 {\n\t@api path /api/*\n\treverse_proxy @api 127.0.0.1:3000\n\trespond "home"\n}\n';

  test('rws.showPlan returns the compiled plan as `rws plan` prints it', async () => {
    const { uri } = await server.client.open('cmd-plan/Rwsfile', SITE);
    const result = (await server.client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'rws.showPlan', arguments: [uri] })) as { ok: boolean; text: string };
    expect(result.ok).toBe(true);
    expect(result.text).toBe(JSON.stringify(compile({ path: `${server.client.dir}/cmd-plan/Rwsfile`, text: SITE }).plan, null, 2) + '\n');
  });

  test('rws.explainRequest explains as `rws explain` does, from the open buffer', async () => {
    const { uri } = await server.client.open('cmd-explain/Rwsfile', SITE);
    const result = (await server.client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'rws.explainRequest', arguments: [uri, { url: '/api/users' }] })) as {
      ok: boolean;
      text: string;
    };
    expect(result.ok).toBe(true);
    expect(result.text).toBe(cli(['explain', '-f', 'cmd-explain/Rwsfile', '/api/users']));
    expect(result.text).toContain('reverse_proxy');
  });

  test('a file with errors: the diagnostics instead of a plan', async () => {
    const { uri } = await server.client.open('cmd-broken/Rwsfile', 'example.com {\n\tbogus\n}\n');
    const result = (await server.client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'rws.showPlan', arguments: [uri] })) as { ok: boolean; error: string };
    expect(result.ok).toBe(false);
    expect(result.error).toContain('error[RWS3001]: unknown directive `bogus`');
  });
});
