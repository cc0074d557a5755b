/**
 * Fuzzing the front end and the formatter with a seeded PRNG (deterministic; a failure names its seed):
 * 1. broken input (token soup, mutated examples and goldens) never makes parse, format, compile or the
 *    renderers throw: there are only diagnostics, each with a known code and a span inside its file;
 * 2. for valid input (random generated files, examples, goldens) formatting is idempotent, keeps the syntax
 *    tree, and compiles to the same plan (same hash, same plan apart from `origin`).
 */
import { describe, expect, it } from 'vitest';
import { CODES } from '../../compiler/diagnostics/codes.ts';
import type { Diagnostic, Span } from '../../compiler/diagnostics/diagnostic.ts';
import { hasErrors } from '../../compiler/diagnostics/diagnostic.ts';
import { renderHuman, renderJson } from '../../compiler/diagnostics/render.ts';
import { DIRECTIVES, GLOBAL_OPTIONS } from '../../compiler/directives/index.ts';
import { format, formatText } from '../../compiler/format/format.ts';
import { compile, type CompileResult } from '../../compiler/index.ts';
import type { DirectiveSpec } from '../../compiler/registry/directive.ts';
import type { SourceFile } from '../../compiler/syntax/ast.ts';
import { parse } from '../../compiler/syntax/parser.ts';
import { syntaxShape } from '../compiler/format/syntax-shape.ts';
import { corpus } from './corpus.ts';
import { layoutSoup, mutate, tokenSoup } from './mutate.ts';
import { Prng } from './prng.ts';
import { validRwsfile, type Vocabulary } from './valid-rwsfile.ts';

/** FUZZ_SCALE=10 runs ten times as many inputs (for a long local run); the default keeps the file quick. */
const SCALE = Math.max(1, Number(process.env.FUZZ_SCALE ?? '1') || 1);
const SOUP_RUNS = 1500 * SCALE;
const LAYOUT_RUNS = 5000 * SCALE;
const MUTATIONS_PER_SEED = 30 * SCALE;
const VALID_RUNS = 400 * SCALE;
const FUZZ_PATH = '/fuzz/Rwsfile';
const ENV = { FUZZ_HOST: 'env.example' };

interface Input {
  readonly label: string;
  readonly path: string;
  readonly text: string;
}

function compileText(input: Input): CompileResult {
  return compile({ path: input.path, text: input.text, env: ENV, ...(input.path === FUZZ_PATH ? { readFile: () => null } : {}) });
}

/** What is wrong with the diagnostics of one compile (empty when nothing). */
function diagnosticProblems(diagnostics: readonly Diagnostic[], files: readonly SourceFile[]): string[] {
  const problems: string[] = [];
  const inside = (span: Span, what: string) => {
    const file = files.find((f) => f.path === span.file);
    if (file === undefined) problems.push(`${what}: span in a file that was not returned: ${span.file}`);
    else if (!(span.start >= 0 && span.start <= span.end && span.end <= file.text.length)) {
      problems.push(`${what}: span ${span.start}-${span.end} outside ${span.file} (length ${file.text.length})`);
    }
  };
  for (const d of diagnostics) {
    if (!Object.hasOwn(CODES, d.code)) problems.push(`unknown code ${d.code}`);
    // compile() turns a crash into an RWS9xxx internal-error diagnostic: for the fuzz test that is a throw.
    if (d.code.startsWith('RWS9')) problems.push(`internal error ${d.code}: ${d.message}`);
    inside(d.span, `${d.code} ${d.message}`);
    for (const n of d.notes) if (n.span !== undefined) inside(n.span, `note of ${d.code}: ${n.message}`);
    if (d.fix !== undefined) for (const e of d.fix.edits) inside(e.span, `fix of ${d.code}`);
  }
  return problems;
}

