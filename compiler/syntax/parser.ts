/**
 * Tokens → syntax tree. One parser instance, error recovery on, comments kept in their own token group.
 *
 * Invariant: parse() never throws and never loses input: every token ends up in the tree (or in a
 * diagnostic), so the formatter and the language server can work on broken files.
 */
import { EmbeddedActionsParser, type IOrAlt, type IToken, type TokenType } from 'chevrotain';
import { CODES, type DiagnosticCode } from '../diagnostics/codes.ts';
import type { Diagnostic, Fix, Note, Result, Span } from '../diagnostics/diagnostic.ts';
import type { Arg, ArgKind, Block, Comment, Document, Line, SourceFile } from './ast.ts';
import {
  allTokens,
  ArgToken,
  Backtick,
  Heredoc,
  LBrace,
  MatcherRef,
  Newline,
  Quoted,
  RBrace,
  RwsLexer,
  Stray,
  UnterminatedBacktick,
  UnterminatedHeredoc,
  UnterminatedQuoted,
  Word,
} from './tokens.ts';

class RwsParser extends EmbeddedActionsParser {
  private file = '';
  private diagnostics: Diagnostic[] = [];

  constructor() {
    super([...allTokens, ArgToken], { recoveryEnabled: true, maxLookahead: 2 });
    this.performSelfAnalysis();
  }

  begin(file: string, tokens: IToken[], diagnostics: Diagnostic[]): void {
    this.file = file;
    this.diagnostics = diagnostics;
    this.input = tokens;
  }

  /** Lets go of the tokens and diagnostics of the last file (the one parser instance lives on between parses). */
  end(): void {
    this.input = [];
    this.diagnostics = [];
    this.argBuffer.length = 0;
  }

  private span(first: IToken, last: IToken = first): Span {
    return { file: this.file, start: first.startOffset, end: last.startOffset + Math.max(1, last.image.length) };
  }

  private report(code: DiagnosticCode, message: string, span: Span, notes: Note[] = [], hint?: string, fix?: Fix): void {
    this.diagnostics.push({ code, severity: CODES[code].severity, message, span, notes, ...(hint ? { hint } : {}), ...(fix ? { fix } : {}) });
  }

  // Alternatives are built once and cached (Chevrotain's advice: an OR otherwise allocates its array and closures
  // on every call), so they return their result instead of writing to the rule's local variables.
  private topLevelAlts: IOrAlt<Line | null>[] | undefined;
  private blockLineAlts: IOrAlt<Line | null>[] | undefined;

  public document = this.RULE('document', (): Line[] => {
    const lines: Line[] = [];
    this.MANY(() => {
      const line = this.OR(
        (this.topLevelAlts ??= [
          { ALT: () => this.newline() },
          { ALT: () => this.SUBRULE(this.line) },
          {
            ALT: () => {
              const brace = this.CONSUME(RBrace);
              this.ACTION(() =>
                this.report('RWS1005', 'unexpected `}`: no block is open here', this.span(brace), [], 'remove it, or add the `{` it was meant to close'),
              );
              return null;
            },
          },
        ]),
      );
      if (line !== null) lines.push(line);
    });
    return lines;
  });

  // The arguments of the line being read. Lines nest only through blocks, and a block starts after its line's
  // last argument, so one buffer serves every line (and AT_LEAST_ONE gets the same closure each time).
  private readonly argBuffer: Arg[] = [];
  /** One argument: any token of the ArgToken category (one CONSUME instead of a nine-way OR, and no sub-rule call). */
  private readonly pushArg = (): void => {
    const tok = this.CONSUME(ArgToken);
    if (!this.RECORDING_PHASE) this.argBuffer.push(this.toArg(tok));
  };
  private readonly optionalBlock = (): Block => this.SUBRULE(this.block);
  private lineAlts: IOrAlt<Line>[] | undefined;

  private line = this.RULE('line', (): Line =>
    this.OR(
      (this.lineAlts ??= [
        {
          ALT: () => {
            this.argBuffer.length = 0;
            this.AT_LEAST_ONE(this.pushArg);
            const args = this.argBuffer.slice();
            const block = this.OPTION(this.optionalBlock) ?? null;
            return this.finishLine(args, block);
          },
        },
        { ALT: () => this.finishLine([], this.SUBRULE2(this.block)) },
      ]),
    ),
  );

  /** The line's node (after its arguments and block are read); nothing while Chevrotain records the grammar. */
  private finishLine(args: Arg[], block: Block | null): Line {
    if (this.RECORDING_PHASE) return undefined as never;
    const start = args.length > 0 ? args[0].span.start : block!.open.start;
    const end = block !== null ? (block.close ?? lastSpan(block)).end : args[args.length - 1].span.end;
    if (block !== null && block.close !== null) {
      const next = this.LA(1);
      if (next.tokenType !== Newline && next.tokenType !== RBrace && next.tokenType.name !== 'EOF') {
        this.report('RWS1006', 'expected a new line after `}`', this.span(next), [], 'start the next directive on its own line');
      }
    }
    return { args, block, span: { file: this.file, start, end } };
  }

