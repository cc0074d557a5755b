/**
 * The generated editor files, as (path, text) pairs: written by generate.ts, compared by the drift test
 * (test/grammar/drift.test.ts), copied into the VS Code extension by its build.
 *
 * Invariant: paths are relative to the repository root; texts depend only on the registry and the token patterns.
 */
import { DIRECTIVES, GLOBAL_OPTIONS } from '../compiler/directives/index.ts';
import type { DirectiveSpec } from '../compiler/registry/directive.ts';
import { languageConfiguration } from './language-configuration.ts';
import { rwsfileGrammar } from './rwsfile-grammar.ts';

export interface GeneratedFile {
  readonly path: string;
  readonly text: string;
}

export const GRAMMAR_PATH = 'grammar/rwsfile.tmLanguage.json';
export const LANGUAGE_CONFIGURATION_PATH = 'grammar/language-configuration.json';

export function generatedGrammarFiles(): GeneratedFile[] {
  const directives: readonly DirectiveSpec[] = DIRECTIVES;
  const options: readonly DirectiveSpec[] = GLOBAL_OPTIONS;
  return [
    { path: GRAMMAR_PATH, text: `${JSON.stringify(rwsfileGrammar(directives, options), null, 2)}\n` },
    { path: LANGUAGE_CONFIGURATION_PATH, text: `${JSON.stringify(languageConfiguration(), null, 2)}\n` },
  ];
}
