import { describe, expect, it } from 'vitest';
import { describeLaunch, resolveServer, type LaunchInputs } from '../../editors/vscode/src/server-command.ts';

const ARGS = ['lsp', '--stdio'];

/** Inputs on a machine whose files are exactly `files`. */
function inputs(files: readonly string[], over: Partial<LaunchInputs> = {}): LaunchInputs {
  const set = new Set(files);
  return {
    settingPath: '',
    args: ARGS,
    workspaceFolders: ['/work/site'],
    pathEnv: '/usr/local/bin:/usr/bin',
    platform: 'linux',
    bundledServer: '/ext/dist/server.mjs',
    isFile: (p) => set.has(p),
    ...over,
  };
}

describe('which language server the VS Code extension starts', () => {
  it('prefers the workspace install, then PATH, then the bundled server', () => {
    const all = ['/work/site/node_modules/.bin/rws', '/usr/bin/rws', '/ext/dist/server.mjs'];
    expect(resolveServer(inputs(all))).toEqual({ kind: 'executable', source: 'workspace', command: '/work/site/node_modules/.bin/rws', args: ARGS, shell: false });
    expect(resolveServer(inputs(all.slice(1)))).toEqual({ kind: 'executable', source: 'path', command: '/usr/bin/rws', args: ARGS, shell: false });
    expect(resolveServer(inputs(all.slice(2)))).toEqual({ kind: 'bundled', module: '/ext/dist/server.mjs', args: ARGS });
    expect(resolveServer(inputs([]))).toBeNull();
  });

  it('takes the first PATH entry that has rws', () => {
    expect(resolveServer(inputs(['/usr/bin/rws', '/usr/local/bin/rws']))).toMatchObject({ command: '/usr/local/bin/rws' });
  });

  it('uses rws.server.path over everything else, resolving a relative path against the workspace', () => {
    const files = ['/work/site/node_modules/.bin/rws', '/work/site/tools/rws', '/opt/rws/bin/rws'];
    expect(resolveServer(inputs(files, { settingPath: 'tools/rws' }))).toMatchObject({ source: 'setting', command: '/work/site/tools/rws' });
    expect(resolveServer(inputs(files, { settingPath: '/opt/rws/bin/rws', args: ['lsp', '--stdio', '--log'] }))).toEqual({
      kind: 'executable',
      source: 'setting',
      command: '/opt/rws/bin/rws',
      args: ['lsp', '--stdio', '--log'],
      shell: false,
    });
  });

  it('looks a bare name in the setting up on PATH', () => {
    expect(resolveServer(inputs(['/usr/bin/rws-dev'], { settingPath: 'rws-dev' }))).toMatchObject({ source: 'setting', command: '/usr/bin/rws-dev' });
  });

  it('does not fall back to another server when the configured one is missing', () => {
    expect(resolveServer(inputs(['/usr/bin/rws', '/ext/dist/server.mjs'], { settingPath: '/nowhere/rws' }))).toBeNull();
  });

  it('runs a script named in the setting (a checkout of rws) with node', () => {
    expect(resolveServer(inputs(['/src/rws/cli/rws.ts'], { settingPath: '/src/rws/cli/rws.ts' }))).toEqual({
      kind: 'executable',
      source: 'setting',
      command: 'node',
      args: ['/src/rws/cli/rws.ts', 'lsp', '--stdio'],
      shell: false,
    });
  });

  it('finds rws.cmd on Windows and starts it through a shell', () => {
    const launch = resolveServer(inputs(['C:\\tools\\rws.cmd'], { platform: 'win32', pathEnv: 'C:\\tools;C:\\Windows', workspaceFolders: [] }));
    expect(launch).toMatchObject({ kind: 'executable', source: 'path', command: 'C:\\tools\\rws.cmd', shell: true });
  });

  it('resolves a Windows setting against a Windows workspace folder', () => {
    const launch = resolveServer(inputs(['C:\\site\\tools\\rws.cmd'], { platform: 'win32', settingPath: 'tools\\rws.cmd', workspaceFolders: ['C:\\site'] }));
    expect(launch).toMatchObject({ source: 'setting', command: 'C:\\site\\tools\\rws.cmd', shell: true });
  });

  it('says which server it chose and why', () => {
    expect(describeLaunch({ kind: 'bundled', module: '/ext/dist/server.mjs', args: ARGS })).toBe('/ext/dist/server.mjs lsp --stdio (bundled with the extension)');
    expect(describeLaunch({ kind: 'executable', source: 'workspace', command: '/w/node_modules/.bin/rws', args: ARGS, shell: false })).toBe(
      '/w/node_modules/.bin/rws lsp --stdio (from the workspace)',
    );
  });
});
