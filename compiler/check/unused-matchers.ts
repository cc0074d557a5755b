/**
 * RWS5005: named matchers no directive refers to, with a fix that deletes their lines (when they were written
 * in place, not pasted from a snippet shared with other sites).
 *
 * Invariant: one warning per definition.
 */
import type { Check } from './check-fn.ts';
import { wholeLines } from './whole-lines.ts';

export const unusedMatchers: Check = {
  name: 'unused named matchers',
  run(config, sink) {
    for (const m of config.namedMatchers) {
      if (m.used) continue;
      const fix = m.via.length === 0 ? { message: `remove \`@${m.name}\``, edits: [{ span: wholeLines(m.span, config.files), newText: '' }] } : undefined;
      sink.report('RWS5005', 'warning', `matcher \`@${m.name}\` is never used`, m.nameSpan, {
        hint: `remove it, or use it: \`respond @${m.name} ...\``,
        ...(fix === undefined ? {} : { fix }),
      }, m.via);
    }
  },
};
