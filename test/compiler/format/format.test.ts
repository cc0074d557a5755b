import { describe, expect, it } from 'vitest';
import { formatText } from '../../../compiler/format/format.ts';
import { parse } from '../../../compiler/syntax/parser.ts';
import { syntaxShape } from './syntax-shape.ts';

/** Format, and check on the way that the result keeps the meaning and is already formatted. */
function fmt(text: string): string {
  const result = formatText('Rwsfile', text);
  if (result.text === null) throw new Error(`syntax errors: ${result.diagnostics.map((d) => d.message).join('; ')}`);
  expect(syntaxShape(parse({ path: 'Rwsfile', text: result.text }).value)).toEqual(syntaxShape(parse({ path: 'Rwsfile', text }).value));
  expect(formatText('Rwsfile', result.text).text).toBe(result.text);
  return result.text;
}

describe('format: layout', () => {
  it('indents with one tab per block level and puts one space between arguments', () => {
    expect(fmt('example.com {\n    header   X-A    "1"\n  route /x {\n        respond    hi\n  }\n}\n')).toBe(
      'example.com {\n\theader X-A "1"\n\troute /x {\n\t\trespond hi\n\t}\n}\n',
    );
  });

  it('ends the file with exactly one new line', () => {
    expect(fmt('a {\n}')).toBe('a {\n}\n');
    expect(fmt('a {\n}\n\n\n\n')).toBe('a {\n}\n');
    expect(fmt('')).toBe('');
    expect(fmt('\n\n  \n')).toBe('');
  });

  it('expands single-line blocks', () => {
    expect(fmt('x {\n@m { path /x }\n}\n')).toBe('x {\n\t@m {\n\t\tpath /x\n\t}\n}\n');
    expect(fmt('a { b { c d } }\n')).toBe('a {\n\tb {\n\t\tc d\n\t}\n}\n');
    expect(fmt('a {}\n')).toBe('a {}\n');
    expect(fmt('a { }\n')).toBe('a {\n}\n');
  });

  it('moves a first line written after `{` and a `}` written after the last line onto their own lines', () => {
    expect(fmt('a { b\n\tc }\n')).toBe('a {\n\tb\n\tc\n}\n');
  });

  it('keeps a block that opens on its own line as its own line', () => {
    expect(fmt('{\n\tadmin off\n}\nexample.com {\n}\n')).toBe('{\n\tadmin off\n}\nexample.com {\n}\n');
  });

  it('normalises site address lists but not commas inside placeholders or nested lines', () => {
    expect(fmt('a.com,b.com {\n}\n')).toBe('a.com, b.com {\n}\n');
    expect(fmt('a.com ,  b.com,c.com {\n}\n')).toBe('a.com, b.com, c.com {\n}\n');
    expect(fmt('http://a.com:80 , :8080 {\n}\n')).toBe('http://a.com:80, :8080 {\n}\n');
    expect(fmt('{$HOSTS:a.com,b.com},c.com {\n}\n')).toBe('{$HOSTS:a.com,b.com}, c.com {\n}\n');
    expect(fmt('a.com b.com {\n}\n')).toBe('a.com b.com {\n}\n');
    expect(fmt('x {\n\tquery a=1,b=2 , c\n}\n')).toBe('x {\n\tquery a=1,b=2 , c\n}\n');
    expect(fmt('(snip,pet) {\n}\n')).toBe('(snip,pet) {\n}\n');
  });
});

describe('format: blank lines', () => {
  it('keeps blank lines between items, collapsed to one', () => {
    expect(fmt('a {\n\tb\n\n\n\n\tc\n\t\n\td\n}\n\n\ne {\n}\n')).toBe('a {\n\tb\n\n\tc\n\n\td\n}\n\ne {\n}\n');
  });

  it('drops blank lines at the start of the file, after `{` and before `}`', () => {
    expect(fmt('\n\n\na {\n\n\n\tb\n\n}\n')).toBe('a {\n\tb\n}\n');
    expect(fmt('a {\n\n\t# c\n\n}\n')).toBe('a {\n\t# c\n}\n');
  });
});

describe('format: comments', () => {
  it('keeps own-line comments at their block level and trailing comments one space after the code', () => {
    expect(fmt('# top\na {   # after brace\n      # inside\n  b 1     # trailing\n        # before close\n}    # after close\n# end')).toBe(
      '# top\na { # after brace\n\t# inside\n\tb 1 # trailing\n\t# before close\n} # after close\n# end\n',
    );
  });

  it('keeps blank lines around comments', () => {
    expect(fmt('# licence\n\n\n# about\na {\n\tb\n\n\t# next\n\tc\n}\n\n# tail\n')).toBe('# licence\n\n# about\na {\n\tb\n\n\t# next\n\tc\n}\n\n# tail\n');
  });

  it('keeps comments in single-line blocks with the code they followed', () => {
    expect(fmt('a { b } # why\n')).toBe('a {\n\tb\n} # why\n');
    expect(fmt('a { b # why\n}\n')).toBe('a {\n\tb # why\n}\n');
    expect(fmt('a {# c\n}\n')).toBe('a { # c\n}\n');
  });

  it('trims trailing white space and carriage returns from comments but keeps their text', () => {
    expect(fmt('#no space   \r\na b#c # real  \n')).toBe('#no space\na b#c # real\n');
  });

  it('treats only comment tokens as comments', () => {
    expect(fmt('a "# not a comment" `# nor this` x#y\n')).toBe('a "# not a comment" `# nor this` x#y\n');
  });
});

