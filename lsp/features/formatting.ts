/**
 * Formatting: exactly `rws fmt` (the same formatText); a range request gets the edits of the whole-file
 * formatting that touch the range. Files with syntax errors are left alone, as `rws fmt` leaves them.
 *
 * Needs: the file's text only.
 */
import { diffLines } from 'diff';
import type { TextEdit } from 'vscode-languageserver';
import { formatText } from '../../compiler/format/format.ts';
import { rangeOf } from '../workspace/positions.ts';

export function formatDocument(path: string, text: string): TextEdit[] {
  return edits(path, text, 0, text.length);
}

/** Edits of the whole-file formatting whose source range overlaps [start, end]. */
export function formatRange(path: string, text: string, start: number, end: number): TextEdit[] {
  return edits(path, text, start, end);
}

function edits(path: string, text: string, start: number, end: number): TextEdit[] {
  const formatted = formatText(path, text).text;
  if (formatted === null || formatted === text) return [];
  const out: TextEdit[] = [];
  let offset = 0;
  let pending: { start: number; end: number; newText: string } | null = null;
  const flush = (): void => {
    if (pending !== null && pending.start <= end && pending.end >= start) out.push({ range: rangeOf(text, pending.start, pending.end), newText: pending.newText });
    pending = null;
  };
  for (const part of diffLines(text, formatted)) {
    if (part.added === true) {
      pending ??= { start: offset, end: offset, newText: '' };
      pending.newText += part.value;
    } else if (part.removed === true) {
      pending ??= { start: offset, end: offset, newText: '' };
      offset += part.value.length;
      pending.end = offset;
    } else {
      flush();
      offset += part.value.length;
    }
  }
  flush();
  return out;
}
