/**
 * `npm run docs`: regenerate the committed reference docs (docs/diagnostics.md, docs/directives.md).
 * `node compiler/docs/generate.ts --check` only reports the files that are out of date (exit 1).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedDocs } from './generated-docs.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const check = process.argv.includes('--check');
let stale = 0;
for (const doc of generatedDocs()) {
  const path = join(root, doc.path);
  let current: string | null = null;
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    current = null;
  }
  if (current === doc.text) continue;
  stale++;
  if (check) {
    process.stdout.write(`${doc.path} is out of date\n`);
  } else {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, doc.text);
    process.stdout.write(`wrote ${doc.path}\n`);
  }
}
if (check && stale > 0) process.exitCode = 1;
