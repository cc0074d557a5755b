/**
 * HeaderOp[] → one function applying them in order to a header object (request headers, or a response head
 * in an onHead hook). Templates and regexps are compiled here, once per plan.
 */
import type { RequestContext } from '../http/handler.ts';
import type { HeaderOp } from '../plan/plan.ts';
import { compileTemplate } from '../template/compile-template.ts';

/** Request (IncomingHttpHeaders) or response (OutgoingHttpHeaders) headers, lower-case names. */
export type HeaderBag = Record<string, string | string[] | number | undefined>;

export type ApplyHeaderOps = (headers: HeaderBag, ctx: RequestContext) => void;

export function compileHeaderOps(ops: readonly HeaderOp[]): ApplyHeaderOps | null {
  if (ops.length === 0) return null;
  const steps = ops.map(compileOp);
  if (steps.length === 1) return steps[0];
  return (headers, ctx) => {
    for (const step of steps) step(headers, ctx);
  };
}

function compileOp(op: HeaderOp): ApplyHeaderOps {
  const name = op.name.toLowerCase();
  switch (op.op) {
    case 'set': {
      const value = compileTemplate(op.value);
      return (headers, ctx) => {
        headers[name] = value(ctx);
      };
    }
    case 'add': {
      const value = compileTemplate(op.value);
      return (headers, ctx) => {
        const existing = headers[name];
        const added = value(ctx);
        if (existing === undefined) headers[name] = added;
        else if (Array.isArray(existing)) headers[name] = [...existing, added];
        else headers[name] = [String(existing), added];
      };
    }
    case 'default': {
      const value = compileTemplate(op.value);
      return (headers, ctx) => {
        if (headers[name] === undefined) headers[name] = value(ctx);
      };
    }
    case 'delete': {
      if (name.endsWith('*')) {
        const prefix = name.slice(0, -1);
        return (headers) => {
          for (const key of Object.keys(headers)) if (key.startsWith(prefix)) delete headers[key];
        };
      }
      return (headers) => {
        delete headers[name];
      };
    }
    case 'replace': {
      const pattern = new RegExp(op.pattern, 'g');
      const replacement = compileTemplate(op.replace);
      return (headers, ctx) => {
        const existing = headers[name];
        if (existing === undefined) return;
        const to = replacement(ctx);
        headers[name] = Array.isArray(existing) ? existing.map((v) => v.replace(pattern, to)) : String(existing).replace(pattern, to);
      };
    }
    default:
      return unreachable(op);
  }
}

function unreachable(value: never): never {
  throw new Error(`unknown header op ${JSON.stringify(value)}`);
}
