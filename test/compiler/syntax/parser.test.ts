import { describe, expect, it } from 'vitest';
import type { Line } from '../../../compiler/syntax/ast.ts';
import { parse } from '../../../compiler/syntax/parser.ts';

function shape(lines: readonly Line[], depth = 0): string[] {
  const out: string[] = [];
  for (const l of lines) {
    out.push('  '.repeat(depth) + l.args.map((a) => `${a.kind}:${a.value}`).join(' ') + (l.block ? ' {' : ''));
    if (l.block) out.push(...shape(l.block.lines, depth + 1), '  '.repeat(depth) + (l.block.close ? '}' : '<missing }>'));
  }
  return out;
}

function codes(text: string): string[] {
  return parse({ path: 'Rwsfile', text }).diagnostics.map((d) => `${d.code}@${d.span.start}`);
}

describe('parser', () => {
  it('groups lines and blocks without knowing directive names', () => {
    const r = parse({ path: 'Rwsfile', text: '{\n\tadmin off\n}\nexample.com, www.example.com {\n\t@api path /api/*\n\treverse_proxy @api 127.0.0.1:3000\n}\n' });
    expect(r.diagnostics).toEqual([]);
    expect(shape(r.value.lines)).toEqual([
      ' {',
      '  word:admin word:off',
      '}',
      'word:example.com, word:www.example.com {',
      '  word:@api word:path word:/api/*',
      '  word:reverse_proxy word:@api word:127.0.0.1:3000',
      '}',
    ]);
  });

  it('keeps placeholders inside words and unquotes strings', () => {
    const r = parse({ path: 'f', text: 'redir /old/* /new/{path.1} 301\nrespond "say \\"hi\\" \\d" `raw \\n`\n' });
    expect(shape(r.value.lines)).toEqual(['word:redir word:/old/* word:/new/{path.1} word:301', 'word:respond quoted:say "hi" \\d raw:raw \\n']);
  });

  it('reads heredocs, strips the closing indentation and allows arguments after the marker', () => {
    const r = parse({ path: 'f', text: 'x {\n\trespond <<HTML\n\t\t<p>{host}</p>\n\t\t  ok\n\t\tHTML 200\n}\n' });
    expect(r.diagnostics).toEqual([]);
    expect(shape(r.value.lines)).toEqual(['word:x {', '  word:respond heredoc:<p>{host}</p>\n  ok word:200', '}']);
  });

  it('keeps comments with their spans, and a # inside a word is not a comment', () => {
    const text = '# top\nrespond a#b # trailing\n';
    const r = parse({ path: 'f', text });
    expect(r.value.comments.map((c) => c.text)).toEqual(['# top', '# trailing']);
    expect(text.slice(r.value.comments[1].span.start, r.value.comments[1].span.end)).toBe('# trailing');
    expect(shape(r.value.lines)).toEqual(['word:respond word:a#b']);
  });

  it('reports a missing closing brace at the opening brace and keeps the lines', () => {
    const text = 'a {\n\tb {\n\t\tc\n\t}\n';
    const r = parse({ path: 'f', text });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['RWS1004']);
    expect(r.diagnostics[0].span.start).toBe(2);
    expect(shape(r.value.lines)).toEqual(['word:a {', '  word:b {', '    word:c', '  }', '<missing }>']);
  });

  it('reports a stray closing brace and goes on', () => {
    expect(codes('a\n}\nb\n')).toEqual(['RWS1005@2']);
  });

  it('reports unterminated strings and heredocs', () => {
    expect(codes('respond "abc\n')).toEqual(['RWS1001@8']);
    expect(codes('respond <<EOF\nabc\n')).toEqual(['RWS1002@8']);
  });

  it('requires a new line after a closing brace', () => {
    expect(codes('a {\n} b\n')).toEqual(['RWS1006@6']);
  });

  it('never throws on arbitrary input', () => {
    const alphabet = ['{', '}', '"', '`', '#', '\n', ' ', 'a', '@m', '<<E\n', 'E', '\\', '{x}', '\t'];
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let i = 0; i < 500; i++) {
      let text = '';
      for (let j = 0; j < 40; j++) text += alphabet[Math.floor(rand() * alphabet.length)];
      const r = parse({ path: 'f', text });
      expect(Array.isArray(r.value.lines)).toBe(true);
      for (const d of r.diagnostics) expect(d.span.end).toBeGreaterThan(d.span.start - 1);
    }
  });
});
