/**
 * What a semantic check is: a small function over the bound configuration that reports through a sink.
 *
 * Invariant: checks only read the configuration; they never change it.
 */
import type { BoundConfig } from '../bind/bound.ts';
import type { DiagnosticSink } from '../bind/sink.ts';

export interface Check {
  readonly name: string;
  readonly run: (config: BoundConfig, sink: DiagnosticSink) => void;
}
