/**
 * Semantic tokens: what each word is, as the compiler sees it (a known directive, a subdirective, a matcher,
 * a placeholder inside a string…), which a TextMate grammar cannot know.
 *
 * Needs: the parsed state.
 */
import type { SemanticTokens } from 'vscode-languageserver';
import type { Arg, Document, Line } from '../../compiler/syntax/ast.ts';
import { roleOf, type ArgRole } from '../syntax/arg-role.ts';
import { inside, type BlockContext } from '../syntax/block-context.ts';
import { lineIndex } from '../workspace/positions.ts';
import { TOKEN_MODIFIERS, TOKEN_TYPES, type TokenModifier, type TokenType } from './semantic-tokens-legend.ts';

interface Token {
  readonly start: number;
  readonly end: number;
  readonly type: TokenType;
  readonly modifiers: readonly TokenModifier[];
}

export function semanticTokens(doc: Document): SemanticTokens {
  const tokens: Token[] = [];
  const walk = (lines: readonly Line[], ctx: BlockContext): void => {
    for (const line of lines) {
      line.args.forEach((arg, i) => argTokens(arg, roleOf(ctx, line, i), tokens));
      if (line.block !== null) walk(line.block.lines, inside(ctx, line));
    }
  };
  walk(doc.lines, { kind: 'top' });
  for (const c of doc.comments) tokens.push({ start: c.span.start, end: c.span.end, type: 'comment', modifiers: [] });
  tokens.sort((a, b) => a.start - b.start);
  return { data: encode(tokens, doc.file.text) };
}

function argTokens(arg: Arg, role: ArgRole, out: Token[]): void {
  const base = typeOf(arg, role);
  const modifiers: TokenModifier[] = role.kind === 'matcher-definition' || role.kind === 'snippet-definition' ? ['declaration'] : [];
  let pos = 0;
  if (arg.kind !== 'raw') {
    const re = /\{([^\s{}]+)\}/g;
    for (let m = re.exec(arg.raw); m !== null; m = re.exec(arg.raw)) {
      if (m.index > 0 && arg.raw[m.index - 1] === '\\') continue;
      if (base !== null && m.index > pos) out.push({ start: arg.span.start + pos, end: arg.span.start + m.index, type: base, modifiers });
      out.push({ start: arg.span.start + m.index, end: arg.span.start + m.index + m[0].length, type: 'macro', modifiers: m[1].startsWith('$') ? ['readonly'] : [] });
      pos = m.index + m[0].length;
    }
  }
  if (base !== null && pos < arg.raw.length) out.push({ start: arg.span.start + pos, end: arg.span.end, type: base, modifiers });
}

function typeOf(arg: Arg, role: ArgRole): TokenType | null {
  if (arg.kind !== 'word') return 'string';
  switch (role.kind) {
    case 'directive-name':
      return role.spec !== undefined || arg.value === 'import' ? 'keyword' : null;
    case 'subdirective-name':
      return role.spec !== undefined ? 'property' : null;
    case 'matcher-definition':
    case 'matcher-ref':
      return 'variable';
    case 'matcher-type':
      return 'operator';
    case 'import-target':
    case 'snippet-definition':
      return 'function';
    case 'site-address':
      return 'namespace';
    case 'value':
      switch (role.spec?.type.kind) {
        case 'enum':
        case 'bool':
          return 'enumMember';
        case 'duration':
        case 'size':
        case 'int':
        case 'status':
          return 'number';
        default:
          return null;
      }
    case 'inline-matcher':
    case 'none':
      return null;
    default:
      return assertNever(role);
  }
}

/** LSP's relative encoding; a token spanning lines is split into one token per line. */
function encode(tokens: readonly Token[], text: string): number[] {
  const index = lineIndex(text);
  const data: number[] = [];
  let prevLine = 0;
  let prevChar = 0;
  const emit = (start: number, end: number, t: Token): void => {
    if (end <= start) return;
    const p = index.position(start);
    const line = p.line - 1;
    const char = p.column - 1;
    data.push(line - prevLine, line === prevLine ? char - prevChar : char, end - start, TOKEN_TYPES.indexOf(t.type), t.modifiers.reduce((bits, m) => bits | (1 << TOKEN_MODIFIERS.indexOf(m)), 0));
    prevLine = line;
    prevChar = char;
  };
  for (const t of tokens) {
    let start = t.start;
    for (let nl = text.indexOf('\n', start); nl !== -1 && nl < t.end; nl = text.indexOf('\n', start)) {
      emit(start, text[nl - 1] === '\r' ? nl - 1 : nl, t);
      start = nl + 1;
    }
    emit(start, t.end, t);
  }
  return data;
}

function assertNever(x: never): never {
  throw new Error(`unexpected ${JSON.stringify(x)}`);
}
