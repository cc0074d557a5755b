/**
 * docs/diagnostics.md from the CODES table: every code with its severity, title and explanation, grouped by
 * stage band, plus the directives that document it in their `codes` list.
 *
 * Invariant: a pure function of its inputs (no dates, no paths), so the drift test can compare bytes.
 */
import type { CodeInfo } from '../diagnostics/codes.ts';
import type { DirectiveSpec } from '../registry/directive.ts';
import { GENERATED_NOTICE, code, table } from './markdown.ts';

const BANDS: readonly { readonly digit: string; readonly title: string }[] = [
  { digit: '1', title: 'Syntax (RWS1xxx)' },
  { digit: '2', title: 'Structure: files, imports, snippets, environment, sites (RWS2xxx)' },
  { digit: '3', title: 'Directives and argument values (RWS3xxx)' },
  { digit: '4', title: 'Matchers and placeholders (RWS4xxx)' },
  { digit: '5', title: 'Semantic checks (RWS5xxx)' },
  { digit: '9', title: 'Internal errors (RWS9xxx)' },
];

export function renderDiagnosticsDoc(codes: Readonly<Record<string, CodeInfo>>, specs: readonly DirectiveSpec[]): string {
  const entries = Object.entries(codes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const reporters = new Map<string, string[]>();
  for (const spec of specs) for (const c of spec.codes ?? []) reporters.set(c, [...(reporters.get(c) ?? []), spec.name]);

  const out = [
    '# Diagnostics reference',
    '',
    GENERATED_NOTICE('compiler/diagnostics/codes.ts'),
    '',
    'Every problem rws reports has a stable code. Codes are grouped by the stage that finds them and are never',
    'reused or renumbered. `rws validate` prints them like this:',
    '',
    '```',
    'Rwsfile:12:5: error[RWS3001]: unknown directive `revers_proxy`',
    '   |',
    '12 |     revers_proxy @api 127.0.0.1:3000',
    '   |     ^^^^^^^^^^^^',
    '   = help: did you mean `reverse_proxy`?',
    '```',
    '',
    'Lines and columns are 1-based. Columns count UTF-16 code units from the start of the line (a tab is one',
    'column, an emoji two), the same as the default position encoding of the Language Server Protocol.',
    '`rws validate --format json` gives the same positions as `line`, `column`, `endLine` and `endColumn`',
    '(the end is exclusive).',
    '',
  ];
  for (const band of BANDS) {
    const inBand = entries.filter(([c]) => c.startsWith(`RWS${band.digit}`));
    if (inBand.length === 0) continue;
    out.push(`## ${band.title}`, '', table(['Code', 'Severity', 'Title'], inBand.map(([c, info]) => [`[${c}](#${c.toLowerCase()})`, info.severity, info.title])), '');
    for (const [c, info] of inBand) {
      out.push(`### ${c}`, '', `**${info.title}** · ${info.severity}`, '', info.explanation.trim(), '');
      const by = reporters.get(c);
      if (by !== undefined) out.push(`Reported by: ${by.map((n) => `[${code(n)}](directives.md#${n})`).join(', ')}.`, '');
    }
  }
  const unbanded = entries.filter(([c]) => !BANDS.some((b) => c.startsWith(`RWS${b.digit}`)));
  for (const [c, info] of unbanded) out.push(`### ${c}`, '', `**${info.title}** · ${info.severity}`, '', info.explanation.trim(), '');
  return out.join('\n').replace(/\n+$/, '') + '\n';
}
