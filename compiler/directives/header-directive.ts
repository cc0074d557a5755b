/**
 * The shared bind hook of `header` (response) and `request_header` (request): one operation on the line, or a
 * block with one operation per line.
 *
 * Invariant: emits one HeadersHandler whose ops are all on the side the directive names.
 */
import type { HeaderOp } from '../../runtime/plan/plan.ts';
import type { BindContext, DirectiveNode, DirectiveOutput } from '../registry/directive.ts';
import { parseHeaderOp } from './header-ops.ts';

/** The side a directive does not touch: one frozen empty list shared by every handler. */
const NO_OPS: readonly HeaderOp[] = Object.freeze([]);

export function bindHeaders(node: DirectiveNode, ctx: BindContext, side: 'request' | 'response'): DirectiveOutput | null {
  let ops: HeaderOp[] = [];
  let ok = true;
  if (node.block !== null) {
    if (node.args.length > 0) {
      ctx.error('RWS3222', `\`${node.name}\` takes either one header on its line or a block of them, not both`, node.args[0].span, {
        hint: `move \`${node.args.map((a) => a.raw).join(' ')}\` into the block`,
      });
      ok = false;
    }
    for (const line of node.block.lines) {
      if (line.block !== null) {
        ctx.error('RWS3005', 'a header line does not take a block', line.block.open, { hint: 'write `Field value` on one line' });
        ok = false;
        continue;
      }
      const op = parseHeaderOp(line.args, ctx);
      if (op === null) ok = false;
      else ops.push(op);
    }
    ops = ops.slice(); // exact size: an array grown by push reserves 17 slots, and this one lives in the plan
  } else if (node.args.length === 0) {
    ctx.error('RWS3004', `\`${node.name}\` needs a header field or a block`, node.nameSpan, { hint: `e.g. \`${node.name} X-Frame-Options DENY\`` });
    return null;
  } else {
    const op = parseHeaderOp(node.args, ctx);
    if (op === null) return null;
    ops = [op];
  }
  if (!ok) return null;
  const handler = side === 'request' ? { kind: 'headers', request: ops, response: NO_OPS } as const : { kind: 'headers', request: NO_OPS, response: ops } as const;
  return { kind: 'handlers', handlers: [handler] };
}
