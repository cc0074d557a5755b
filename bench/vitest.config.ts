/**
 * The bench's own tests: `npx vitest run --config bench/vitest.config.ts`. Kept out of `npm test` (whose
 * config only includes test/**) because they start the real peers, which CI does not install.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['bench/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // The peer tests pin servers to a CPU: run files one after another.
    fileParallelism: false,
  },
});
