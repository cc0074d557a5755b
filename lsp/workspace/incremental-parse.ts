/**
 * Re-parsing after an edit inside one top-level block: only that block's text goes through the parser; the
 * lines before it are reused as they are and the lines after it are moved by the length change. Typing in a
 * 5,000-line Rwsfile then costs one site's parse instead of the whole file's.
 *
 * Exactness: the lexer and parser read left to right from a token boundary with no state but the text, so a
 * block that parses on its own, without errors, from its first word to its closing brace parses the same way
 * inside the file, and the text after it lexes and parses as before. Whenever that cannot be shown (the edit
 * touches the block's header or braces, the block does not come back as one clean closed line, an error is
 * involved), null is returned and the caller parses the whole file.
 *
 * Invariant: the result equals parse() of the new text, spans and diagnostics included (a test compares them).
 */
import type { Diagnostic, Result, Span } from '../../compiler/diagnostics/diagnostic.ts';
import type { Arg, Block, Comment, Document, Line, SourceFile } from '../../compiler/syntax/ast.ts';
import { parse } from '../../compiler/syntax/parser.ts';

export function reparse(previous: Result<Document>, file: SourceFile): Result<Document> | null {
  const old = previous.value.file.text;
  const text = file.text;
  let start = 0;
  const shortest = Math.min(old.length, text.length);
  while (start < shortest && old.charCodeAt(start) === text.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < shortest - start && old.charCodeAt(old.length - 1 - tail) === text.charCodeAt(text.length - 1 - tail)) tail++;
  const oldEnd = old.length - tail;
  const delta = text.length - old.length;
  const lines = previous.value.lines;
  const k = lines.findIndex((l) => l.block !== null && l.block.close !== null && l.block.open.end <= start && oldEnd <= l.block.close.start);
  if (k === -1) return null;
  const target = lines[k];
  const from = target.span.start;
  const to = target.span.end;
  if (previous.diagnostics.some((d) => d.span.start < to && d.span.end > from)) return null;
  const sub = parse({ path: file.path, text: text.slice(from, to + delta) });
  const line = sub.value.lines[0];
  if (sub.value.lines.length !== 1 || sub.diagnostics.length > 0 || line.block?.close == null || line.span.start !== 0 || line.span.end !== to + delta - from) return null;
  const after = (s: Span): boolean => s.start >= to;
  return {
    value: {
      file,
      lines: [...lines.slice(0, k), moveLine(line, from), ...lines.slice(k + 1).map((l) => moveLine(l, delta))],
      comments: [
        ...previous.value.comments.filter((c) => c.span.end <= from),
        ...sub.value.comments.map((c) => moveComment(c, from)),
        ...previous.value.comments.filter((c) => after(c.span)).map((c) => moveComment(c, delta)),
      ],
    },
    diagnostics: previous.diagnostics.map((d) => (after(d.span) ? moveDiagnostic(d, delta) : d)),
  };
}

function moveSpan(s: Span, by: number): Span {
  return { file: s.file, start: s.start + by, end: s.end + by };
}

function moveLine(line: Line, by: number): Line {
  if (by === 0) return line;
  return { args: line.args.map((a) => moveArg(a, by)), block: line.block === null ? null : moveBlock(line.block, by), span: moveSpan(line.span, by) };
}

function moveArg(arg: Arg, by: number): Arg {
  return { kind: arg.kind, value: arg.value, raw: arg.raw, span: moveSpan(arg.span, by) };
}

function moveBlock(block: Block, by: number): Block {
  return { open: moveSpan(block.open, by), close: block.close === null ? null : moveSpan(block.close, by), lines: block.lines.map((l) => moveLine(l, by)) };
}

function moveComment(c: Comment, by: number): Comment {
  return { text: c.text, span: moveSpan(c.span, by) };
}

function moveDiagnostic(d: Diagnostic, by: number): Diagnostic {
  return {
    ...d,
    span: moveSpan(d.span, by),
    notes: d.notes.map((n) => (n.span === undefined ? n : { ...n, span: moveSpan(n.span, by) })),
    ...(d.fix === undefined ? {} : { fix: { ...d.fix, edits: d.fix.edits.map((e) => ({ ...e, span: moveSpan(e.span, by) })) } }),
  };
}
