/**
 * A site's certificate after automatic HTTPS: its files, or a managed source when any of its endpoints is
 * https (named hosts, or a catch-all with on-demand TLS). Reports wildcard names that ACME cannot validate
 * and on-demand TLS without an ask endpoint.
 *
 * Invariant: returns null only when the site has no https endpoint or nothing could issue for it (a catch-all
 * without on-demand): the https-without-tls check reports the latter.
 */
import type { Span } from '../diagnostics/diagnostic.ts';
import type { Reporter } from '../registry/directive.ts';
import type { BoundGlobal, Endpoint, SiteAddress, TlsSetting } from './bound.ts';
import { AUTOMATIC_TLS, issuerFor, type ManagedTlsRequest, managedSource } from './cert-automation.ts';

export interface ManagedRequestAt {
  readonly request: ManagedTlsRequest;
  readonly span: Span;
}

export function siteCertificate(
  files: TlsSetting | null,
  managed: ManagedRequestAt | null,
  addresses: readonly SiteAddress[],
  endpoints: readonly Endpoint[],
  global: BoundGlobal,
  origin: string,
  r: Reporter,
): TlsSetting | null {
  if (files !== null) return files;
  const https = endpoints.filter((e) => e.scheme === 'https');
  if (https.length === 0) return null;
  const request = managed?.request ?? AUTOMATIC_TLS;
  const named = https.some((e) => e.host !== null);
  if (!named && !request.onDemand) return null;
  const automation = global.certificates;
  const source = managedSource(request, automation, origin);
  const span = managed?.span ?? addresses[0].span;
  if (request.onDemand && source.acme.onDemand?.ask === null) {
    r.warn('RWS3603', 'on-demand TLS without an `ask` endpoint: any name pointed at this server gets a certificate', span, {
      hint: 'add `on_demand_tls { ask <url> }` to the global options',
    });
  }
  if (source.acme.issuer.dns === null) {
    for (const address of addresses) {
      const host = address.host;
      if (host === null || !host.startsWith('*.') || issuerFor(host, source, automation) !== 'acme') continue;
      r.error('RWS3602', `\`${address.text}\` is a wildcard name: ACME CAs validate those only with the DNS-01 challenge`, address.span, {
        hint: 'configure `acme_dns exec <command…>` (global) or `tls { dns exec <command…> }`, or use `tls internal`',
      });
    }
  }
  return { ...source, span };
}