  private block = this.RULE('block', (): Block => {
    const open = this.CONSUME(LBrace);
    const lines: Line[] = [];
    let close: IToken | null = null;
    this.MANY(() => {
      const line = this.OR((this.blockLineAlts ??= [{ ALT: () => this.newline() }, { ALT: () => this.SUBRULE(this.line) }]));
      if (line !== null) lines.push(line);
    });
    this.OPTION(() => {
      close = this.CONSUME(RBrace);
    });
    return this.ACTION(() => {
      const openSpan = this.span(open);
      if (close === null) {
        const at = this.LA(1);
        const where = at.tokenType.name === 'EOF' ? 'the end of the file' : `\`${at.image}\``;
        // The fix closes the block after its last line (an unclosed block holds everything up to where it stops).
        const after = lines.length > 0 ? lines[lines.length - 1].span.end : openSpan.end;
        const fix: Fix = { message: 'add the missing `}`', edits: [{ span: { file: this.file, start: after, end: after }, newText: '\n}' }] };
        this.report('RWS1004', `missing \`}\`: the block opened here is not closed before ${where}`, openSpan, [], 'add `}` on a line of its own to close the block', fix);
      }
      return { open: openSpan, close: close === null ? null : this.span(close), lines: lines.slice() };
    });
  });

  private newline(): null {
    this.CONSUME(Newline);
    return null;
  }

  private toArg(tok: IToken): Arg {
    const span = this.span(tok);
    const raw = tok.image;
    const type: TokenType = tok.tokenType;
    // Words first: nine arguments in ten are words.
    if (type === Word || type === MatcherRef) return arg('word', raw, raw, span);
    const make = (kind: ArgKind, value: string): Arg => arg(kind, value, raw, span);
    switch (type) {
      case Quoted:
        return make('quoted', unquote(raw.slice(1, -1)));
      case Backtick:
        return make('raw', raw.slice(1, -1));
      case Heredoc:
        return make('heredoc', heredocValue(raw));
      case UnterminatedQuoted:
        this.report('RWS1001', 'unterminated string: no closing `"` before the end of the file', span, [], 'add the closing `"`');
        return make('quoted', unquote(raw.slice(1)));
      case UnterminatedBacktick:
        this.report('RWS1001', 'unterminated string: no closing `` ` `` before the end of the file', span, [], 'add the closing `` ` ``');
        return make('raw', raw.slice(1));
      case UnterminatedHeredoc: {
        const marker = /^<<([A-Za-z_][A-Za-z0-9_]*)/.exec(raw)?.[1] ?? '';
        this.report('RWS1002', `unterminated heredoc: no line \`${marker}\` closes it`, { ...span, end: span.start + 2 + marker.length }, [], `add a line containing only \`${marker}\``);
        return make('heredoc', raw.replace(/^[^\n]*\n/, ''));
      }
      case Stray:
        this.report('RWS1003', `unexpected character \`${raw}\``, span);
        return make('word', raw);
      default:
        return make('word', raw);
    }
  }
}

/** One object shape for every argument. */
function arg(kind: ArgKind, value: string, raw: string, span: Span): Arg {
  return { kind, value, raw, span };
}

function lastSpan(block: Block): Span {
  const last = block.lines[block.lines.length - 1];
  return last ? last.span : block.open;
}

/** In double quotes, only `\"` is an escape (as in Caddyfiles): `"^\d+$"` keeps its backslash. */
function unquote(body: string): string {
  return body.includes('\\"') ? body.replace(/\\"/g, '"') : body;
}

/** The closing marker's indentation is removed from every line of the body. */
function heredocValue(raw: string): string {
  const lines = raw.split('\n');
  const closing = lines[lines.length - 1];
  const indent = /^[ \t]*/.exec(closing)?.[0] ?? '';
  const body = lines.slice(1, -1).map((l) => l.replace(/\r$/, ''));
  return body.map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l.trimStart())).join('\n');
}

const parser = new RwsParser();

/** Parse one source file. Never throws; problems come back as diagnostics. */
export function parse(file: SourceFile): Result<Document> {
  const diagnostics: Diagnostic[] = [];
  const lexed = RwsLexer.tokenize(file.text);
  for (const e of lexed.errors) {
    diagnostics.push({
      code: 'RWS1003',
      severity: 'error',
      message: `unexpected character \`${file.text.slice(e.offset, e.offset + e.length)}\``,
      span: { file: file.path, start: e.offset, end: e.offset + Math.max(1, e.length) },
      notes: [],
    });
  }
  parser.begin(file.path, lexed.tokens, diagnostics);
  const lines = parser.document() ?? [];
  const errors = parser.errors;
  parser.end();
  for (const e of errors) {
    const tok = e.token;
    const start = Number.isNaN(tok.startOffset) ? file.text.length : tok.startOffset;
    diagnostics.push({
      code: 'RWS1007',
      severity: 'error',
      message: `syntax error: ${e.message}`,
      span: { file: file.path, start, end: start + Math.max(1, tok.image.length) },
      notes: [],
    });
  }
  const comments: Comment[] = (lexed.groups.comments ?? []).map((t) => ({
    text: t.image,
    span: { file: file.path, start: t.startOffset, end: t.startOffset + t.image.length },
  }));
  diagnostics.sort((a, b) => a.span.start - b.span.start);
  return { value: { file, lines, comments }, diagnostics };
}
