/**
 * The handler table: one factory per HandlerPlan kind. A kind without a factory is a type error (mapped
 * type over HandlerPlan['kind'] + satisfies): a new handler in plan.ts cannot be forgotten here.
 */
import type { HandlerFactory, ProvisionedHandler, ProvisionEnv } from '../http/handler.ts';
import type { HandlerPlan } from '../plan/plan.ts';
import { abort } from './abort.ts';
import { encode } from './encode.ts';
import { error } from './error.ts';
import { fileServer } from './file-server.ts';
import { headers } from './headers.ts';
import { redir } from './redir.ts';
import { requestBody } from './request-body.ts';
import { respond } from './respond.ts';
import { reverseProxy } from './reverse-proxy.ts';
import { rewrite } from './rewrite.ts';
import { root } from './root.ts';
import { subroute } from './subroute.ts';
import { tryFiles } from './try-files.ts';
import { uri } from './uri.ts';
import { vars } from './vars.ts';

export type HandlerTable = { readonly [K in HandlerPlan['kind']]: HandlerFactory<Extract<HandlerPlan, { kind: K }>> };

export const HANDLERS = {
  respond,
  redir,
  rewrite,
  uri,
  headers,
  root,
  vars,
  file_server: fileServer,
  try_files: tryFiles,
  encode,
  reverse_proxy: reverseProxy,
  subroute,
  error,
  abort,
  request_body: requestBody,
} as const satisfies HandlerTable;

/** Names of the handlers that answer the request and never call `next` (explain uses it). */
export function isTerminal(plan: HandlerPlan): boolean {
  switch (plan.kind) {
    case 'respond':
    case 'redir':
    case 'reverse_proxy':
    case 'error':
    case 'abort':
      return true;
    case 'file_server':
      return !plan.passThru;
    case 'rewrite':
    case 'uri':
    case 'headers':
    case 'root':
    case 'vars':
    case 'try_files':
    case 'encode':
    case 'subroute':
    case 'request_body':
      return false;
    default:
      return unreachable(plan);
  }
}

export function provisionHandler(plan: HandlerPlan, env: ProvisionEnv): ProvisionedHandler {
  const factory = HANDLERS[plan.kind] as HandlerFactory;
  return factory(plan, env);
}

function unreachable(value: never): never {
  throw new Error(`unknown handler kind ${JSON.stringify(value)}`);
}
