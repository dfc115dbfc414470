import { DataTable } from '../data-table';
import { when } from '../format';
import { Status } from '../status';
import { useAllPages } from '../use-api';
import type { DeadLetterJson } from '../view-models/api-types';

/** Messages of the tenant the projector could not apply (`GET /v1/dead-letters`); `hindsight dlq replay` re-publishes them. */
export function DeadLettersPage() {
  const items = useAllPages<DeadLetterJson>('/v1/dead-letters', 1000);
  return (
    <>
      <h1>Dead letters</h1>
      <Status state={items} what="the dead letters" />
      {items.data && items.data.length === 0 && (
        <p class="notice">No dead letter: every message of this tenant was applied.</p>
      )}
      {items.data && items.data.length > 0 && (
        <DataTable
          id="dead-letters"
          label="Dead letters"
          rows={items.data}
          rowKey={(d) => d.id}
          rowAttrs={(d) => ({ 'data-dead-letter': d.id })}
          columns={[
            { header: 'When', cell: (d) => when(d.createdAt) },
            { header: 'Topic', cell: (d) => d.topic },
            { header: 'Position', cell: (d) => `${d.partition}:${d.offset}` },
            { header: 'Event type', cell: (d) => d.eventType ?? '–' },
            { header: 'Reason', cell: (d) => d.reason, attrs: { class: 'wrap' } },
            { header: 'Replayed', cell: (d) => when(d.replayedAt) },
          ]}
        />
      )}
    </>
  );
}
