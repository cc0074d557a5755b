/**
 * Binding directive lines: registry lookup, scope, the matcher token, argument counts and blocks are checked
 * generically, then the directive's own bind hook runs (a crash becomes an RWS9001 diagnostic).
 *
 * Invariant: nothing here knows what a particular directive means; it reads only the DirectiveSpec.
 */
import type { Phase, RoutePlan } from '../../runtime/plan/plan.ts';
import type { Span } from '../diagnostics/diagnostic.ts';
import type { ExpandedBlock, ExpandedLine } from '../expand/expanded.ts';
import type { DirectiveNode, DirectiveOutput, DirectiveSpec, GlobalOption, Scope, SiteOption } from '../registry/directive.ts';
import type { DirectiveLookup } from '../registry/lookup.ts';
import type { Arg } from '../syntax/ast.ts';
import { didYouMean } from '../values/did-you-mean.ts';
import { arityOf, checkArity, usage } from './arity.ts';
import type { RouteInfo } from './bound.ts';
import { DirectiveContext } from './directive-context.ts';
import type { MatcherTable } from './matcher-table.ts';
import type { PoolTable } from './pool-table.ts';
import { isMatcherDefinition, type SiteMatchers } from './named-matchers.ts';
import type { Origins } from './origin.ts';
import { pathPattern } from './path-pattern.ts';
import type { TemplateScope } from './template.ts';
import type { DiagnosticSink } from './sink.ts';
import type { SubdirectiveChecker } from './subdirectives.ts';

/** State shared by every binder of one compilation. */
export interface BinderShared {
  readonly lookup: DirectiveLookup;
  readonly table: MatcherTable;
  readonly pools: PoolTable;
  readonly sink: DiagnosticSink;
  readonly origins: Origins;
  readonly subdirectives: SubdirectiveChecker;
  readonly routeInfo: Map<RoutePlan, RouteInfo>;
}

export interface BoundRoute {
  readonly route: RoutePlan;
  readonly phase: Phase | null;
}

export interface BoundOption<T> {
  readonly option: T;
  /** The directive or option name as written. */
  readonly name: string;
  readonly span: Span;
  readonly nameSpan: Span;
}

export interface BoundList {
  readonly routes: BoundRoute[];
  readonly siteOptions: BoundOption<SiteOption>[];
  readonly globalOptions: BoundOption<GlobalOption>[];
}

interface BoundDirective {
  readonly spec: DirectiveSpec;
  readonly output: DirectiveOutput;
  readonly match: readonly number[];
}

/** Binds the directives of one site (or of the global options block). */
export class DirectiveBinder implements TemplateScope {
  readonly shared: BinderShared;
  /** The site being bound ('' for the global options block): inline pools are named after it. */
  readonly siteName: string;
  readonly #matchers: SiteMatchers;
  /** `{err.*}` uses since the current top-level directive started; valid only if it turns out to be error routes. */
  #errorUses: { span: Span; name: string }[] = [];

  constructor(shared: BinderShared, matchers: SiteMatchers, siteName = '') {
    this.shared = shared;
    this.siteName = siteName;
    this.#matchers = matchers;
  }

  capture(name: string): number | undefined {
    return this.#matchers.capture(name);
  }

  captureNames(): Iterable<string> {
    return this.#matchers.captureNames();
  }

  errorPlaceholder(span: Span, name: string): void {
    this.#errorUses.push({ span, name });
  }

