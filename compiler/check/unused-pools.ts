/**
 * RWS3704: upstream pools declared with `upstream NAME { }` that nothing refers to (no reverse_proxy, split or
 * mirror). They are left out of the plan, so they never open connections or run health checks.
 *
 * Invariant: one warning per unused declaration.
 */
import type { Check } from './check-fn.ts';

export const unusedPools: Check = {
  name: 'unused upstream pools',
  run(config, sink) {
    for (const pool of config.declaredPools) {
      if (pool.index !== null) continue;
      sink.report('RWS3704', 'warning', `upstream pool \`${pool.name}\` is never used`, pool.nameSpan, {
        hint: `use it with \`reverse_proxy ${pool.name}\`, or remove it`,
      }, pool.via);
    }
  },
};
