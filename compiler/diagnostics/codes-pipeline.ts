/** Diagnostic codes: RWS2xxx structure, RWS30xx directive framework (unknown directive, scope, arity), RWS4xxx matchers/placeholders, RWS5xxx semantic checks. Merged into CODES in codes.ts. */
import type { CodeInfo } from './codes.ts';

export const PIPELINE_CODES = {
} as const satisfies Record<string, CodeInfo>;
