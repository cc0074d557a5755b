/**
 * Small helpers for reading the lines that BindContext.subdirectives() grouped by name.
 *
 * Invariant: pure accessors over the syntax tree plus the duplicate-value warning; no directive semantics.
 */
import type { BindContext, DirectiveNode, Reporter, SubdirectiveSpec } from '../registry/directive.ts';
import type { Arg, Line } from '../syntax/ast.ts';

export type Grouped = ReadonlyMap<string, readonly Line[]>;

/** The last line of a subdirective (repeats are reported by the binder when not allowed), or null. */
export function lineOf(grouped: Grouped, name: string): Line | null {
  const lines = grouped.get(name);
  return lines === undefined || lines.length === 0 ? null : lines[lines.length - 1];
}

/** The arguments after the subdirective's name. */
export function argsOf(line: Line): readonly Arg[] {
  return line.args.slice(1);
}

/** All arguments of every line of a (repeatable) subdirective, in source order. */
export function allArgsOf(grouped: Grouped, name: string): readonly Arg[] {
  return (grouped.get(name) ?? []).flatMap(argsOf);
}

/**
 * Parse each argument with `parse`; keep the first of equal values and warn (RWS3115) about the others.
 * Returns null if any argument was invalid.
 */
export function parseList<T>(
  args: readonly Arg[],
  r: Reporter,
  parse: (arg: Arg) => T | null,
  what: string,
  key: (value: T) => unknown = (value) => value,
): T[] | null {
  const out: T[] = [];
  let ok = true;
  for (const arg of args) {
    const value = parse(arg);
    if (value === null) {
      ok = false;
    } else if (out.some((seen) => key(seen) === key(value))) {
      r.warn('RWS3115', `${what} \`${arg.value}\` is listed twice`, arg.span, {
        hint: 'remove this one',
        fix: { message: 'remove the duplicate', edits: [{ span: arg.span, newText: '' }] },
      });
    } else {
      out.push(value);
    }
  }
  // slice(): exact size (an array grown by push reserves 17 slots, and these lists live in the plan).
  return ok ? out.slice() : null;
}

const NO_SUBDIRECTIVES: Grouped = new Map();

/** The node's block checked against `spec` and grouped by subdirective name; empty when there is no block. */
export function subdirectivesOf(node: DirectiveNode, ctx: BindContext, spec: readonly SubdirectiveSpec[]): Grouped {
  return node.block === null ? NO_SUBDIRECTIVES : ctx.subdirectives(node.block, spec);
}

export interface SettingReader {
  /** False once any value read was invalid (and reported). */
  readonly ok: boolean;
  /** The first argument of subdirective `name` parsed with `parse`; `fallback` when absent or invalid. */
  read<T>(name: string, fallback: T, parse: (arg: Arg) => T | null): T;
}

/** Reads single-argument settings from grouped subdirective lines, remembering whether all were valid. */
export function settingReader(grouped: Grouped): SettingReader {
  return new GroupedSettings(grouped);
}

class GroupedSettings implements SettingReader {
  ok = true;
  readonly #grouped: Grouped;

  constructor(grouped: Grouped) {
    this.#grouped = grouped;
  }

  read<T>(name: string, fallback: T, parse: (arg: Arg) => T | null): T {
    const line = lineOf(this.#grouped, name);
    // args[0] is the subdirective's name.
    const arg = line === null ? undefined : line.args[1];
    if (arg === undefined) return fallback;
    const value = parse(arg);
    if (value === null) this.ok = false;
    return value ?? fallback;
  }
}
