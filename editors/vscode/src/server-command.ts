/**
 * Where the rws language server comes from: the `rws.server.path` setting, else the workspace's
 * `node_modules/.bin/rws`, else `rws` on PATH, else the server bundled into this extension (dist/server.mjs).
 *
 * Invariant: pure (no `vscode` import, file checks through `isFile`), so it is tested without an editor.
 */
import { posix, win32, type PlatformPath } from 'node:path';

export type ServerLaunch =
  /** An executable (or a script run with `node`), spawned with the configured arguments. */
  | { readonly kind: 'executable'; readonly source: 'setting' | 'workspace' | 'path'; readonly command: string; readonly args: readonly string[]; readonly shell: boolean }
  /** The bundled server, run by the editor's own Node.js (no `node` or `rws` needed on the machine). */
  | { readonly kind: 'bundled'; readonly module: string; readonly args: readonly string[] };

export interface LaunchInputs {
  /** `rws.server.path`, '' when not set. */
  readonly settingPath: string;
  /** `rws.server.args`. */
  readonly args: readonly string[];
  readonly workspaceFolders: readonly string[];
  /** process.env.PATH */
  readonly pathEnv: string;
  readonly platform: NodeJS.Platform;
  /** Absolute path of dist/server.mjs, or null when this build has none. */
  readonly bundledServer: string | null;
  readonly isFile: (path: string) => boolean;
}

/** Scripts the setting may name directly (a checkout's `cli/rws.ts`, a built `dist/cli/rws.js`): run with `node`. */
const SCRIPT_EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.ts', '.mts']);

/** The launch to use, or null when nothing is found (the setting names a missing file, or there is no server at all). */
export function resolveServer(inputs: LaunchInputs): ServerLaunch | null {
  const { join } = pathsOf(inputs);
  const setting = inputs.settingPath.trim();
  if (setting !== '') return fromSetting(setting, inputs);
  for (const folder of inputs.workspaceFolders) {
    const found = executableIn(join(folder, 'node_modules', '.bin'), 'rws', inputs);
    if (found !== null) return executable('workspace', found, inputs);
  }
  const onPath = onPathLookup('rws', inputs);
  if (onPath !== null) return executable('path', onPath, inputs);
  if (inputs.bundledServer !== null && inputs.isFile(inputs.bundledServer)) return { kind: 'bundled', module: inputs.bundledServer, args: inputs.args };
  return null;
}

/** Paths as the editor's platform writes them (the tests run every platform's rules anywhere). */
function pathsOf(inputs: LaunchInputs): PlatformPath {
  return inputs.platform === 'win32' ? win32 : posix;
}

function fromSetting(setting: string, inputs: LaunchInputs): ServerLaunch | null {
  const { isAbsolute, resolve } = pathsOf(inputs);
  const hasSeparator = setting.includes('/') || (inputs.platform === 'win32' && setting.includes('\\'));
  if (!hasSeparator) {
    const found = onPathLookup(setting, inputs);
    return found === null ? null : executable('setting', found, inputs);
  }
  const candidates = isAbsolute(setting) ? [setting] : inputs.workspaceFolders.map((f) => resolve(f, setting));
  const found = candidates.find((c) => inputs.isFile(c));
  return found === undefined ? null : executable('setting', found, inputs);
}

function executable(source: 'setting' | 'workspace' | 'path', path: string, inputs: LaunchInputs): ServerLaunch {
  if (SCRIPT_EXTENSIONS.has(pathsOf(inputs).extname(path).toLowerCase())) {
    return { kind: 'executable', source, command: 'node', args: [path, ...inputs.args], shell: false };
  }
  // Since Node 20.12, .cmd and .bat files only start through a shell.
  const shell = inputs.platform === 'win32' && /\.(cmd|bat)$/i.test(path);
  return { kind: 'executable', source, command: path, args: inputs.args, shell };
}

function onPathLookup(name: string, inputs: LaunchInputs): string | null {
  for (const dir of inputs.pathEnv.split(pathsOf(inputs).delimiter)) {
    if (dir === '') continue;
    const found = executableIn(dir, name, inputs);
    if (found !== null) return found;
  }
  return null;
}

function executableIn(dir: string, name: string, inputs: LaunchInputs): string | null {
  const names = inputs.platform === 'win32' ? [`${name}.cmd`, `${name}.exe`, `${name}.bat`] : [name];
  for (const n of names) {
    const path = pathsOf(inputs).join(dir, n);
    if (inputs.isFile(path)) return path;
  }
  return null;
}

/** One line for the output channel: which server runs and why. */
export function describeLaunch(launch: ServerLaunch): string {
  switch (launch.kind) {
    case 'executable':
      return `${launch.command} ${launch.args.join(' ')} (from ${launch.source === 'setting' ? 'rws.server.path' : launch.source === 'workspace' ? 'the workspace' : 'PATH'})`;
    case 'bundled':
      return `${launch.module} ${launch.args.join(' ')} (bundled with the extension)`;
    default:
      return unreachable(launch);
  }
}

function unreachable(x: never): never {
  throw new Error(`unexpected ${JSON.stringify(x)}`);
}
