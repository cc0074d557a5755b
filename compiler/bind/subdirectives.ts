/**
 * Checking a directive's block against its subdirective schema: unknown names (with did-you-mean and a fix),
 * argument counts, repeats, and nested blocks.
 *
 * Invariant: each block is checked once however many times a hook asks (results are cached per block object),
 * so a diagnostic is never reported twice.
 */
import type { Block, Line } from '../syntax/ast.ts';
import type { Reporter, SubdirectiveSpec } from '../registry/directive.ts';
import { didYouMean } from '../values/did-you-mean.ts';
import { checkArity, usage } from './arity.ts';

export class SubdirectiveChecker {
  readonly #cache = new WeakMap<Block, Map<string, Line[]>>();

  check(block: Block, specs: readonly SubdirectiveSpec[], owner: string, r: Reporter): ReadonlyMap<string, readonly Line[]> {
    const cached = this.#cache.get(block);
    if (cached !== undefined) return cached;
    const found = new Map<string, Line[]>();
    this.#cache.set(block, found);
    const byName = new Map(specs.map((s) => [s.name, s]));
    for (const line of block.lines) {
      const nameArg = line.args[0];
      if (nameArg === undefined) {
        r.error('RWS3007', `expected a subdirective of \`${owner}\` before \`{\``, line.span, { hint: hintFor(null, specs) });
        continue;
      }
      const spec = nameArg.kind === 'word' ? byName.get(nameArg.value) : undefined;
      if (spec === undefined) {
        const suggestion = didYouMean(nameArg.value, byName.keys());
        r.error('RWS3007', `unknown subdirective \`${nameArg.value}\` in \`${owner}\``, nameArg.span, {
          hint: hintFor(suggestion, specs),
          ...(suggestion === null ? {} : { fix: { message: `replace with \`${suggestion}\``, edits: [{ span: nameArg.span, newText: suggestion }] } }),
        });
        continue;
      }
      const previous = found.get(spec.name);
      if (previous !== undefined && !spec.repeatable) {
        r.error('RWS3008', `\`${spec.name}\` is given twice in \`${owner}\``, nameArg.span, {
          notes: [{ message: 'first given here', span: previous[0].args[0].span }],
          hint: 'remove one of them',
        });
        continue;
      }
      const syntax = (): string => usage(spec.name, spec.args, false, spec.block === undefined ? null : { kind: 'routes' });
      if (!checkArity(`\`${spec.name}\``, line.args.slice(1), spec.args, nameArg.span, syntax, r)) continue;
      if (line.block !== null && spec.block === undefined) {
        r.error('RWS3005', `\`${spec.name}\` does not take a block`, line.block.open, { hint: `syntax: \`${syntax()}\`` });
        continue;
      }
      if (line.block !== null && spec.block !== undefined) this.check(line.block, spec.block, spec.name, r);
      if (previous === undefined) found.set(spec.name, [line]);
      else previous.push(line);
    }
    return found;
  }
}

function hintFor(suggestion: string | null, specs: readonly SubdirectiveSpec[]): string {
  if (suggestion !== null) return `did you mean \`${suggestion}\`?`;
  if (specs.length === 0) return 'this block takes no subdirectives';
  return `expected one of ${specs.map((s) => `\`${s.name}\``).join(', ')}`;
}
