/** Seed inputs for the fuzz test: the Rwsfiles in examples/ and the inputs of the golden tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fg from 'fast-glob';

export interface Seed {
  /** Real path, so relative imports resolve next to it. */
  readonly path: string;
  readonly text: string;
}

const ROOT = join(import.meta.dirname, '..', '..');

export function corpus(): Seed[] {
  const files = fg.sync(['examples/**/*.rws', 'examples/**/Rwsfile*', 'test/golden/**/*.rwstest'], { cwd: ROOT, absolute: true }).sort();
  return files.map((path) => {
    const text = readFileSync(path, 'utf8');
    if (!path.endsWith('.rwstest')) return { path, text };
    const cut = text.search(/^-{10}\s*$/m);
    return { path: path.replace(/\.rwstest$/, '.rws'), text: cut === -1 ? text : text.slice(0, cut) };
  });
}
