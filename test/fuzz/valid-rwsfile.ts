/**
 * Random valid Rwsfiles for the fuzz test: a model (sites, snippets, named matchers, directives, nested
 * route blocks, heredocs, strings) printed messily (random indentation and spacing, comments everywhere,
 * runs of blank lines, single-line blocks, CRLF, odd comma spacing in address lists).
 *
 * Beyond the structural core and `respond`, sites get the registry's own examples (each a valid snippet), so
 * the generator grows with the registry; a few hand-written lines are used when their directive exists.
 */
import type { Line } from '../../compiler/syntax/ast.ts';
import { parse } from '../../compiler/syntax/parser.ts';
import type { Prng } from './prng.ts';

/** What the generator may use, taken from the directive registry. */
export interface Vocabulary {
  /** Names of the registered directives. */
  readonly available: ReadonlySet<string>;
  /** Examples of directives allowed in site blocks, grouped by directive. */
  readonly siteExamples: readonly (readonly string[])[];
  /** Examples of directives allowed in route blocks, grouped by directive. */
  readonly routeExamples: readonly (readonly string[])[];
  /** Names of the directives allowed in route blocks (an example may show a directive inside another). */
  readonly routeNames: ReadonlySet<string>;
  /** Examples of global options, grouped by option. */
  readonly globalExamples: readonly (readonly string[])[];
}

interface GenLine {
  readonly args: readonly string[];
  readonly block: readonly GenLine[] | null;
}

const line = (args: readonly string[], block: readonly GenLine[] | null = null): GenLine => ({ args, block });

const WORDS = ['alpha', 'beta', 'gamma', 'todo', 'why', 'see docs', 'keep', '{not a block}', '"quoted"', '# twice', '', 'ünïcødé'];
const PLACEHOLDERS = ['{host}', '{path}', '{method}', '{uri}', '{remote_ip}', '{query.q}', '{header.user-agent}', '{path.1}', '{$FUZZ_GREETING:hello}'];

/** A valid snippet (a registry example) as generator lines, its raw argument text kept. */
function linesOf(text: string): GenLine[] {
  const convert = (lines: readonly Line[]): GenLine[] =>
    lines.map((l) => line(l.args.map((a) => a.raw), l.block === null ? null : convert(l.block.lines)));
  return convert(parse({ path: 'example', text }).value.lines);
}

/** Named matchers an example defines (`@name ...` lines at its top level). */
function matchersDefined(lines: readonly GenLine[]): string[] {
  return lines.filter((l) => l.args.length > 0 && l.args[0].startsWith('@')).map((l) => l.args[0]);
}

/** Named matchers an example uses (`@name` after a directive's name), at any depth. */
function matchersUsed(lines: readonly GenLine[]): string[] {
  return lines.flatMap((l) => [...l.args.slice(1).filter((a) => a.startsWith('@')), ...matchersUsed(l.block ?? [])]);
}

class Model {
  readonly #rng: Prng;
  readonly #vocabulary: Vocabulary;
  #snippets: string[] = [];
  /** Named matchers of the site being generated (examples bring their own; names must not clash). */
  #siteMatchers = new Set<string>();
  /** Directives whose example the site already has (one each: some may appear only once per site). */
  #siteExampleGroups = new Set<readonly string[]>();
  /** Directive names at the top of the site's examples (an example may show another directive, like `handle_errors`). */
  #siteNames = new Set<string>();

  constructor(rng: Prng, vocabulary: Vocabulary) {
    this.#rng = rng;
    this.#vocabulary = vocabulary;
  }