describe('format: strings and heredocs', () => {
  it('prints arguments from their source text: quoting and escapes are kept, words never re-quoted', () => {
    expect(fmt('a {\n  respond  "say \\"hi\\""   `raw \\n`  "" /new/{path.1}  {$HOME:/x}\n}\n')).toBe(
      'a {\n\trespond "say \\"hi\\"" `raw \\n` "" /new/{path.1} {$HOME:/x}\n}\n',
    );
  });

  it('keeps multi-line strings byte for byte', () => {
    expect(fmt('a {\n    respond "line 1\n  line 2"   200\n}\n')).toBe('a {\n\trespond "line 1\n  line 2" 200\n}\n');
  });

  it('keeps heredoc text exactly, including its closing marker line and what follows it', () => {
    const heredoc = '<<HTML\n        <p>{host}</p>\n\n          <i>x</i>\n        HTML';
    expect(fmt(`x {\n    route {\n        respond ${heredoc}   200   # ok\n    }\n}\n`)).toBe(`x {\n\troute {\n\t\trespond ${heredoc} 200 # ok\n\t}\n}\n`);
    expect(fmt('x {\nrespond <<EOF\n# not a comment\n}\nEOF {\nclose\n}\n}\n')).toBe('x {\n\trespond <<EOF\n# not a comment\n}\nEOF {\n\t\tclose\n\t}\n}\n');
  });
});

describe('format: words that look like a heredoc start', () => {
  it('never puts a new line after a bare `<<WORD` that had none, so it cannot become a heredoc', () => {
    expect(fmt('x {\n    respond <<EOF }\nEOF {\n}\n')).toBe('x {\n\trespond <<EOF }\nEOF {\n}\n');
    expect(fmt('x {\n}\nimport   <<EOF')).toBe('x {\n}\nimport <<EOF');
    expect(fmt('respond <<EOF # c\n')).toBe('respond <<EOF # c\n');
  });
});

describe('format: refusal', () => {
  it('returns no text for a file with syntax errors, with the diagnostics', () => {
    const r = formatText('Rwsfile', 'a {\n\tb\n');
    expect(r.text).toBeNull();
    expect(r.diagnostics.map((d) => d.code)).toEqual(['RWS1004']);
    expect(formatText('Rwsfile', 'a {\n} b\n').text).toBeNull();
    expect(formatText('Rwsfile', 'respond "open\n').text).toBeNull();
  });
});

describe('format: a messy real-world file', () => {
  it('comes out canonical', () => {
    const messy = [
      '',
      '# rws config for example.com',
      '{',
      '    admin   127.0.0.1:2019',
      '  grace_period 5s   # drain slowly',
      '}',
      '(cors) {',
      '  header Access-Control-Allow-Origin "*"',
      '}',
      'example.com,www.example.com{',
      '',
      '  import cors',
      '  @api {',
      '      path /api/*',
      '      method GET   POST',
      '  }',
      '  @static path *.css *.js',
      '',
      '',
      '  handle @api {',
      '    reverse_proxy 127.0.0.1:3000 {  # upstream',
      '         lb_policy   round_robin',
      '    }',
      '  }',
      '  handle { file_server }',
      '  respond /health `{"ok":true}` 200',
      '',
      '}',
      'http://old.example.com { redir https://example.com{uri} 301 }',
      '',
      '',
    ].join('\r\n');
    expect(fmt(messy)).toBe(
      [
        '# rws config for example.com',
        '{',
        '\tadmin 127.0.0.1:2019',
        '\tgrace_period 5s # drain slowly',
        '}',
        '(cors) {',
        '\theader Access-Control-Allow-Origin "*"',
        '}',
        'example.com, www.example.com {',
        '\timport cors',
        '\t@api {',
        '\t\tpath /api/*',
        '\t\tmethod GET POST',
        '\t}',
        '\t@static path *.css *.js',
        '',
        '\thandle @api {',
        '\t\treverse_proxy 127.0.0.1:3000 { # upstream',
        '\t\t\tlb_policy round_robin',
        '\t\t}',
        '\t}',
        '\thandle {',
        '\t\tfile_server',
        '\t}',
        '\trespond /health `{"ok":true}` 200',
        '}',
        'http://old.example.com {',
        '\tredir https://example.com{uri} 301',
        '}',
        '',
      ].join('\n'),
    );
  });
});
