/**
 * Argument text → Template: literal strings and placeholder references, adjacent literals merged.
 *
 * Invariant: `\{` and `\}` are literal braces; a `{name}` whose name looks like a placeholder is resolved or
 * reported. In backtick and heredoc strings (often JSON, CSS or JS) a `{...}` that is neither a known placeholder
 * nor close to one stays literal text.
 */
import type { PlaceholderRef, Template } from '../../runtime/plan/plan.ts';
import type { Span } from '../diagnostics/diagnostic.ts';
import type { Reporter } from '../registry/directive.ts';
import type { Arg } from '../syntax/ast.ts';
import { valueSpan } from '../values/arg-span.ts';
import { hasKnownRoot, resolvePlaceholder, type CaptureScope } from './placeholder.ts';

export interface TemplateScope extends CaptureScope {
  /** Called for every `{err.*}`: valid only inside `handle_errors`, which the binder checks afterwards. */
  errorPlaceholder(span: Span, name: string): void;
}

/** A placeholder name; also read by the TextMate grammar generator (grammar/). */
export const NAME = /^[A-Za-z_][A-Za-z0-9_-]*(?:\.[^\s{}]*)?$/;

export function parseTemplate(arg: Arg, scope: TemplateScope, r: Reporter): Template | null {
  const text = arg.value;
  if (!text.includes('{') && !text.includes('\\')) return [text];
  const lenient = arg.kind === 'raw' || arg.kind === 'heredoc';
  const parts: (string | PlaceholderRef)[] = [];
  let literal = '';
  let ok = true;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && (text[i + 1] === '{' || text[i + 1] === '}')) {
      literal += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '{') {
      const close = text.indexOf('}', i + 1);
      const name = close === -1 ? '' : text.slice(i + 1, close);
      if (close !== -1 && NAME.test(name)) {
        const result = resolvePlaceholder(name, scope);
        const span = valueSpan(arg, i, close + 1);
        if (result.ok) {
          if (literal !== '') parts.push(literal);
          literal = '';
          parts.push(result.ref);
          if (result.ref.ph === 'error') scope.errorPlaceholder(span, name);
          i = close + 1;
          continue;
        }
        if (!(lenient && !result.known && !hasKnownRoot(name))) {
          r.error(result.code, result.message, span, { hint: result.hint });
          ok = false;
          i = close + 1;
          continue;
        }
      }
    }
    literal += c;
    i++;
  }
  if (!ok) return null;
  if (literal !== '' || parts.length === 0) parts.push(literal);
  return parts;
}
