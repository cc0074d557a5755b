import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from '../../../compiler/values/did-you-mean.ts';

const DIRECTIVES = ['reverse_proxy', 'redir', 'rewrite', 'respond', 'root', 'file_server', 'header', 'encode'];

describe('didYouMean', () => {
  it('suggests close matches, counting a swap of neighbours as one edit', () => {
    expect(didYouMean('revers_proxy', DIRECTIVES)).toBe('reverse_proxy');
    expect(didYouMean('reidr', DIRECTIVES)).toBe('redir');
    expect(didYouMean('heaedr', DIRECTIVES)).toBe('header');
    expect(didYouMean('File_Server', DIRECTIVES)).toBe('file_server');
  });

  it('stays quiet for words that are not close', () => {
    expect(didYouMean('proxy', DIRECTIVES)).toBeNull();
    expect(didYouMean('xyz', DIRECTIVES)).toBeNull();
    expect(didYouMean('root', DIRECTIVES)).toBeNull();
  });

  it('computes the optimal-string-alignment distance', () => {
    expect(editDistance('ca', 'ac')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
});
