/** Small markdown helpers for the generated reference docs. */

/** A table cell: pipes escaped, line breaks flattened. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ').trim();
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map((r) => line(r.map(cell)))].join('\n');
}

/** A fenced code block; the fence is longer than any run of backticks inside. */
export function codeBlock(code: string, lang = ''): string {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${code.replace(/\n+$/, '')}\n${fence}`;
}

/** Inline code, safe for text containing backticks. */
export function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return longest > 0 ? `${ticks} ${text} ${ticks}` : `${ticks}${text}${ticks}`;
}

export const GENERATED_NOTICE = (source: string) =>
  `<!-- Generated from ${source} by \`npm run docs\` (compiler/docs/generate.ts). Do not edit by hand: a test fails when it drifts. -->`;
