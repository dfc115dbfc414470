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
      {items.data && items.data.length === 0 && <p class="notice">No dead letter: every message of this tenant was applied.</p>}
      {items.data && items.data.length > 0 && (
        <div class="table-scroll" tabIndex={0} role="region" aria-label="Table (scrolls sideways on narrow screens)">
          <table data-table="dead-letters">
            <thead><tr><th scope="col">When</th><th scope="col">Topic</th><th scope="col">Position</th><th scope="col">Event type</th><th scope="col">Reason</th><th scope="col">Replayed</th></tr></thead>
            <tbody>
              {items.data.map((d) => (
                <tr key={d.id}>
                  <td>{when(d.createdAt)}</td><td>{d.topic}</td><td>{d.partition}:{d.offset}</td><td>{d.eventType ?? '–'}</td><td>{d.reason}</td><td>{when(d.replayedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
