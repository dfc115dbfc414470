import { when } from '../format';
import { Status } from '../status';
import { useApi } from '../use-api';

interface PolicyView {
  readonly id: string;
  readonly name: string;
  readonly cadence: string;
  readonly timezone: string;
  readonly objectives: readonly string[];
  readonly recipe: { readonly id: string; readonly version: string | number };
  readonly catchUp: string;
  readonly minNewComparisons: number | null;
  readonly driftThreshold: number | null;
  readonly status: string;
  readonly pausedAt: string | null;
  readonly nextFireAt: string | null;
}

/** Retrain policies with their next fire times (`GET /v1/policies`, what `hindsight policy list` shows). */
export function PoliciesPage() {
  const list = useApi<{ policies: PolicyView[] }>('/v1/policies');
  return (
    <>
      <h1>Retrain policies</h1>
      <Status state={list} what="the policies" />
      {list.data && list.data.policies.length === 0 && <p class="notice">No retrain policy yet (`hindsight policy create` or `POST /v1/policies`).</p>}
      {list.data && list.data.policies.length > 0 && (
        <div class="table-scroll" tabIndex={0} role="region" aria-label="Table (scrolls sideways on narrow screens)">
          <table data-table="policies">
            <thead>
              <tr><th scope="col">Name</th><th scope="col">Status</th><th scope="col">Next fire</th><th scope="col">Cadence</th><th scope="col">Time zone</th><th scope="col">Objectives</th><th scope="col">Recipe</th><th scope="col">Catch-up</th><th scope="col">Early triggers</th></tr>
            </thead>
            <tbody>
              {list.data.policies.map((p) => (
                <tr key={p.id} data-policy={p.id}>
                  <th scope="row">{p.name}</th>
                  <td>{p.status}{p.pausedAt ? ` since ${when(p.pausedAt)}` : ''}</td>
                  <td data-field="nextFireAt">{when(p.nextFireAt)}</td>
                  <td><code>{p.cadence}</code></td>
                  <td>{p.timezone}</td>
                  <td>{p.objectives.join(', ')}</td>
                  <td>{p.recipe.id}@{p.recipe.version}</td>
                  <td>{p.catchUp}</td>
                  <td>
                    {[p.minNewComparisons !== null ? `${p.minNewComparisons} new comparisons` : null, p.driftThreshold !== null ? `drift ≥ ${p.driftThreshold}` : null].filter(Boolean).join('; ') || 'none'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
