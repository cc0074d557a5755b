/**
 * The directive registry: every directive and global option, as literal lists.
 *
 * Invariant: explicit wiring. A directive exists if and only if it is listed here; nothing registers itself
 * as a side effect of an import. Names are unique across both lists.
 */
import type { DirectiveSpec } from '../registry/directive.ts';
import { respond } from './respond.ts';
import { handle } from './structural/handle.ts';
import { handleErrors } from './structural/handle-errors.ts';
import { handlePath } from './structural/handle-path.ts';
import { route } from './structural/route.ts';

/** Directives written in site blocks and route blocks. */
export const DIRECTIVES = [route, handle, handlePath, handleErrors, respond] as const satisfies readonly DirectiveSpec[];

/** Options of the global options block (`{ ... }` at the top of the Rwsfile). */
export const GLOBAL_OPTIONS = [] as const satisfies readonly DirectiveSpec[];
