/**
 * `redir`: a redirect to a templated target. Status 0 ("html") answers 200 with a small page that
 * redirects by meta refresh and a link, for clients that must see the page (e.g. to keep a fragment).
 */
import type { HandlerFactory } from '../http/handler.ts';
import type { RedirHandler } from '../plan/plan.ts';
import { compileTemplate } from '../template/compile-template.ts';

export const redir: HandlerFactory<RedirHandler> = (plan) => {
  const to = compileTemplate(plan.to);
  const status = plan.status;
  if (status === 0) {
    return {
      handle: async (ctx) => {
        const target = to(ctx);
        ctx.response.send(200, { 'content-type': 'text/html; charset=utf-8' }, redirectPage(target));
      },
    };
  }
  return {
    handle: async (ctx) => {
      ctx.response.send(status, { location: to(ctx) }, null);
    },
  };
};

export function redirectPage(target: string): string {
  const attr = escapeHtml(target);
  return `<!DOCTYPE html>
<html>
<head>
<title>Redirecting...</title>
<meta http-equiv="refresh" content="0; url=${attr}">
</head>
<body>Redirecting to <a href="${attr}">${attr}</a>...</body>
</html>
`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
