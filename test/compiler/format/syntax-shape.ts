/**
 * What a formatted file must keep: every line's arguments (kind and value), the block structure and the
 * comments in order. Used by the formatter tests and the fuzz test to show formatting never changes meaning.
 */
import type { Document, Line } from '../../../compiler/syntax/ast.ts';

export function syntaxShape(doc: Document): string[] {
  return [...linesShape(doc.lines, 0), ...doc.comments.map((c) => `comment ${c.text.trimEnd()}`)];
}

function linesShape(lines: readonly Line[], depth: number): string[] {
  const out: string[] = [];
  for (const line of lines) {
    out.push(`${depth} ${argsShape(line, depth)}${line.block ? ' {' : ''}`);
    if (line.block) out.push(...linesShape(line.block.lines, depth + 1), `${depth} }`);
  }
  return out;
}

/** A site's address list is compared with the white space around its commas removed (`a.com,b.com` = `a.com, b.com`). */
function argsShape(line: Line, depth: number): string {
  const isSite = depth === 0 && line.block !== null && line.args.length > 0 && line.args.every((a) => a.kind === 'word') && !line.args[0].value.startsWith('(');
  if (isSite) return `site:${line.args.map((a) => a.value).join(' ').replace(/\s*,\s*/g, ',')}`;
  return line.args.map((a) => `${a.kind}:${JSON.stringify(a.value)}`).join(' ');
}
