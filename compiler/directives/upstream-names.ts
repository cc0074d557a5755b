/**
 * Upstream pool names: what a pool name looks like, and the unknown-name diagnostic (RWS3703) shared by
 * `reverse_proxy NAME`, `split` and `mirror`.
 *
 * Invariant: a pool name can never be read as a host (no dots, colons or slashes), so a bare word is a pool
 * reference exactly when a pool of that name is declared.
 */
import type { BindContext } from '../registry/directive.ts';
import type { Arg } from '../syntax/ast.ts';
import { didYouMean } from '../values/did-you-mean.ts';

/** Pool names: a letter, then letters, digits, `_` and `-`. */
export const POOL_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** A word that reads as a pool name rather than a host: no port, no dot, not `localhost`. */
export function isBareName(arg: Arg): boolean {
  return arg.kind === 'word' && POOL_NAME.test(arg.value) && arg.value.toLowerCase() !== 'localhost';
}

export function reportUnknownPool(arg: Arg, names: readonly string[], ctx: BindContext): void {
  const suggestion = didYouMean(arg.value, names);
  const declared = names.length === 0 ? 'no pools are declared (`upstream NAME { to … }` in the global options)' : `declared pools: ${names.map((n) => `\`${n}\``).join(', ')}`;
  ctx.error('RWS3703', `unknown upstream pool \`${arg.value}\``, arg.span, {
    hint: suggestion !== null ? `did you mean \`${suggestion}\`?` : `${declared}; a host needs its port, e.g. \`${arg.value}:80\``,
    ...(suggestion === null ? {} : { fix: { message: `replace with \`${suggestion}\``, edits: [{ span: arg.span, newText: suggestion }] } }),
  });
}
