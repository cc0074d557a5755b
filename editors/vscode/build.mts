/**
 * `npm run build`: the extension's files. Copies the generated grammar and language configuration from
 * grammar/ (the repository's only copy), bundles the client (dist/extension.js, CommonJS, `vscode` external)
 * and the rws CLI as the fallback language server (dist/server.mjs), so the .vsix works without rws installed.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

mkdirSync(join(here, 'syntaxes'), { recursive: true });
copyFileSync(join(root, 'grammar', 'rwsfile.tmLanguage.json'), join(here, 'syntaxes', 'rwsfile.tmLanguage.json'));
copyFileSync(join(root, 'grammar', 'language-configuration.json'), join(here, 'language-configuration.json'));

await build({
  entryPoints: [join(here, 'src', 'extension.ts')],
  outfile: join(here, 'dist', 'extension.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  minify: true,
  sourcemap: false,
  logLevel: 'warning',
});

// The CLI uses top-level await, so the server is an ES module; a few dependencies still call `require`.
await build({
  entryPoints: [join(root, 'cli', 'rws.ts')],
  outfile: join(here, 'dist', 'server.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  minify: true,
  banner: { js: "import { createRequire as __rwsRequire } from 'node:module'; const require = __rwsRequire(import.meta.url);" },
  logLevel: 'warning',
});
process.stdout.write('built dist/extension.js, dist/server.mjs, syntaxes/rwsfile.tmLanguage.json, language-configuration.json\n');
