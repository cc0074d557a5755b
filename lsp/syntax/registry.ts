/**
 * The registry as the language server reads it: the same lookup the binder uses.
 *
 * Invariant: every name, doc and schema the server shows comes from here (or the matcher and placeholder
 * tables next to the binder); nothing is copied by hand into lsp/.
 */
import { DEFAULT_REGISTRY } from '../../compiler/bind/bind.ts';
import { lookupFor } from '../../compiler/registry/lookup.ts';

export const LOOKUP = lookupFor(DEFAULT_REGISTRY);
export { MATCHER_TYPES, NOT_MATCHER } from '../../compiler/bind/matcher-types.ts';
