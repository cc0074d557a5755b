/**
 * Every diagnostic code, in one table. Bands by stage:
 *   RWS1xxx syntax (lexer, parser)        RWS2xxx structure (imports, snippets, env, blocks)
 *   RWS3xxx directives and arguments       RWS4xxx matchers and placeholders
 *   RWS5xxx semantic checks (sites, routes, unused, shadowing)   RWS9xxx internal
 * The table is split by owner (codes-pipeline.ts: RWS2xxx, RWS30xx, RWS4xxx, RWS5xxx; codes-directives.ts:
 * RWS31xx-RWS39xx values and directive-specific checks; codes-certificates.ts: RWS36xx; codes-tls-policy.ts: RWS33xx;
 * codes-upstreams.ts: RWS37xx) and merged here.
 * Codes are never reused or renumbered. `docs/diagnostics.md` is generated from this table and a test checks
 * that every code is documented and used.
 */
import type { Severity } from './diagnostic.ts';
import { CERTIFICATE_CODES } from './codes-certificates.ts';
import { DIRECTIVE_CODES } from './codes-directives.ts';
import { TLS_POLICY_CODES } from './codes-tls-policy.ts';
import { PIPELINE_CODES } from './codes-pipeline.ts';
import { UPSTREAM_CODES } from './codes-upstreams.ts';

export interface CodeInfo {
  readonly severity: Severity;
  /** One line, used as the reference heading. */
  readonly title: string;
  /** What it means and how to fix it (markdown). */
  readonly explanation: string;
}

const SYNTAX_CODES = {
  // --- RWS1xxx syntax ------------------------------------------------------------------------------------
  RWS1001: {
    severity: 'error',
    title: 'Unterminated quoted string',
    explanation: 'A `"` or `` ` `` string has no closing quote before the end of the file. Add the closing quote.',
  },
  RWS1002: {
    severity: 'error',
    title: 'Unterminated heredoc',
    explanation: 'A `<<MARKER` heredoc has no line consisting of `MARKER` to close it.',
  },
  RWS1003: {
    severity: 'error',
    title: 'Unexpected character',
    explanation: 'The lexer found a character that cannot start any token here.',
  },
  RWS1004: {
    severity: 'error',
    title: 'Missing closing brace',
    explanation: 'A block opened with `{` is never closed. Add `}` on a line of its own.',
  },
  RWS1005: {
    severity: 'error',
    title: 'Unexpected closing brace',
    explanation: 'A `}` appears with no open block. Remove it, or add the `{` it was meant to close.',
  },
  RWS1006: {
    severity: 'error',
    title: 'Expected a new line after a block',
    explanation: 'After the `}` that closes a block, the next directive must start on a new line.',
  },
  RWS1007: {
    severity: 'error',
    title: 'Syntax error',
    explanation: 'The parser could not make sense of the input here.',
  },
} as const satisfies Record<string, CodeInfo>;

export const CODES = { ...SYNTAX_CODES, ...PIPELINE_CODES, ...DIRECTIVE_CODES, ...CERTIFICATE_CODES, ...TLS_POLICY_CODES, ...UPSTREAM_CODES } as const;

export type DiagnosticCode = keyof typeof CODES;
