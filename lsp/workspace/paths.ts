/**
 * URIs at the edge, paths inside: the compiler's spans name files by absolute path, the client by URI.
 *
 * Invariant: a document the client opened is always answered with the exact URI the client used.
 */
import { isAbsolute } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export class UriMap {
  readonly #uriOf = new Map<string, string>();

  /** The path of a URI (remembering the client's spelling of it); `<uri>` for buffers not on disk (`untitled:`). */
  path(uri: string): string {
    const path = uri.startsWith('file:') ? fileURLToPath(uri) : `<${uri}>`;
    this.#uriOf.set(path, uri);
    return path;
  }

  /** The URI for a path: the one the client used, or a file URI. */
  uri(path: string): string {
    return this.#uriOf.get(path) ?? (isAbsolute(path) ? pathToFileURL(path).href : path.startsWith('<') && path.endsWith('>') ? path.slice(1, -1) : path);
  }
}
