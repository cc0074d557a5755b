/**
 * The BindContext a directive's bind hook sees: reporting, templates, paths, matchers, upstream pools, nested route lists and
 * subdirective checks, all delegating to the binder of the enclosing site.
 *
 * Invariant: one context per directive line; it holds no state of its own beyond where the line was written.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import type { MatcherPlan, Origin, RoutePlan, Template, UpstreamPoolPlan } from '../../runtime/plan/plan.ts';
import type { DiagnosticCode } from '../diagnostics/codes.ts';
import type { Span } from '../diagnostics/diagnostic.ts';
import type { ExpandedBlock, ExpandedLine } from '../expand/expanded.ts';
import type { BindContext, ReportOptions, Scope, SubdirectiveSpec } from '../registry/directive.ts';
import type { Arg, Block, Line } from '../syntax/ast.ts';
import type { DirectiveBinder } from './directive-binder.ts';
import { parseTemplate } from './template.ts';

export class DirectiveContext implements BindContext {
  readonly scope: Scope;
  readonly #binder: DirectiveBinder;
  readonly #owner: string;
  readonly #file: string;

  constructor(binder: DirectiveBinder, line: ExpandedLine, scope: Scope, owner: string) {
    this.#binder = binder;
    this.#owner = owner;
    this.scope = scope;
    this.#file = line.span.file;
  }

  /** Worked out when a directive asks (few do: those taking paths). */
  get baseDir(): string {
    return baseDirOf(this.#file);
  }

  error(code: DiagnosticCode, message: string, span: Span, options?: ReportOptions): void {
    this.#binder.shared.sink.error(code, message, span, options);
  }

  warn(code: DiagnosticCode, message: string, span: Span, options?: ReportOptions): void {
    this.#binder.shared.sink.warn(code, message, span, options);
  }

  origin(span: Span): Origin {
    return this.#binder.shared.origins.of(span);
  }

  template(arg: Arg): Template | null {
    return parseTemplate(arg, this.#binder, this.#binder.shared.sink);
  }

  path(arg: Arg): Template | null {
    const t = this.template(arg);
    if (t === null || typeof t[0] !== 'string' || isAbsolute(t[0])) return t;
    const first = t[0];
    const absolute = resolve(this.baseDir, first) + (first.endsWith('/') && first !== '/' ? '/' : '');
    return [absolute, ...t.slice(1)];
  }

  matcher(m: MatcherPlan): number {
    return this.#binder.shared.table.intern(m);
  }

  routes(block: Block): RoutePlan[] {
    return this.#binder.routeList(block as ExpandedBlock, this.#owner);
  }

  addPool(pool: Omit<UpstreamPoolPlan, 'name'>): number {
    return this.#binder.shared.pools.addInline(this.#binder.siteName, pool);
  }

  usePool(name: string): number | undefined {
    return this.#binder.shared.pools.use(name);
  }

  peekPool(name: string): UpstreamPoolPlan | undefined {
    return this.#binder.shared.pools.peek(name);
  }

  poolNames(): readonly string[] {
    return this.#binder.shared.pools.names();
  }

  subdirectives(block: Block, spec: readonly SubdirectiveSpec[]): ReadonlyMap<string, readonly Line[]> {
    return this.#binder.shared.subdirectives.check(block, spec, this.#owner, this.#binder.shared.sink);
  }
}

const baseDirs = new Map<string, string>();

/** Folder that relative paths in a file resolve against: the file's own folder (the working directory for pseudo-files). */
export function baseDirOf(file: string): string {
  if (!isAbsolute(file)) return process.cwd();
  let dir = baseDirs.get(file);
  if (dir === undefined) {
    dir = dirname(file);
    if (baseDirs.size > 1000) baseDirs.clear();
    baseDirs.set(file, dir);
  }
  return dir;
}
