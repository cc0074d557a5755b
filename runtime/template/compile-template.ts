/**
 * Template → `(ctx) => string`, compiled once per plan. A template of literal strings only compiles to a
 * constant; placeholders become accessors (see placeholder.ts), so no string is searched per request.
 */
import type { RequestContext } from '../http/handler.ts';
import type { Template } from '../plan/plan.ts';
import { type Accessor, compilePlaceholder } from './placeholder.ts';

export type CompiledTemplate = (ctx: RequestContext) => string;

export function compileTemplate(template: Template): CompiledTemplate {
  // Merge adjacent literals, turn references into accessors.
  const parts: (string | Accessor)[] = [];
  for (const piece of template) {
    if (typeof piece === 'string') {
      if (piece === '') continue;
      const last = parts.length - 1;
      if (last >= 0 && typeof parts[last] === 'string') parts[last] = parts[last] + piece;
      else parts.push(piece);
    } else {
      parts.push(compilePlaceholder(piece));
    }
  }
  if (parts.length === 0) return () => '';
  if (parts.length === 1) {
    const only = parts[0];
    if (typeof only === 'string') return () => only;
    return only;
  }
  if (parts.length === 2) {
    const [a, b] = parts;
    return (ctx) => (typeof a === 'string' ? a : a(ctx)) + (typeof b === 'string' ? b : b(ctx));
  }
  return (ctx) => {
    let out = '';
    for (const part of parts) out += typeof part === 'string' ? part : part(ctx);
    return out;
  };
}
