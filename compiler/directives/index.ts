/**
 * The directive registry: every directive and global option, as literal lists.
 *
 * Invariant: explicit wiring. A directive exists if and only if it is listed here; nothing registers itself
 * as a side effect of an import. Names are unique across both lists.
 */
import type { DirectiveSpec } from '../registry/directive.ts';
import { abort } from './abort.ts';
import { bind } from './bind.ts';
import { encode } from './encode.ts';
import { error } from './error.ts';
import { fileServer } from './file-server.ts';
import { admin } from './global/admin.ts';
import { defaultBind } from './global/default-bind.ts';
import { gracePeriod } from './global/grace-period.ts';
import { acmeCa, acmeCaRoot, acmeDns, acmeEab, email } from './global/acme-options.ts';
import { autoHttps, localCerts, renewWindow, storage } from './global/auto-https.ts';
import { limits } from './global/limits.ts';
import { onDemandTls } from './global/on-demand-tls.ts';
import { logLevel } from './global/log-level.ts';
import { workers } from './global/workers.ts';
import { metrics } from './global/metrics.ts';
import { httpPort, httpsPort } from './global/ports.ts';
import { defaultSni, unknownSni } from './global/sni.ts';
import { clientIpHeaders, trustedProxies } from './global/trusted-proxies.ts';
import { upstream } from './upstream.ts';
import { header } from './header.ts';
import { log } from './log.ts';
import { redir } from './redir.ts';
import { requestBody } from './request-body.ts';
import { requestHeader } from './request-header.ts';
import { respond } from './respond.ts';
import { reverseProxy } from './reverse-proxy.ts';
import { rewrite } from './rewrite.ts';
import { root } from './root.ts';
import { tls } from './tls.ts';
import { tryFiles } from './try-files.ts';
import { uri } from './uri.ts';
import { vars } from './vars.ts';
import { handle } from './structural/handle.ts';
import { handleErrors } from './structural/handle-errors.ts';
import { handlePath } from './structural/handle-path.ts';
import { route } from './structural/route.ts';

/** Directives written in site blocks and route blocks. */
export const DIRECTIVES = [
  route,
  handle,
  handlePath,
  handleErrors,
  respond,
  redir,
  rewrite,
  uri,
  header,
  requestHeader,
  root,
  vars,
  fileServer,
  tryFiles,
  encode,
  reverseProxy,
  tls,
  log,
  bind,
  error,
  abort,
  requestBody,
] as const satisfies readonly DirectiveSpec[];

/** Options of the global options block (`{ ... }` at the top of the Rwsfile). */
export const GLOBAL_OPTIONS = [
  admin,
  metrics,
  gracePeriod,
  limits,
  logLevel,
  workers,
  httpPort,
  httpsPort,
  defaultBind,
  email,
  acmeCa,
  acmeCaRoot,
  acmeEab,
  acmeDns,
  onDemandTls,
  storage,
  autoHttps,
  localCerts,
  renewWindow,
  defaultSni,
  unknownSni,
  trustedProxies,
  clientIpHeaders,
  upstream,
] as const satisfies readonly DirectiveSpec[];