  file(): GenLine[] {
    const rng = this.#rng;
    const out: GenLine[] = [];
    const snippets = rng.between(0, 2);
    for (let i = 0; i < snippets; i++) {
      const name = `snip${i}`;
      out.push(line([`(${name})`], this.#directives(rng.between(1, 2), [], 0)));
      this.#snippets.push(name);
    }
    const sites = rng.between(1, 4);
    for (let i = 0; i < sites; i++) out.splice(rng.int(out.length + 1), 0, this.#site(i));
    // The global options block comes first, with up to three different options.
    const globals = this.#vocabulary.globalExamples;
    if (globals.length > 0 && rng.chance(0.4)) {
      const picked = new Set<number>();
      for (let k = rng.between(1, 3); k > 0; k--) picked.add(rng.int(globals.length));
      out.unshift(line([], [...picked].sort((a, b) => a - b).flatMap((g) => linesOf(rng.pick(globals[g])))));
    }
    return out;
  }

  #site(i: number): GenLine {
    const rng = this.#rng;
    const hosts = rng.between(1, 3);
    const addresses: string[] = [];
    for (let h = 0; h < hosts; h++) {
      const host = `h${i}-${h}.example`;
      addresses.push(rng.pick([`http://${host}`, `${host}:8080`, `http://${host}:8080`, `http://${host}:0`]));
    }
    const matchers: string[] = [];
    const body: GenLine[] = [];
    this.#siteMatchers = new Set();
    this.#siteExampleGroups = new Set<readonly string[]>();
    const errorRoutes = rng.chance(0.2);
    this.#siteNames = new Set(errorRoutes ? ['handle_errors'] : []);
    for (let m = rng.between(0, 3); m > 0; m--) {
      const name = `m${matchers.length}`;
      matchers.push(name);
      this.#siteMatchers.add(`@${name}`);
      body.push(this.#matcher(name));
    }
    body.push(...this.#directives(rng.between(1, 5), matchers, 0));
    for (let k = rng.between(0, 3); k > 0; k--) body.push(...this.#example(this.#vocabulary.siteExamples));
    if (errorRoutes) body.push(line(['handle_errors'], [line(['respond', '"{err.status} {err.message}"', rng.pick(['200', '500'])])]));
    // Matcher definitions may appear anywhere in the site.
    for (let k = 0; k < 2 && body.length > 1; k++) {
      const from = rng.int(body.length);
      const [moved] = body.splice(from, 1);
      body.splice(rng.int(body.length + 1), 0, moved);
    }
    return line(addressArgs(addresses, rng), body);
  }

  #matcher(name: string): GenLine {
    const rng = this.#rng;
    const ref = `@${name}`;
    switch (rng.int(6)) {
      case 0:
        return line([ref, 'path', `/${name}/*`, ...(rng.chance(0.5) ? ['*.css'] : [])]);
      case 1:
        return line([ref, 'method', 'GET', 'POST']);
      case 2:
        return line([ref, 'header', 'X-Fuzz', rng.pick(['yes', 'v*', '*json*'])]);
      case 3:
        return line([ref], [line(['path', `/${name}/*`]), line(['method', 'GET'])]);
      case 4:
        return line([ref, 'not', 'path', '/private/*']);
      default:
        return line([ref, 'path_regexp', '^/r/(\\d+)$']);
    }
  }

  #directives(n: number, matchers: readonly string[], depth: number): GenLine[] {
    const out: GenLine[] = [];
    for (let i = 0; i < n; i++) out.push(this.#directive(matchers, depth));
    return out;
  }

  #matcherArg(matchers: readonly string[]): string[] {
    const rng = this.#rng;
    const r = rng.int(4);
    if (r === 0 && matchers.length > 0) return [`@${rng.pick(matchers)}`];
    if (r === 1) return [rng.pick(['/x/*', '/health', '*.txt', '/a/b'])];
    return [];
  }

  #directive(matchers: readonly string[], depth: number): GenLine {
    const rng = this.#rng;
    const kinds = ['respond', 'respond', 'respond', 'extra', 'example', ...(depth < 2 ? ['route', 'handle', 'handle_path'] : []), ...(this.#snippets.length > 0 ? ['import'] : [])];
    switch (rng.pick(kinds)) {
      case 'route':
      case 'handle': {
        const name = rng.chance(0.5) ? 'route' : 'handle';
        return line([name, ...this.#matcherArg(matchers)], this.#directives(rng.between(1, 3), matchers, depth + 1));
      }
      case 'handle_path':
        return line(['handle_path', `/p${depth}${rng.int(9)}/*`], this.#directives(rng.between(1, 2), matchers, depth + 1));
      case 'import':
        return line(['import', rng.pick(this.#snippets)]);
      case 'example': {
        // Examples of several lines (a matcher and its use) go only at site level (see #site).
        const lines = this.#example(this.#vocabulary.routeExamples, true);
        return lines.length === 1 ? lines[0] : this.#respond(matchers);
      }
      case 'extra': {
        const extra = this.#extra(matchers);
        if (extra !== null) return extra;
        return this.#respond(matchers);
      }
      default:
        return this.#respond(matchers);
    }
  }

  #respond(matchers: readonly string[]): GenLine {
    const rng = this.#rng;
    const args = ['respond', ...this.#matcherArg(matchers)];
    const body = rng.int(6);
    if (body === 0) return line([...args, rng.pick(['204', '404'])]);
    if (body === 1) args.push(`\`raw ${rng.pick(WORDS.filter((w) => !w.includes('`')))} \\n\``);
    else if (body === 2) args.push(heredoc(rng));
    else if (body === 3) args.push(`"say \\"${rng.pick(['hi', 'bye'])}\\" to ${rng.pick(PLACEHOLDERS)}"`);
    else args.push(`"${rng.pick(['hello', 'ok', 'x y z'])} ${rng.pick(PLACEHOLDERS)}"`);
    if (rng.chance(0.6)) args.push(rng.pick(['200', '201', '404', '503']));
    return line(args, rng.chance(0.1) ? [line(['close'])] : null);
  }

  /** The lines of a registry example not used in this site yet whose matcher names are free; [] when none fits. */
  #example(groups: readonly (readonly string[])[], oneLine = false): GenLine[] {
    if (groups.length === 0) return [];
    const g = this.#rng.int(groups.length);
    if (this.#siteExampleGroups.has(groups[g])) return [];
    const lines = linesOf(this.#rng.pick(groups[g]));
    if (oneLine && (lines.length !== 1 || !this.#vocabulary.routeNames.has(lines[0].args[0]))) return [];
    const names = matchersDefined(lines);
    if (names.some((n) => this.#siteMatchers.has(n))) return [];
    // `respond @blocked ...` shows a matcher defined elsewhere: not usable on its own.
    if (matchersUsed(lines).some((n) => !names.includes(n))) return [];
    const directives = lines.filter((l) => l.args.length > 0 && !l.args[0].startsWith('@')).map((l) => l.args[0]);
    if (directives.some((d) => this.#siteNames.has(d))) return [];
    for (const d of directives) this.#siteNames.add(d);
    this.#siteExampleGroups.add(groups[g]);
    for (const n of names) this.#siteMatchers.add(n);
    return lines;
  }

  /** Leaf directives, when the registry has them. */
  #extra(matchers: readonly string[]): GenLine | null {
    const rng = this.#rng;
    const candidates: GenLine[] = [];
    const has = (name: string) => this.#vocabulary.available.has(name);
    if (has('header')) candidates.push(line(['header', ...this.#matcherArg(matchers), 'X-Gen', `"v ${rng.pick(PLACEHOLDERS)}"`]));
    if (has('header')) candidates.push(line(['header'], [line(['X-A', 'a']), line(['-Server'])]));
    if (has('request_header')) candidates.push(line(['request_header', 'X-Real-IP', '{remote_ip}']));
    if (has('redir')) candidates.push(line(['redir', '/old/*', '/new/{path.1}', rng.pick(['301', '308'])]));
    if (has('rewrite')) candidates.push(line(['rewrite', '/docs', '/docs/']));
    if (has('uri')) candidates.push(line(['uri', 'strip_prefix', '/api']));
    return candidates.length === 0 ? null : rng.pick(candidates);
  }
}

/** A site's address list, with a random style of comma spacing. */
function addressArgs(addresses: readonly string[], rng: Prng): string[] {
  if (addresses.length === 1) return [...addresses];
  switch (rng.int(4)) {
    case 0:
      return addresses.map((a, i) => (i < addresses.length - 1 ? `${a},` : a));
    case 1:
      return [addresses.join(',')];
    case 2:
      return addresses.flatMap((a, i) => (i === 0 ? [a] : [',', a]));
    default:
      return addresses.map((a, i) => (i === 0 ? a : `,${a}`));
  }
}

function heredoc(rng: Prng): string {
  const marker = rng.pick(['HTML', 'EOF', 'TEXT']);
  const indent = rng.pick(['', '\t', '    ', '\t\t  ']);
  const body = [`<p>${rng.pick(PLACEHOLDERS)}</p>`, `  # not a comment {`, '', '}'].slice(0, rng.between(1, 4));
  return [`<<${marker}`, ...body.map((b) => (b === '' ? '' : indent + b)), `${indent}${marker}`].join('\n');
}

/** Prints the model with random but meaning-preserving layout. */
class MessyPrinter {
  readonly #rng: Prng;
  readonly #out: string[] = [];

  constructor(rng: Prng) {
    this.#rng = rng;
  }

  print(lines: readonly GenLine[]): string {
    const rng = this.#rng;
    if (rng.chance(0.3)) this.#out.push(this.#comment());
    this.#lines(lines, 0);
    if (rng.chance(0.2)) this.#out.push(this.#indent(0) + this.#comment());
    const eol = rng.chance(0.1) ? '\r\n' : '\n';
    return this.#out.join(eol) + rng.pick(['', eol, eol + eol, eol + '  ' + eol]);
  }

  #lines(lines: readonly GenLine[], depth: number): void {
    const rng = this.#rng;
    for (const l of lines) {
      for (let b = rng.chance(0.2) ? rng.between(1, 3) : 0; b > 0; b--) this.#out.push(rng.chance(0.3) ? '  ' : '');
      if (rng.chance(0.15)) this.#out.push(this.#indent(depth) + this.#comment());
      this.#line(l, depth);
    }
    if (rng.chance(0.1)) this.#out.push(this.#indent(depth) + this.#comment());
  }

  #line(l: GenLine, depth: number): void {
    const rng = this.#rng;
    const head = l.args.join(rng.pick([' ', '  ', '\t', ' \t ']));
    const trailing = () => (rng.chance(0.15) ? rng.pick([' ', '   ', '\t']) + this.#comment() : '');
    const indent = this.#indent(depth);
    if (l.block === null) {
      this.#out.push(indent + head + trailing());
      return;
    }
    const open = head === '' ? '{' : `${head}${rng.pick([' ', '  ', '\t'])}{`;
    const only = l.block.length === 1 ? l.block[0] : null;
    if (only !== null && only.block === null && !only.args.some((a) => a.includes('\n')) && rng.chance(0.3)) {
      this.#out.push(`${indent}${open} ${only.args.join(' ')} }${trailing()}`);
      return;
    }
    this.#out.push(indent + open + trailing());
    this.#lines(l.block, depth + 1);
    this.#out.push(indent + '}' + trailing());
  }

  #indent(depth: number): string {
    return this.#rng.pick(['\t'.repeat(depth), '  '.repeat(depth), '    '.repeat(depth), ' '.repeat(this.#rng.int(5))]);
  }

  #comment(): string {
    return `#${this.#rng.pick(['', ' '])}${this.#rng.pick(WORDS)}${this.#rng.pick(['', '  '])}`;
  }
}

export function validRwsfile(rng: Prng, vocabulary: Vocabulary): string {
  return new MessyPrinter(rng).print(new Model(rng, vocabulary).file());
}
