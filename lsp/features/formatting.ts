/**
 * Formatting: exactly `rws fmt` (the same formatText); a range request gets the edits of the whole-file
 * formatting that touch the range. Files with syntax errors are left alone, as `rws fmt` leaves them.
 *
 * Needs: the file's text only.
 */
import { diffArrays } from 'diff';
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
  const keep = (from: number, to: number, newText: string): void => {
    if (from <= end && (to > start || from === to)) out.push({ range: rangeOf(text, from, to), newText });
  };
  const before = splitLines(text);
  const after = splitLines(formatted);
  // Lines are paired when they differ only in white space, so re-indenting gives one edit per line and a range
  // gets only its own lines; other changes are edits of whole hunks.
  const parts = diffArrays(before, after, { comparator: (a, b) => squeeze(a) === squeeze(b) });
  let offset = 0;
  let removed: string[] = [];
  let added: string[] = [];
  const flush = (): void => {
    const length = removed.reduce((n, l) => n + l.length, 0);
    if (length > 0 || added.length > 0) keep(offset, offset + length, added.join(''));
    offset += length;
    removed = [];
    added = [];
  };
  let a = 0;
  let b = 0;
  for (const part of parts) {
    if (part.added === true) {
      added.push(...part.value);
      b += part.value.length;
    } else if (part.removed === true) {
      removed.push(...part.value);
      a += part.value.length;
    } else {
      flush();
      for (let i = 0; i < part.value.length; i++, a++, b++) {
        if (before[a] !== after[b]) keep(offset, offset + before[a].length, after[b]);
        offset += before[a].length;
      }
    }
  }
  flush();
  return out;
}

function squeeze(line: string): string {
  return line.trim().replace(/\s+/g, ' ');
}

/** Lines with their line breaks. */
function splitLines(s: string): string[] {
  return s.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}
