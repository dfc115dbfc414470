import type { RedactionPolicyConfigured } from '@hindsight/contracts';
import { DEFAULT_REDACTION_POLICY, policyOf, type RedactionPolicy } from './redaction-policy';

/**
 * Every tenant's redaction policy, in memory, applied in the configuration topic's order (the latest
 * `setAt` wins, so a policy read again after a later one changes nothing). Pure: a reader feeds it.
 */
export class TenantRedactionPolicies {
  private readonly policies = new Map<string, RedactionPolicy>();
  private wasCaughtUp = false;

  constructor(private readonly reader: { readonly caughtUp: boolean } = { caughtUp: true }) {}

  /** False until the reader has read the topic to where it ended when reading began. */
  get caughtUp(): boolean {
    if (!this.wasCaughtUp && this.reader.caughtUp) this.wasCaughtUp = true;
    return this.wasCaughtUp;
  }

  apply(event: RedactionPolicyConfigured): void {
    const current = this.policies.get(event.tenant);
    if (current?.setAt && current.setAt > event.data.setAt) return;
    this.policies.set(event.tenant, policyOf(event));
  }

  /** The tenant's policy, or the default (`redact`) when it never set one. */
  policyOf(tenant: string): RedactionPolicy {
    return this.policies.get(tenant) ?? DEFAULT_REDACTION_POLICY;
  }
}