  /** Bind the lines of a site block or of the global options block. */
  topLevel(lines: readonly ExpandedLine[], scope: 'site' | 'global'): BoundList {
    const list: BoundList = { routes: [], siteOptions: [], globalOptions: [] };
    for (const line of lines) {
      if (scope === 'site' && isMatcherDefinition(line)) continue;
      this.#errorUses.length = 0;
      const bound = this.#bindLine(line, scope, null);
      const isErrorRoutes = bound?.output.kind === 'site' && bound.output.option.kind === 'error_routes';
      if (!isErrorRoutes) {
        for (const { span, name } of this.#errorUses) {
          this.shared.sink.report('RWS4008', 'error', `\`{${name}}\` is only available inside \`handle_errors\``, span, {
            hint: 'move this directive into a `handle_errors { ... }` block',
          }, line.via);
        }
      }
      if (bound === null) continue;
      const { output } = bound;
      switch (output.kind) {
        case 'handlers':
          list.routes.push({ route: this.#route(bound, line), phase: bound.spec.phase });
          break;
        case 'site':
          list.siteOptions.push({ option: output.option, name: bound.spec.name, span: line.span, nameSpan: line.args[0].span });
          break;
        case 'site_options':
          for (const option of output.options) list.siteOptions.push({ option, name: bound.spec.name, span: line.span, nameSpan: line.args[0].span });
          break;
        case 'global':
          list.globalOptions.push({ option: output.option, name: bound.spec.name, span: line.span, nameSpan: line.args[0].span });
          break;
        default:
          assertNever(output);
      }
    }
    return list;
  }

  /** Bind a nested route list (the block of `route`, `handle`, …): literal order, `route` scope. */
  routeList(block: ExpandedBlock, owner: string): RoutePlan[] {
    const routes: RoutePlan[] = [];
    for (const line of block.lines) {
      if (isMatcherDefinition(line)) continue;
      const bound = this.#bindLine(line, 'route', owner);
      if (bound === null) continue;
      if (bound.output.kind !== 'handlers') {
        this.shared.sink.report('RWS9001', 'error', `internal error: \`${bound.spec.name}\` produced a ${bound.output.kind} option inside a route block`, line.span, {}, line.via);
        continue;
      }
      routes.push(this.#route(bound, line));
    }
    return routes;
  }

  #route(bound: BoundDirective, line: ExpandedLine): RoutePlan {
    const output = bound.output as Extract<DirectiveOutput, { kind: 'handlers' }>;
    const route: RoutePlan = {
      match: bound.match,
      group: bound.spec.group ?? null,
      handlers: output.handlers,
      origin: this.shared.origins.of(line.span),
    };
    this.shared.routeInfo.set(route, {
      name: bound.spec.name,
      span: line.span,
      nameSpan: line.args[0].span,
      terminal: bound.spec.terminal,
      phase: bound.spec.phase,
      via: line.via,
    });
    return route;
  }

  #bindLine(line: ExpandedLine, scope: Scope, parent: string | null): BoundDirective | null {
    const sink = this.shared.sink;
    const saved = sink.context;
    sink.context = line;
    try {
      return this.#bind(line, scope, parent);
    } finally {
      sink.context = saved;
    }
  }

  #bind(line: ExpandedLine, scope: Scope, parent: string | null): BoundDirective | null {
    const { sink, lookup } = this.shared;
    const nameArg = line.args[0];
    if (nameArg === undefined) {
      sink.error('RWS3001', `expected a ${scope === 'global' ? 'global option' : 'directive'} before \`{\``, line.block?.open ?? line.span, {
        hint: scope === 'global' ? 'the global options block holds `name value` lines' : 'a block needs a directive, e.g. `handle { ... }`',
      });
      return null;
    }
    const spec = nameArg.kind === 'word' ? lookup.get(nameArg.value) : undefined;
    if (spec === undefined) {
      this.#unknown(nameArg, scope);
      return null;
    }
    if (!lookup.allows(spec, scope)) {
      this.#wrongScope(spec, nameArg, scope, parent);
      return null;
    }
    let args = line.args.slice(1);
    let match: readonly number[] = NO_MATCH;
    let matchOk = true;
    const first = args[0];
    if (first !== undefined && first.kind === 'word' && first.value.startsWith('@') && first.value.length > 1) {
      if (!spec.matcher) {
        sink.error('RWS3010', `\`${spec.name}\` does not take a matcher`, first.span, { hint: `remove \`${first.value}\`, or wrap the directive in \`handle ${first.value} { ... }\`` });
        return null;
      }
      const resolved = this.#matchers.resolve(first, sink);
      if (resolved === null) matchOk = false;
      else match = resolved;
      args = args.slice(1);
    } else if (first !== undefined && spec.matcher && first.kind === 'word' && /^[/*]/.test(first.value) && inlineIsMatcher(args.length, spec)) {
      // `*` alone matches every request: the same as no matcher.
      if (first.value !== '*') match = [this.shared.table.intern({ kind: 'path', patterns: [pathPattern(first.value)] })];
      args = args.slice(1);
    }
    const syntax = usageOf(spec);
    if (!checkArity(quotedName(spec), args, spec.args, nameArg.span, syntax, sink)) return null;
    if (line.block !== null && spec.block === null) {
      sink.error('RWS3005', `\`${spec.name}\` does not take a block`, line.block.open, { hint: `syntax: \`${syntax()}\`` });
      return null;
    }
    if (line.block === null && spec.block !== null && (spec.block.kind !== 'subdirectives' || spec.block.required === true)) {
      sink.error('RWS3006', `\`${spec.name}\` needs a block`, nameArg.span, { hint: `syntax: \`${syntax()}\`` });
      return null;
    }
    const node: DirectiveNode = { name: spec.name, nameSpan: nameArg.span, line, args, block: line.block };
    let output: DirectiveOutput | null;
    try {
      output = spec.bind(node, new DirectiveContext(this, line, scope, spec.name));
    } catch (e) {
      sink.error('RWS9001', `internal error in \`${spec.name}\`: ${e instanceof Error ? e.message : String(e)}`, line.span, {
        hint: 'this is a bug in rws; please report it with this line',
      });
      return null;
    }
    if (output === null || !matchOk) return null;
    return { spec, output, match };
  }

  #unknown(nameArg: Arg, scope: Scope): void {
    const candidates = this.shared.lookup.names(scope);
    const suggestion = didYouMean(nameArg.value, candidates);
    const what = scope === 'global' ? 'global option' : 'directive';
    this.shared.sink.error('RWS3001', `unknown ${what} \`${nameArg.value}\``, nameArg.span, {
      hint: suggestion !== null ? `did you mean \`${suggestion}\`?` : scope === 'global' ? 'see the list of global options in docs/directives.md' : 'see the list of directives in docs/directives.md',
      ...(suggestion === null ? {} : { fix: { message: `replace with \`${suggestion}\``, edits: [{ span: nameArg.span, newText: suggestion }] } }),
    });
  }

  #wrongScope(spec: DirectiveSpec, nameArg: Arg, scope: Scope, parent: string | null): void {
    const sink = this.shared.sink;
    const isGlobalOption = this.shared.lookup.names('global').includes(spec.name);
    if (isGlobalOption) {
      sink.error('RWS3002', `\`${spec.name}\` is a global option: move it into the global options block at the top of the file`, nameArg.span, {
        hint: `e.g. \`{ ${spec.name} ... }\` as the first block of the Rwsfile`,
      });
    } else if (scope === 'global') {
      sink.error('RWS3002', `\`${spec.name}\` is a directive, not a global option: it belongs in a site block`, nameArg.span, {
        hint: `e.g. \`example.com { ${spec.name} ... }\``,
      });
    } else if (scope === 'route') {
      sink.error('RWS3002', `\`${spec.name}\` applies to the whole site: it cannot be used inside \`${parent ?? 'a route block'}\``, nameArg.span, {
        hint: 'move it to the site block',
      });
    } else {
      sink.error('RWS3002', `\`${spec.name}\` can only be used inside a route block`, nameArg.span, { hint: `wrap it in \`route { ... }\`` });
    }
  }
}

/** Shared by every route without a matcher (frozen plan data, so sharing it is safe; most routes have none). */
const NO_MATCH: readonly number[] = Object.freeze([]);

const usages = new WeakMap<DirectiveSpec, () => string>();
const quotedNames = new WeakMap<DirectiveSpec, string>();

/** The directive's one-line syntax for hints, as a function made once per spec (only errors call it). */
function usageOf(spec: DirectiveSpec): () => string {
  let fn = usages.get(spec);
  if (fn === undefined) {
    fn = () => usage(spec.name, spec.args, spec.matcher, spec.block);
    usages.set(spec, fn);
  }
  return fn;
}

/** `` `name` `` as messages write it, made once per spec. */
function quotedName(spec: DirectiveSpec): string {
  let name = quotedNames.get(spec);
  if (name === undefined) {
    name = `\`${spec.name}\``;
    quotedNames.set(spec, name);
  }
  return name;
}

/**
 * An inline path (`/x`, `*`) first argument is a matcher unless taking it as one would leave too few arguments
 * while keeping it as an argument would not: `redir /new` redirects to /new, `respond /health` matches /health.
 */
export function inlineIsMatcher(count: number, spec: DirectiveSpec): boolean {
  const { min } = arityOf(spec.args);
  return !(count - 1 < min && count >= min);
}

function assertNever(x: never): never {
  throw new Error(`unexpected ${JSON.stringify(x)}`);
}
