/**
 * The grammar against the compiler itself: on every sample, example file and registry example, each token the
 * Chevrotain lexer cuts is a token (or a run of tokens) of the grammar too, with a scope of its kind; and every
 * directive, global option and subdirective the registry's examples use is highlighted as one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIRECTIVES, GLOBAL_OPTIONS } from '../../compiler/directives/index.ts';
import type { DirectiveSpec, SubdirectiveSpec } from '../../compiler/registry/directive.ts';
import type { Line } from '../../compiler/syntax/ast.ts';
import { parse } from '../../compiler/syntax/parser.ts';
import { RwsLexer } from '../../compiler/syntax/tokens.ts';
import { SCOPES } from '../../grammar/scopes.ts';
import { hasScope } from './assertions.ts';
import { tokenize, type ScopedToken } from './tokenize.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** What the grammar must say about each kind of lexer token (any one of the scopes). */
const EXPECTED: Readonly<Record<string, readonly string[]>> = {
  Comment: [SCOPES.comment],
  Quoted: [SCOPES.quoted],
  UnterminatedQuoted: [SCOPES.quoted],
  Backtick: [SCOPES.backtick],
  UnterminatedBacktick: [SCOPES.backtick],
  Heredoc: [SCOPES.heredoc],
  UnterminatedHeredoc: [SCOPES.heredoc],
  MatcherRef: [SCOPES.matcherDefinition, SCOPES.matcherReference],
  LBrace: [SCOPES.blockBegin],
  RBrace: [SCOPES.blockEnd, SCOPES.strayBrace],
};
/** A word is never inside a comment or a string. */
const NOT_IN_WORD = [SCOPES.comment, SCOPES.quoted, SCOPES.backtick, SCOPES.heredoc];

