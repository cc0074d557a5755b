/**
 * reverse_proxy's `header_up` / `header_down`: HeaderOps applied to a plain header record.
 *
 * Invariant: regexps and templates are compiled once per handler; applying is a loop over a small array.
 * Semantics match the `header` directive (compiler/directives/header-ops.ts documents them).
 */
import type { RequestContext } from '../../http/handler.ts';
import type { HeaderOp } from '../../plan/plan.ts';
import { compileTemplate } from '../../template/compile-template.ts';

export type HeaderRecord = Record<string, string | number | string[] | readonly string[] | undefined>;

export type CompiledHeaderOps = ((ctx: RequestContext, headers: HeaderRecord) => void) | null;

type Step = (ctx: RequestContext, headers: HeaderRecord) => void;

/** Null when there is nothing to do, so the hot path is a null check. */
export function compileHeaderOps(ops: readonly HeaderOp[]): CompiledHeaderOps {
  if (ops.length === 0) return null;
  const steps = ops.map(compileOp);
  return (ctx, headers) => {
    for (const step of steps) step(ctx, headers);
  };
}

function compileOp(op: HeaderOp): Step {
  const name = op.name.toLowerCase();
  switch (op.op) {
    case 'set': {
      const value = compileTemplate(op.value);
      return (ctx, headers) => {
        headers[name] = value(ctx);
      };
    }
    case 'add': {
      const value = compileTemplate(op.value);
      return (ctx, headers) => {
        const current = headers[name];
        const next = value(ctx);
        if (current === undefined) headers[name] = next;
        else headers[name] = [...(Array.isArray(current) ? current : [String(current)]), next];
      };
    }
    case 'default': {
      const value = compileTemplate(op.value);
      return (ctx, headers) => {
        if (headers[name] === undefined) headers[name] = value(ctx);
      };
    }
    case 'delete': {
      if (name.endsWith('*')) {
        const prefix = name.slice(0, -1);
        return (_ctx, headers) => {
          for (const key of Object.keys(headers)) if (key.startsWith(prefix)) delete headers[key];
        };
      }
      return (_ctx, headers) => {
        delete headers[name];
      };
    }
    case 'replace': {
      const pattern = new RegExp(op.pattern, 'g');
      const replacement = compileTemplate(op.replace);
      return (ctx, headers) => {
        const current = headers[name];
        if (current === undefined) return;
        const by = replacement(ctx);
        headers[name] = Array.isArray(current)
          ? current.map((v: string) => v.replace(pattern, by))
          : String(current).replace(pattern, by);
      };
    }
    default: {
      const unknown: never = op;
      throw new Error(`unknown header op ${JSON.stringify(unknown)}`);
    }
  }
}
