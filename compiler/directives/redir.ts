/**
 * `redir [matcher] <to> [code]`: redirect the client.
 *
 * Invariant: the status is 301, 302, 303, 307 or 308, or 0 for the HTML (meta refresh) page; default 302.
 */
import type { BindContext, DirectiveSpec } from '../registry/directive.ts';
import type { Arg } from '../syntax/ast.ts';
import { didYouMean } from '../values/did-you-mean.ts';

const CODES: Readonly<Record<string, number>> = {
  '301': 301,
  '302': 302,
  '303': 303,
  '307': 307,
  '308': 308,
  permanent: 301,
  temporary: 302,
  html: 0,
};

export const redir = {
  name: 'redir',
  summary: 'Redirect the client to another URL.',
  docs: [
    'Answers with a redirect to `to`, which may be a path (`/new`) or a full URL (`https://example.com{uri}`) and may contain placeholders.',
    'Redirects run before rewrites, so they see the URI the client sent.',
    '',
    '```',
    'redir [<matcher>] <to> [<code>]',
    '```',
    '',
    '- **to**: the target; a template (`/new/{path.1}`, `https://{host}{uri}`).',
    '- **code**: `302` by default. One of `301`, `302`, `303`, `307`, `308`, or:',
    '  - `permanent`: 301',
    '  - `temporary`: 302',
    '  - `html`: a `200` HTML page with a meta refresh, for clients that must see a page (the status in the plan is `0`).',
    '',
    'A path in the first position is a matcher: `redir /old /new` redirects `/old` to `/new`.',
  ].join('\n'),
  examples: ['redir https://example.com{uri} permanent', 'redir /old/* /new/{path.1} 308', '@http protocol http\nredir @http https://{host}{uri}'],
  scopes: ['site', 'route'],
  phase: 'redirect',
  matcher: true,
  terminal: true,
  args: [
    { name: 'to', type: { kind: 'template' }, docs: 'Where to send the client: a path or URL, placeholders allowed.' },
    { name: 'code', type: { kind: 'enum', values: Object.keys(CODES) }, docs: 'Redirect status: 301, 302 (default), 303, 307, 308, permanent, temporary or html.', optional: true },
  ],
  block: null,
  codes: ['RWS3201'],
  bind(node, ctx) {
    const [toArg, codeArg] = node.args;
    if (toArg === undefined) return null;
    const to = ctx.template(toArg);
    const status = codeArg === undefined ? 302 : parseRedirCode(codeArg, ctx);
    if (to === null || status === null) return null;
    return { kind: 'handlers', handlers: [{ kind: 'redir', to, status }] };
  },
} as const satisfies DirectiveSpec;

function parseRedirCode(arg: Arg, ctx: BindContext): number | null {
  const status = CODES[arg.value];
  if (status !== undefined) return status;
  const reason = /^\d+$/.test(arg.value) ? `\`${arg.value}\` is not a redirect status` : `unknown redirect code \`${arg.value}\``;
  const suggestion = didYouMean(arg.value, ['permanent', 'temporary', 'html']);
  ctx.error('RWS3201', `${reason}: expected 301, 302, 303, 307, 308, permanent, temporary or html`, arg.span, {
    hint: suggestion === null ? 'e.g. `redir /old /new 301`' : `did you mean \`${suggestion}\`?`,
    ...(suggestion === null ? {} : { fix: { message: `replace with \`${suggestion}\``, edits: [{ span: arg.span, newText: suggestion }] } }),
  });
  return null;
}
