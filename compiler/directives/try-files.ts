/**
 * `try_files [matcher] <candidates...>`: rewrite to the first candidate file that exists.
 *
 * Invariant: emits one TryFilesHandler with at least one file candidate; a trailing `=<status>` becomes the
 * status fallback and appears nowhere else.
 */
import type { Template } from '../../runtime/plan/plan.ts';
import type { DirectiveSpec } from '../registry/directive.ts';
import { subArg } from '../values/arg-span.ts';
import { parseStatus } from '../values/status.ts';

export const tryFiles = {
  name: 'try_files',
  summary: 'Rewrite to the first file that exists (single-page apps: try_files {path} /index.html).',
  docs: [
    'Checks each candidate, in order, for a file under the root (a candidate ending in `/` checks for a',
    'directory) and rewrites the request to the first that exists. If none exists, the request goes on',
    'unchanged, or, when the last candidate is `=<status>` (like `=404`), is answered with that status.',
    '',
    '```',
    'try_files [<matcher>] <files...> [=<status>]',
    '```',
    '',
    '- **files**: URI paths relative to the root, with placeholders: `{path}`, `{path}/`, `{path}.html`,',
    '  `/index.html`. A candidate may carry a query (`/index.php?{query}`).',
    '- **=status**: the status to answer with when no candidate exists; only as the last argument.',
  ].join('\n'),
  examples: ['try_files {path} /index.html', 'try_files {path} {path}/ {path}.html =404', 'try_files {path} /index.php?{query}'],
  scopes: ['site', 'route'],
  phase: 'rewrite',
  matcher: true,
  terminal: false,
  args: [{ name: 'files', type: { kind: 'template' }, docs: 'Candidate paths, in order; the last may be `=<status>`.', variadic: true }],
  block: null,
  codes: ['RWS3240', 'RWS3104'],
  bind(node, ctx) {
    const candidates: Template[] = [];
    let fallback: { kind: 'status'; status: number } | null = null;
    let ok = true;
    node.args.forEach((arg, i) => {
      const last = i === node.args.length - 1;
      if (arg.kind === 'word' && arg.value.startsWith('=')) {
        if (!last) {
          ctx.error('RWS3240', `the status fallback \`${arg.value}\` must be the last candidate`, arg.span, { hint: 'move it to the end of the line' });
          ok = false;
          return;
        }
        const status = parseStatus(subArg(arg, 1), ctx);
        if (status === null) ok = false;
        else fallback = { kind: 'status', status };
        return;
      }
      const template = ctx.template(arg);
      if (template === null) ok = false;
      else candidates.push(template);
    });
    if (ok && candidates.length === 0) {
      ctx.error('RWS3240', '`try_files` needs at least one file candidate before the status fallback', node.args[0]?.span ?? node.nameSpan, {
        hint: 'e.g. `try_files {path} =404`',
      });
      return null;
    }
    return ok ? { kind: 'handlers', handlers: [{ kind: 'try_files', root: null, candidates, fallback }] } : null;
  },
} as const satisfies DirectiveSpec;
