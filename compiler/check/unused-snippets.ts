/**
 * RWS5006: snippets that are defined but never imported, with a fix that deletes the definition.
 *
 * Invariant: one warning per definition.
 */
import type { Check } from './check-fn.ts';
import { wholeLines } from './whole-lines.ts';

export const unusedSnippets: Check = {
  name: 'unused snippets',
  run(config, sink) {
    for (const s of config.document.snippets) {
      if (s.used) continue;
      sink.report('RWS5006', 'warning', `snippet \`${s.name}\` is never imported`, s.nameSpan, {
        hint: `remove it, or import it: \`import ${s.name}\``,
        fix: { message: `remove \`${s.name}\``, edits: [{ span: wholeLines(s.span, config.files), newText: '' }] },
      }, []);
    }
  },
};
