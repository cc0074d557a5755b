/**
 * `node bench/grammar-tokenize.ts`: how long the committed TextMate grammar takes to tokenize (vscode-textmate +
 * Oniguruma, as in VS Code) a 2,000-site Rwsfile and lines of 1,000 to 8,000 words. Not part of `npm test`.
 * A per-line cost that grows faster than the line (a quadratic rule) shows up in the second table.
 */
import { tokenize } from '../test/grammar/tokenize.ts';

function site(i: number): string {
  return [
    `site${i}.example.com:{$PORT:8080} {`,
    `\t@api${i} path /api/${i}/*`,
    `\treverse_proxy @api${i} 10.0.0.${i % 250}:8080 {`,
    '\t\tlb_policy least_conn',
    '\t\ttransport http {',
    '\t\t\tdial_timeout 2s',
    '\t\t}',
    '\t}',
    `\trespond "hello {path} ${'x'.repeat(100)}" 200 # comment`,
    '}',
    '',
  ].join('\n');
}

async function timed(text: string): Promise<{ ms: number; tokens: number }> {
  const start = performance.now();
  const tokens = await tokenize(text);
  return { ms: performance.now() - start, tokens: tokens.length };
}

await tokenize('warm-up {\n}\n');
const file = Array.from({ length: 2000 }, (_, i) => site(i)).join('');
const whole = await timed(file);
process.stdout.write(`2000 sites (${file.split('\n').length} lines): ${whole.tokens} tokens in ${whole.ms.toFixed(0)} ms\n`);
for (const words of [1000, 2000, 4000, 8000]) {
  const line = await timed(`:80 {\n\trespond ${'a{path}b\\c '.repeat(words)}\n}\n`);
  process.stdout.write(`one line of ${words} words: ${line.ms.toFixed(0)} ms\n`);
}
