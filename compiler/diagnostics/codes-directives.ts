/** Diagnostic codes: RWS31xx-RWS39xx: value types and directive-specific checks. Merged into CODES in codes.ts. */
import type { CodeInfo } from './codes.ts';

export const DIRECTIVE_CODES = {
} as const satisfies Record<string, CodeInfo>;
