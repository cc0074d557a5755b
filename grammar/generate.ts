/**
 * `npm run grammar`: regenerate the committed TextMate grammar and language configuration (grammar/*.json).
 * `node grammar/generate.ts --check` only reports the files that are out of date (exit 1).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedGrammarFiles } from './generated-grammar.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
let stale = 0;
for (const file of generatedGrammarFiles()) {
  const path = join(root, file.path);
  let current: string | null;
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    current = null;
  }
  if (current === file.text) continue;
  stale++;
  if (check) {
    process.stdout.write(`${file.path} is out of date\n`);
  } else {
    writeFileSync(path, file.text);
    process.stdout.write(`wrote ${file.path}\n`);
  }
}
if (check && stale > 0) process.exitCode = 1;
