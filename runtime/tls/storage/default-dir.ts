/** The default storage folder: `$XDG_DATA_HOME/rws`, else `~/.local/share/rws`. */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultStorageDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_DATA_HOME;
  if (xdg !== undefined && xdg !== '') return join(xdg, 'rws');
  return join(homedir(), '.local', 'share', 'rws');
}