class Positions {
  readonly #starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.#starts.push(i + 1);
  }
  of(offset: number): { line: number; column: number } {
    let line = this.#starts.length - 1;
    while (this.#starts[line] > offset) line--;
    return { line, column: offset - this.#starts[line] };
  }
}

function disagreements(text: string, tokens: readonly ScopedToken[]): string[] {
  const positions = new Positions(text);
  const lexed = RwsLexer.tokenize(text);
  const all = [...lexed.tokens, ...(lexed.groups.comments ?? [])];
  const starts = new Set(tokens.map((t) => `${t.line}:${t.column}`));
  const ends = new Set(tokens.map((t) => `${t.line}:${t.column + t.text.length}`));
  const out: string[] = [];
  for (const tok of all) {
    const kind = tok.tokenType.name;
    if (kind === 'Newline' || kind === 'Stray') continue;
    const start = positions.of(tok.startOffset);
    const end = positions.of(tok.startOffset + tok.image.length);
    const where = `${start.line + 1}:${start.column + 1} ${kind} ${JSON.stringify(tok.image.slice(0, 40))}`;
    if (!starts.has(`${start.line}:${start.column}`)) out.push(`${where}: no grammar token starts here`);
    if (!kind.startsWith('Unterminated') && !ends.has(`${end.line}:${end.column}`)) out.push(`${where}: no grammar token ends where it ends`);
    const first = tokens.find((t) => t.line === start.line && t.column === start.column);
    if (first === undefined) continue;
    const expected = EXPECTED[kind];
    if (expected !== undefined && !expected.some((s) => hasScope(first.scopes, s))) out.push(`${where}: expected ${expected.join(' or ')}, got ${first.scopes.join(' ')}`);
    if (kind === 'Word' && NOT_IN_WORD.some((s) => hasScope(first.scopes, s))) out.push(`${where}: a word scoped as ${first.scopes.join(' ')}`);
  }
  return out;
}

function sources(): { name: string; text: string }[] {
  const samples = join(import.meta.dirname, 'samples');
  const examples = join(ROOT, 'examples');
  return [
    ...readdirSync(samples).filter((f) => f.endsWith('.rws')).map((f) => ({ name: `samples/${f}`, text: readFileSync(join(samples, f), 'utf8') })),
    ...readdirSync(examples).filter((f) => f.endsWith('.rws')).map((f) => ({ name: `examples/${f}`, text: readFileSync(join(examples, f), 'utf8') })),
    { name: 'Rwsfile.example', text: readFileSync(join(ROOT, 'Rwsfile.example'), 'utf8') },
  ];
}

/** The scope a line's first word must have, and what its block holds. */
type Context = { readonly kind: 'directives' } | { readonly kind: 'options' } | { readonly kind: 'subdirectives'; readonly subs: readonly SubdirectiveSpec[] };

/** Each line of `lines` whose first word the registry knows in `context`: the word's position and its scope. */
function knownNames(lines: readonly Line[], context: Context): { offset: number; name: string; scope: string }[] {
  const out: { offset: number; name: string; scope: string }[] = [];
  for (const line of lines) {
    const first = line.args[0];
    if (first === undefined || first.kind !== 'word') continue;
    const list: readonly DirectiveSpec[] = context.kind === 'options' ? GLOBAL_OPTIONS : DIRECTIVES;
    if (context.kind === 'subdirectives') {
      const sub = context.subs.find((s) => s.name === first.value);
      if (sub === undefined) continue;
      out.push({ offset: first.span.start, name: sub.name, scope: SCOPES.subdirective });
      if (sub.block !== undefined && line.block !== null) out.push(...knownNames(line.block.lines, { kind: 'subdirectives', subs: sub.block }));
      continue;
    }
    const spec = list.find((d) => d.name === first.value);
    if (spec === undefined) continue;
    out.push({ offset: first.span.start, name: spec.name, scope: context.kind === 'options' ? SCOPES.globalOption : SCOPES.directive });
    if (line.block === null || spec.block === null) continue;
    if (spec.block.kind === 'routes') out.push(...knownNames(line.block.lines, { kind: 'directives' }));
    if (spec.block.kind === 'subdirectives') out.push(...knownNames(line.block.lines, { kind: 'subdirectives', subs: spec.block.subdirectives }));
  }
  return out;
}

describe('the grammar agrees with the compiler', () => {
  for (const { name, text } of sources()) {
    it(`${name}: every lexer token is a grammar token of its kind`, async () => {
      expect(disagreements(text, await tokenize(text))).toEqual([]);
    });
  }

  const registryExamples = [
    ...DIRECTIVES.flatMap((d) => d.examples.map((ex, i) => ({ label: `${d.name} #${i + 1}`, text: `:8080 {\n${ex}\n}\n`, body: 'site' as const }))),
    ...GLOBAL_OPTIONS.flatMap((o) => o.examples.map((ex, i) => ({ label: `${o.name} #${i + 1}`, text: `{\n${ex}\n}\n`, body: 'global' as const }))),
  ];

  it(`highlights every directive, option and subdirective in the registry's ${registryExamples.length} examples`, async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const ex of registryExamples) {
      const tokens = await tokenize(ex.text);
      failures.push(...disagreements(ex.text, tokens).map((f) => `${ex.label}: ${f}`));
      const doc = parse({ path: '<example>', text: ex.text }).value;
      const block = doc.lines[0]?.block?.lines ?? [];
      const positions = new Positions(ex.text);
      for (const known of knownNames(block, { kind: ex.body === 'site' ? 'directives' : 'options' })) {
        checked++;
        const at = positions.of(known.offset);
        const token = tokens.find((t) => t.line === at.line && t.column === at.column);
        if (token === undefined || token.text !== known.name || !hasScope(token.scopes, known.scope)) {
          failures.push(`${ex.label}: \`${known.name}\` at ${at.line + 1}:${at.column + 1} should be ${known.scope}, got ${token?.scopes.join(' ') ?? 'no token'}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(DIRECTIVES.length);
  });
});
