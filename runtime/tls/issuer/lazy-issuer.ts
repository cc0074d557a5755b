/**
 * An issuer whose implementation (acme-client, @peculiar/x509: heavy modules) is loaded on first use, so a
 * server without managed certificates never loads them.
 *
 * Invariant: `key` is known at once (issuer-key.ts); the implementation is created at most once; at most
 * ORDERS_AT_ONCE issue() calls run at a time, and only one until an order has succeeded.
 */
import type { AcmeIssuerPlan } from '../../plan/plan.ts';
import type { ChallengeStore } from '../challenge/challenge-store.ts';
import type { CertificateStorage } from '../storage/storage.ts';
import { acmeIssuerKey, LOCAL_ISSUER_KEY } from './issuer-key.ts';
import { IssueSlots } from './issue-slots.ts';
import type { IssuedCertificate, Issuer, SuggestedWindow } from './issuer.ts';

/** Concurrent orders per issuer (see issue-slots.ts). */
const ORDERS_AT_ONCE = 8;

export type IssuerSpec =
  | { readonly kind: 'acme'; readonly plan: AcmeIssuerPlan; readonly storage: CertificateStorage; readonly challenges: ChallengeStore }
  | { readonly kind: 'internal'; readonly storage: CertificateStorage; readonly lifetimeMs: number };

export class LazyIssuer implements Issuer {
  readonly key: string;
  private readonly spec: IssuerSpec;
  private loaded: Promise<Issuer> | null = null;
  private readonly slots = new IssueSlots(1);

  constructor(spec: IssuerSpec) {
    this.spec = spec;
    this.key = spec.kind === 'acme' ? acmeIssuerKey(spec.plan) : LOCAL_ISSUER_KEY;
  }

  async issue(name: string, signal: AbortSignal): Promise<IssuedCertificate> {
    const issuer = await this.load();
    const issued = await this.slots.run(signal, () => issuer.issue(name, signal));
    // Slow start: one order until one succeeds (the first site serves sooner, and a misconfigured CA fails
    // one order, not eight), then ORDERS_AT_ONCE.
    this.slots.grow(ORDERS_AT_ONCE);
    return issued;
  }

  async suggestedWindow(certPem: string, signal: AbortSignal): Promise<SuggestedWindow | null> {
    return (await this.load()).suggestedWindow(certPem, signal);
  }

  private load(): Promise<Issuer> {
    this.loaded ??= (async () => {
      const spec = this.spec;
      if (spec.kind === 'acme') {
        const { AcmeIssuer } = await import('./acme-issuer.ts');
        return new AcmeIssuer(spec.plan, spec.storage, spec.challenges);
      }
      const { InternalIssuer } = await import('./internal-issuer.ts');
      return new InternalIssuer(spec.storage, spec.lifetimeMs);
    })();
    return this.loaded;
  }
}
