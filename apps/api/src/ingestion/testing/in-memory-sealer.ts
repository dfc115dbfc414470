import { personalSubjectDeclarationOf, type HindsightEvent } from '@hindsight/contracts';
import { personalSubjectOf, type SealOutcome } from '@hindsight/shredding';
import type { IngestionSealer } from '../ingestion-ports';

/**
 * The sealer in memory: the fake of the IngestionSealer port (EventSealer with
 * its subject keys). It encrypts nothing — the value is the event as JSON — but
 * refuses, as the real one does, an event whose personal subject was erased
 * (`erase`), naming the field that names the subject.
 */
export class InMemorySealer implements IngestionSealer {
  private readonly erased = new Set<string>();

  erase(tenant: string, kind: 'rater' | 'interaction', id: string): void {
    this.erased.add(`${tenant}\u0000${kind}\u0000${id}`);
  }

  async seal(events: readonly HindsightEvent[]): Promise<SealOutcome[]> {
    return events.map((event): SealOutcome => {
      const subject = personalSubjectOf(event.type, event.data);
      if (subject && this.erased.has(`${event.tenant}\u0000${subject.kind}\u0000${subject.id}`))
        return { ok: false, field: `data.${personalSubjectDeclarationOf(event.type)?.field ?? subject.kind}` };
      return { ok: true, value: JSON.stringify(event) };
    });
  }
}
