/**
 * Named things and where they are written, across every file of one analysis: named matchers (per site),
 * snippets and upstream pools (per compile). Definition, references, rename, completion and hover read it.
 *
 * Invariant: built from the compiler's expanded document and the syntax trees it read, so a matcher pasted
 * from a snippet or an imported file is found at its real place; each occurrence is listed once per symbol
 * and its span covers only the name (no `@`, no parentheses).
 */
import type { Span } from '../../compiler/diagnostics/diagnostic.ts';
import type { ExpandedLine } from '../../compiler/expand/expanded.ts';
import type { Line } from '../../compiler/syntax/ast.ts';
import type { Analysis } from '../workspace/analysis.ts';
import { roleOf } from '../syntax/arg-role.ts';
import { inside, type BlockContext } from '../syntax/block-context.ts';
import { LOOKUP } from '../syntax/registry.ts';
import { declaredPools } from './pools.ts';

export type SymbolKind = 'matcher' | 'snippet' | 'pool';

export interface Occurrence {
  /** Identifies the symbol: kind, scope and name. */
  readonly key: string;
  readonly kind: SymbolKind;
  readonly name: string;
  readonly span: Span;
  readonly role: 'definition' | 'reference';
}

export class SymbolIndex {
  readonly #byKey = new Map<string, Occurrence[]>();
  readonly #byFile = new Map<string, Occurrence[]>();
  readonly #seen = new Set<string>();

  /** Occurrences touching an offset of a file (the end of a name counts). */
  at(file: string, offset: number): Occurrence[] {
    return (this.#byFile.get(file) ?? []).filter((o) => o.span.start <= offset && offset <= o.span.end);
  }

  occurrences(key: string): readonly Occurrence[] {
    return this.#byKey.get(key) ?? [];
  }

  definitions(key: string): Occurrence[] {
    return this.occurrences(key).filter((o) => o.role === 'definition');
  }

  /** Every symbol of a kind, one definition each (for completion). */
  keysOf(kind: SymbolKind): string[] {
    return [...this.#byKey.keys()].filter((k) => k.startsWith(`${kind}:`));
  }

  add(o: Occurrence): void {
    const id = `${o.key}\0${o.span.file}\0${o.span.start}`;
    if (this.#seen.has(id)) return;
    this.#seen.add(id);
    push(this.#byKey, o.key, o);
    push(this.#byFile, o.span.file, o);
  }
}

const indexes = new WeakMap<Analysis, SymbolIndex>();

export function symbolsOf(analysis: Analysis): SymbolIndex {
  let index = indexes.get(analysis);
  if (index === undefined) {
    index = build(analysis);
    indexes.set(analysis, index);
  }
  return index;
}

export function matcherKey(site: number, name: string): string {
  return `matcher:${site}:${name}`;
}

export function snippetKey(name: string): string {
  return `snippet:${name}`;
}

export function poolKey(name: string): string {
  return `pool:${name}`;
}

function build(analysis: Analysis): SymbolIndex {
  const index = new SymbolIndex();
  const expanded = analysis.result.expanded;
  if (expanded === null) return index;
  expanded.sites.forEach((site, i) => {
    if (site.block !== null) collectMatchers(site.block.lines, i, index);
  });
  const snippets = new Set(expanded.snippets.map((s) => s.name));
  for (const s of expanded.snippets) {
    const span = { ...s.nameSpan, start: s.nameSpan.start + 1, end: s.nameSpan.end - 1 };
    index.add({ key: snippetKey(s.name), kind: 'snippet', name: s.name, span, role: 'definition' });
  }
  for (const file of analysis.result.files) {
    const tree = analysis.tree(file.path);
    if (tree !== null) collectImports(tree.lines, snippets, index);
  }
  const pools = declaredPools(analysis);
  if (pools.length > 0) {
    for (const p of pools) index.add({ key: poolKey(p.name), kind: 'pool', name: p.name, span: p.nameSpan, role: 'definition' });
    const names = new Set(pools.map((p) => p.name));
    for (const site of expanded.sites) collectPoolRefs([site], { kind: 'top' }, names, index);
  }
  return index;
}

/** Arguments whose value type is `upstream` and that name a declared pool (a pool name never reads as a host). */
function collectPoolRefs(lines: readonly Line[], ctx: BlockContext, names: ReadonlySet<string>, index: SymbolIndex): void {
  for (const line of lines) {
    line.args.forEach((arg, i) => {
      if (arg.kind !== 'word' || !names.has(arg.value)) return;
      const role = roleOf(ctx, line, i);
      if (role.kind === 'value' && role.spec?.type.kind === 'upstream') {
        index.add({ key: poolKey(arg.value), kind: 'pool', name: arg.value, span: arg.span, role: 'reference' });
      }
    });
    if (line.block !== null) collectPoolRefs(line.block.lines, inside(ctx, line), names, index);
  }
}

function collectMatchers(lines: readonly ExpandedLine[], site: number, index: SymbolIndex): void {
  for (const line of lines) {
    const first = line.args[0];
    if (first === undefined) continue;
    if (first.kind === 'word' && first.value.startsWith('@') && first.value.length > 1) {
      index.add(matcherOccurrence(first.value.slice(1), first.span, site, 'definition'));
      continue;
    }
    const ref = line.args[1];
    if (ref !== undefined && ref.kind === 'word' && ref.value.startsWith('@') && ref.value.length > 1) {
      index.add(matcherOccurrence(ref.value.slice(1), ref.span, site, 'reference'));
    }
    if (line.block !== null && LOOKUP.get(first.value)?.block?.kind === 'routes') collectMatchers(line.block.lines, site, index);
  }
}

function matcherOccurrence(name: string, span: Span, site: number, role: Occurrence['role']): Occurrence {
  return { key: matcherKey(site, name), kind: 'matcher', name, span: { ...span, start: span.start + 1 }, role };
}

function collectImports(lines: readonly Line[], snippets: ReadonlySet<string>, index: SymbolIndex): void {
  for (const line of lines) {
    const target = line.args[1];
    if (line.args[0]?.value === 'import' && target !== undefined && target.kind === 'word' && snippets.has(target.value)) {
      index.add({ key: snippetKey(target.value), kind: 'snippet', name: target.value, span: target.span, role: 'reference' });
    }
    if (line.block !== null) collectImports(line.block.lines, snippets, index);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
