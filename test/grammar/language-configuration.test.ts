import { describe, expect, it } from 'vitest';
import { languageConfiguration } from '../../grammar/language-configuration.ts';
import { parse } from '../../compiler/syntax/parser.ts';

const config = languageConfiguration();
const increase = new RegExp(config.indentationRules.increaseIndentPattern);
const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);

describe('language configuration', () => {
  it('comments lines with the character the lexer reads as a comment', () => {
    const commented = `${config.comments.lineComment} respond "hi"\n`;
    expect(parse({ path: '<t>', text: commented }).value.comments.map((c) => c.text)).toEqual(['# respond "hi"']);
  });

  it('indents after a line that opens a block, and only then', () => {
    expect(['example.com {', '\thandle /api/* {', '\ttransport http {  # pool', '{'].filter((l) => increase.test(l))).toHaveLength(4);
    expect(['\trespond "{path}"', '\tredir /a /b/{path.1}', '# {', '\t}'].filter((l) => increase.test(l))).toEqual([]);
  });

  it('outdents a line that closes a block', () => {
    expect(decrease.test('\t}')).toBe(true);
    expect(decrease.test('\trespond }')).toBe(false);
  });

  it('pairs only the brackets the language has', () => {
    expect(config.brackets).toEqual([['{', '}']]);
    expect(config.autoClosingPairs.map((p) => p.open)).toEqual(expect.arrayContaining(['{', '"', '`']));
  });
});
