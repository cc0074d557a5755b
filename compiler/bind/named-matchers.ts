/**
 * A site's named matchers (`@name <type> args` or `@name { ... }`), collected from the whole site (nested route
 * blocks included) before any directive is bound, so they may be used above their definition.
 *
 * Invariant: one definition per name and site; every regexp capture name maps to one matcher index.
 */
import type { Span } from '../diagnostics/diagnostic.ts';
import type { ExpandedLine } from '../expand/expanded.ts';
import type { DirectiveLookup } from '../registry/lookup.ts';
import type { Arg } from '../syntax/ast.ts';
import { didYouMean } from '../values/did-you-mean.ts';
import type { MatcherTable } from './matcher-table.ts';
import { bindMatcherLine, type MatcherLineContext } from './matcher-line.ts';
import type { CaptureScope } from './placeholder.ts';
import type { DiagnosticSink } from './sink.ts';

export interface NamedMatcher {
  readonly name: string;
  readonly nameSpan: Span;
  readonly line: ExpandedLine;
  /** Interned condition indices (ANDed); null when the definition has errors. */
  readonly indices: readonly number[] | null;
  used: boolean;
}

/** A line whose block is a route list (`route`, `handle`, …): matchers defined in it belong to the site. */
function holdsRoutes(line: ExpandedLine, lookup: DirectiveLookup): boolean {
  return line.block !== null && line.args.length > 0 && lookup.get(line.args[0].value)?.block?.kind === 'routes';
}

/** Whether #walk would find any definition (the same walk, without binding anything). */
function hasDefinition(lines: readonly ExpandedLine[], lookup: DirectiveLookup): boolean {
  for (const line of lines) {
    if (isMatcherDefinition(line) || (holdsRoutes(line, lookup) && hasDefinition(line.block!.lines, lookup))) return true;
  }
  return false;
}

/** True for a matcher definition line: its first word is `@name`. */
export function isMatcherDefinition(line: ExpandedLine): boolean {
  const first = line.args[0];
  return first !== undefined && first.kind === 'word' && first.value.startsWith('@');
}

export class SiteMatchers implements CaptureScope {
  readonly #byName = new Map<string, NamedMatcher>();
  readonly #captures = new Map<string, { index: number; span: Span }>();

  static readonly NONE: SiteMatchers = new SiteMatchers();

  /** Collect and bind every named matcher of a site (NONE, shared, for the many sites that define none). */
  static collect(lines: readonly ExpandedLine[], lookup: DirectiveLookup, table: MatcherTable, sink: DiagnosticSink): SiteMatchers {
    if (!hasDefinition(lines, lookup)) return SiteMatchers.NONE;
    const matchers = new SiteMatchers();
    matchers.#walk(lines, lookup, table, sink);
    return matchers;
  }

  all(): Iterable<NamedMatcher> {
    return this.#byName.values();
  }

  capture(name: string): number | undefined {
    return this.#captures.get(name)?.index;
  }

  captureNames(): Iterable<string> {
    return this.#captures.keys();
  }

  /** The indices for `@name` (marking it used); reports an unknown name with a did-you-mean. Null on error. */
  resolve(ref: Arg, sink: DiagnosticSink): readonly number[] | null {
    const name = ref.value.slice(1);
    const found = this.#byName.get(name);
    if (found === undefined) {
      const suggestion = didYouMean(name, this.#byName.keys());
      // The suggested matcher is almost certainly the one meant: don't also call it unused.
      if (suggestion !== null) this.#byName.get(suggestion)!.used = true;
      sink.error('RWS4003', `unknown matcher \`@${name}\``, ref.span, {
        hint: suggestion !== null ? `did you mean \`@${suggestion}\`?` : `define it in this site: \`@${name} path /example/*\``,
        ...(suggestion === null ? {} : { fix: { message: `replace with \`@${suggestion}\``, edits: [{ span: ref.span, newText: `@${suggestion}` }] } }),
      });
      return null;
    }
    found.used = true;
    return found.indices;
  }

  #walk(lines: readonly ExpandedLine[], lookup: DirectiveLookup, table: MatcherTable, sink: DiagnosticSink): void {
    for (const line of lines) {
      if (isMatcherDefinition(line)) {
        sink.context = line;
        this.#define(line, table, sink);
        sink.context = null;
      } else if (holdsRoutes(line, lookup)) {
        this.#walk(line.block!.lines, lookup, table, sink);
      }
    }
  }

  #define(line: ExpandedLine, table: MatcherTable, sink: DiagnosticSink): void {
    const nameArg = line.args[0];
    const name = nameArg.value.slice(1);
    const existing = this.#byName.get(name);
    if (existing !== undefined) {
      sink.error('RWS4002', `matcher \`@${name}\` is defined twice in this site`, nameArg.span, {
        notes: [{ message: 'first defined here', span: existing.nameSpan }],
        hint: 'a matcher with several conditions is one block: `@name { ... }`',
      });
      return;
    }
    const ctx: MatcherLineContext = {
      table,
      reporter: sink,
      defaultName: name,
      onRegexp: (captureName, index, span) => this.#addCapture(captureName, index, span, sink),
    };
    let indices: (number | null)[] | null = null;
    if (line.args.length >= 2) {
      // `@name <type> args...`, where the type may take a block of its own (`@name not { ... }`).
      indices = [bindMatcherLine(line.args[1], line.args.slice(2), line.block, ctx)];
    } else if (line.block === null || line.block.lines.length === 0) {
      sink.error('RWS4006', `matcher \`@${name}\` has no conditions`, nameArg.span, {
        hint: line.block === null ? `e.g. \`@${name} path /${name}/*\`` : `add one, e.g. \`path /${name}/*\``,
      });
    } else {
      indices = line.block.lines.map((l) => {
        if (l.args.length > 0) return bindMatcherLine(l.args[0], l.args.slice(1), l.block, ctx);
        sink.error('RWS4001', 'expected a matcher type before `{`', l.span, { hint: 'e.g. `path /a/*`' });
        return null;
      });
    }
    const ok = indices !== null && indices.every((i) => i !== null);
    this.#byName.set(name, { name, nameSpan: nameArg.span, line, indices: ok ? [...new Set(indices as number[])] : null, used: false });
  }

  #addCapture(name: string, index: number, span: Span, sink: DiagnosticSink): void {
    const existing = this.#captures.get(name);
    if (existing === undefined) this.#captures.set(name, { index, span });
    else if (existing.index !== index) {
      sink.error('RWS4011', `two regexps in this site are named \`${name}\`, so \`{re.${name}.N}\` would be ambiguous`, span, {
        notes: [{ message: 'the other one', span: existing.span }],
        hint: 'give one of them its own name: `path_regexp <name> <regexp>`',
      });
    }
  }
}
