/** What every scenario gets from run.ts: the process registry, pinning, the binaries found, a scratch dir. */
import type { Binaries } from './binaries.ts';
import type { Children } from './children.ts';
import type { BenchOptions } from './options.ts';
import type { Pinning } from './pinning.ts';

export interface BenchEnv {
  readonly options: BenchOptions;
  readonly children: Children;
  readonly pinning: Pinning;
  readonly binaries: Binaries;
  /** The Node that runs rws (node_modules/.bin/node when present, else this process's Node). */
  readonly node: string;
  /** Checkout root: rws runs from here as `node cli/rws.ts run FILE`. */
  readonly repoRoot: string;
  /** Scratch folder for this run, removed at exit. */
  readonly tmpDir: string;
  /** Progress line on stderr (the report itself goes to stdout). */
  progress(message: string): void;
}