/** Runs every stage on an input that may be broken; returns what went wrong. */
function survive(input: Input): string[] {
  const problems: string[] = [];
  try {
    const parsed = parse({ path: input.path, text: input.text });
    problems.push(...diagnosticProblems(parsed.diagnostics, [{ path: input.path, text: input.text }]));
    format(parsed.value);
    const formatted = formatText(input.path, input.text);
    if (formatted.text !== null) problems.push(...formatProblems(input, formatted.text));
    const compiled = compileText(input);
    problems.push(...diagnosticProblems(compiled.diagnostics, compiled.files));
    if (hasErrors(compiled.diagnostics) !== (compiled.plan === null)) problems.push('plan must be null exactly when there are errors');
    renderHuman(compiled.diagnostics, compiled.files, { color: true });
    JSON.stringify(renderJson(compiled.diagnostics, compiled.files));
  } catch (err) {
    problems.push(`threw: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
  return problems;
}

function formatProblems(input: Input, formatted: string): string[] {
  const problems: string[] = [];
  const again = formatText(input.path, formatted);
  if (again.text !== formatted) problems.push(`format is not idempotent:\n${JSON.stringify(formatted)}\n${JSON.stringify(again.text)}`);
  const before = syntaxShape(parse({ path: input.path, text: input.text }).value);
  const after = syntaxShape(parse({ path: input.path, text: formatted }).value);
  if (JSON.stringify(before) !== JSON.stringify(after)) problems.push(`format changed the syntax tree:\n${before.join('\n')}\n---\n${after.join('\n')}`);
  return problems;
}

/** The plan without `origin` fields (which point into the source and are left out of the hash). */
function withoutOrigins(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutOrigins);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'origin').map(([k, v]) => [k, withoutOrigins(v)]));
  }
  return value;
}

/** Formatting a valid file changes neither its syntax tree nor its plan. */
function roundTrip(input: Input): string[] {
  const formatted = formatText(input.path, input.text);
  if (formatted.text === null) return [`valid input has syntax errors: ${formatted.diagnostics.map((d) => d.message).join('; ')}`];
  const problems = formatProblems(input, formatted.text);
  const original = compileText(input);
  const reformatted = compileText({ ...input, text: formatted.text });
  if (original.plan === null) {
    return [...problems, `valid input does not compile:\n${renderHuman(original.diagnostics, original.files, { color: false })}`];
  }
  const codes = (r: CompileResult) => r.diagnostics.map((d) => `${d.code} ${d.message}`).sort();
  if (JSON.stringify(codes(original)) !== JSON.stringify(codes(reformatted))) {
    problems.push(`diagnostics differ after formatting:\n${codes(original).join('\n')}\n---\n${codes(reformatted).join('\n')}`);
  }
  if (reformatted.plan === null) return [...problems, 'formatted file does not compile'];
  if (original.plan.hash !== reformatted.plan.hash) problems.push('plan hash changed by formatting');
  if (JSON.stringify(withoutOrigins(original.plan)) !== JSON.stringify(withoutOrigins(reformatted.plan))) problems.push('plan changed by formatting');
  return problems;
}

function report(failures: { input: Input; problems: string[] }[]): string {
  return failures
    .slice(0, 3)
    .map((f) => `${f.input.label}\ninput: ${JSON.stringify(f.input.text)}\n${f.problems.join('\n')}`)
    .join('\n\n');
}

const SEEDS = corpus();
/**
 * `tls` needs certificate files next to the Rwsfile; `handle_errors` is generated separately (one per site);
 * `bind` moves a site to another listen address, and sites on one port that bind differently are an error.
 */
const NOT_FROM_EXAMPLES = new Set(['tls', 'handle_errors', 'bind']);
const SPECS: readonly DirectiveSpec[] = DIRECTIVES;
/** What the generator may use: the registry's names and examples. */
const VOCABULARY: Vocabulary = {
  available: new Set(SPECS.map((d) => d.name)),
  siteExamples: SPECS.filter((d) => d.scopes.includes('site') && !NOT_FROM_EXAMPLES.has(d.name)).map((d) => d.examples),
  routeExamples: SPECS.filter((d) => d.scopes.includes('route') && !NOT_FROM_EXAMPLES.has(d.name)).map((d) => d.examples),
  routeNames: new Set(SPECS.filter((d) => d.scopes.includes('route')).map((d) => d.name)),
  globalExamples: (GLOBAL_OPTIONS as readonly DirectiveSpec[]).map((d) => d.examples),
};

describe('fuzz: broken input yields diagnostics, never exceptions', () => {
  it('survives token soup', () => {
    const failures: { input: Input; problems: string[] }[] = [];
    for (let seed = 1; seed <= SOUP_RUNS; seed++) {
      const input = { label: `soup seed ${seed}`, path: FUZZ_PATH, text: tokenSoup(new Prng(seed)) };
      const problems = survive(input);
      if (problems.length > 0) failures.push({ input, problems });
    }
    expect(failures.length, report(failures)).toBe(0);
  });

  it('formats layout soup that parses without changing it or its meaning', () => {
    const failures: { input: Input; problems: string[] }[] = [];
    for (let seed = 1; seed <= LAYOUT_RUNS; seed++) {
      const input = { label: `layout seed ${seed}`, path: FUZZ_PATH, text: layoutSoup(new Prng(seed)) };
      const formatted = formatText(input.path, input.text);
      const problems = formatted.text === null ? [] : formatProblems(input, formatted.text);
      if (problems.length > 0) failures.push({ input, problems });
    }
    expect(failures.length, report(failures)).toBe(0);
  });

  it('survives mutations of the examples, the goldens and generated files', () => {
    const seeds: Input[] = [
      ...SEEDS.map((s) => ({ label: s.path, ...s })),
      ...Array.from({ length: 10 }, (_, i) => ({ label: `generated ${i}`, path: FUZZ_PATH, text: validRwsfile(new Prng(1000 + i), VOCABULARY) })),
    ];
    const failures: { input: Input; problems: string[] }[] = [];
    for (const [i, seed] of seeds.entries()) {
      for (let m = 0; m < MUTATIONS_PER_SEED; m++) {
        const n = i * 100 + m;
        const input = { label: `mutation ${n} of ${seed.label}`, path: seed.path, text: mutate(seed.text, new Prng(n)) };
        const problems = survive(input);
        if (problems.length > 0) failures.push({ input, problems });
      }
    }
    expect(failures.length, report(failures)).toBe(0);
  });
});

describe('fuzz: formatting valid input keeps its meaning', () => {
  it('is idempotent and keeps the plan for generated files', () => {
    const failures: { input: Input; problems: string[] }[] = [];
    for (let seed = 1; seed <= VALID_RUNS; seed++) {
      const input = { label: `valid seed ${seed}`, path: FUZZ_PATH, text: validRwsfile(new Prng(seed), VOCABULARY) };
      const problems = roundTrip(input);
      if (problems.length > 0) failures.push({ input, problems });
    }
    expect(failures.length, report(failures)).toBe(0);
  });

  it('is idempotent and keeps the plan for the examples and the goldens that compile', () => {
    const failures: { input: Input; problems: string[] }[] = [];
    for (const seed of SEEDS) {
      const input = { label: seed.path, ...seed };
      if (compileText(input).plan === null) continue;
      const problems = roundTrip(input);
      if (problems.length > 0) failures.push({ input, problems });
    }
    expect(failures.length, report(failures)).toBe(0);
  });
});
