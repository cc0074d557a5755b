/**
 * Generated Rwsfiles with many sites, for `compile` and `routing`. Site N answers for siteN.example.com on
 * one shared port; each has a `header` directive and a `respond` (or, in the mixed file, a `reverse_proxy`).
 */
import { RWS_GLOBALS } from './peers/rws.ts';

export interface ManySites {
  /** Number of sites; sites are numbered 1..count. */
  readonly count: number;
  readonly port: number;
  /** Every other site proxies to this port instead of responding (compile); null = all respond (routing). */
  readonly upstreamPort: number | null;
  /** Only generate this one site (the routing baseline: the same site, alone on its listener). */
  readonly only?: number;
}

/** The site picked by routing: one in the middle, so neither first-match nor last-match luck helps. */
export function middleSite(count: number): number {
  return Math.max(1, Math.ceil(count / 2));
}

export function siteHost(n: number): string {
  return `site${n}.example.com`;
}

export function manySitesRwsfile(spec: ManySites): string {
  const parts: string[] = [RWS_GLOBALS];
  const first = spec.only ?? 1;
  const last = spec.only ?? spec.count;
  for (let n = first; n <= last; n++) {
    const handler =
      spec.upstreamPort !== null && n % 2 === 0 ? `reverse_proxy 127.0.0.1:${spec.upstreamPort}` : 'respond "ok"';
    parts.push(`${siteHost(n)}:${spec.port} {\n\theader X-Site ${n}\n\t${handler}\n}\n`);
  }
  return parts.join('\n');
}
