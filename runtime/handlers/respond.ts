/** `respond`: a static response (status, templated body, header ops), optionally closing the connection. */
import type { HandlerFactory } from '../http/handler.ts';
import type { RespondHandler } from '../plan/plan.ts';
import { compileTemplate } from '../template/compile-template.ts';
import { sniffTextType } from './content-type.ts';
import { compileHeaderOps, type HeaderBag } from './header-ops.ts';

export const respond: HandlerFactory<RespondHandler> = (plan) => {
  const status = plan.status;
  const body = plan.body === null ? null : compileTemplate(plan.body);
  const ops = compileHeaderOps(plan.headers);
  const close = plan.close;
  return {
    handle: async (ctx) => {
      const headers: HeaderBag = {};
      const text = body === null ? null : body(ctx);
      if (text !== null && text !== '') headers['content-type'] = sniffTextType(text);
      if (ops !== null) ops(headers, ctx);
      // Dropped by the response writer on HTTP/2, where connection headers do not exist.
      if (close) headers['connection'] = 'close';
      // Like Caddy: inside handle_errors, a respond that says 200 answers with the error's status.
      const code = status === 200 && ctx.error !== null ? ctx.error.status : status;
      ctx.response.send(code, headers, text === '' ? null : text);
    },
  };
};
