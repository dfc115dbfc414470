import type { DataSource } from 'typeorm';
import type { RedactionPolicyConfigured } from '@hindsight/contracts';
import { projectRecordEvents } from './record-projection';

/** A tenant's redaction policy as projected (`redaction_policies`). */
export interface RedactionPolicyRow {
  readonly mode: 'off' | 'redact' | 'refuse';
  readonly phoneRegion: string | null;
  readonly custom: readonly { readonly name: string; readonly pattern: string; readonly caseInsensitive?: boolean }[];
  readonly setBy: string;
  readonly setAt: string;
}

/** The projection of `redaction-policy.configured`: read by `GET /v1/redaction-policy` and `hindsight redaction show`. */
export class RedactionPolicyRepository {
  constructor(private readonly dataSource: DataSource) {}

  async get(tenant: string): Promise<RedactionPolicyRow | null> {
    const rows: {
      mode: RedactionPolicyRow['mode'];
      phone_region: string | null;
      custom: RedactionPolicyRow['custom'];
      set_by: string;
      set_at: Date;
    }[] = await this.dataSource.query(
      'SELECT mode, phone_region, custom, set_by, set_at FROM redaction_policies WHERE tenant = $1',
      [tenant],
    );
    const r = rows[0];
    return r
      ? { mode: r.mode, phoneRegion: r.phone_region, custom: r.custom, setBy: r.set_by, setAt: r.set_at.toISOString() }
      : null;
  }

  /** Stores a policy Kafka acknowledged (the projector's later application of it is a no-op). */
  apply(event: RedactionPolicyConfigured): Promise<void> {
    return projectRecordEvents(this.dataSource, [event]);
  }
}
