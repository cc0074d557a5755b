/** Plain-text rendering of an ExplainResult, for the CLI. */
import type { ExplainResult, ExplainRoute } from '../explain.ts';

export function renderExplain(result: ExplainResult): string {
  const r = result.request;
  const lines: string[] = [`${r.method} ${r.scheme}://${r.host}:${r.port}${r.path}${r.query === '' ? '' : `?${r.query}`}`];
  lines.push(`listener  ${result.listener === null ? `none (no ${r.scheme} listener on port ${r.port})` : result.listener.key}`);
  if (result.listener !== null) {
    lines.push(`site      ${result.site === null ? `none (no site serves host "${r.host}": 404)` : `${result.site.name} (${result.site.origin}), by ${result.site.how} host match`}`);
  }
  if (result.routes.length > 0) {
    lines.push('routes');
    renderRoutes(result.routes, 1, lines);
  }
  lines.push(`outcome   ${outcome(result)}`);
  if (result.finalUri !== null && result.finalUri !== `${r.path}${r.query === '' ? '' : `?${r.query}`}`) lines.push(`uri       rewritten to ${result.finalUri}`);
  for (const note of result.notes) lines.push(`note      ${note}`);
  return `${lines.join('\n')}\n`;
}

function renderRoutes(routes: readonly ExplainRoute[], depth: number, lines: string[]): void {
  const pad = '  '.repeat(depth);
  for (const route of routes) {
    const group = route.group === null ? '' : ` [group ${route.group}]`;
    const conditions = route.matchers.length === 0 ? '' : ` when ${route.matchers.map((m) => m.description).join(' and ')}`;
    switch (route.status) {
      case 'runs':
        lines.push(`${pad}+ ${route.origin}${group} runs${conditions}`);
        for (const h of route.handlers) {
          lines.push(`${pad}    ${h.description}${h.terminal ? '  <- answers' : ''}${h.effect === null ? '' : `  (${h.effect})`}`);
          if (h.routes !== null) renderRoutes(h.routes, depth + 3, lines);
        }
        break;
      case 'no-match':
        lines.push(`${pad}- ${route.origin}${group} skipped: ${route.decidedBy?.description ?? 'a matcher'} does not match`);
        break;
      case 'group-taken':
        lines.push(`${pad}- ${route.origin}${group} skipped: an earlier route of the group ran`);
        break;
      case 'not-reached':
        lines.push(`${pad}  ${route.origin}${group} not reached`);
        break;
    }
  }
}

function outcome(result: ExplainResult): string {
  const o = result.outcome;
  switch (o.kind) {
    case 'handler':
      return `${o.description} (${o.origin})`;
    case 'not-found':
      return '404 (no route answers)';
    case 'no-listener':
      return 'connection refused (no listener)';
    case 'no-site':
      return '404 no site for host';
    case 'bad-request':
      return `400 (${o.reason})`;
  }
}
