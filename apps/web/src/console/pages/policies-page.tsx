import { DataTable } from '../data-table';
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
      {list.data && list.data.policies.length === 0 && (
        <p class="notice">No retrain policy yet (`hindsight policy create` or `POST /v1/policies`).</p>
      )}
      {list.data && list.data.policies.length > 0 && (
        <DataTable
          id="policies"
          label="Retrain policies"
          rows={list.data.policies}
          rowKey={(p) => p.id}
          rowAttrs={(p) => ({ 'data-policy': p.id })}
          columns={[
            { header: 'Name', rowHeader: true, cell: (p) => p.name },
            { header: 'Status', cell: (p) => `${p.status}${p.pausedAt ? ` since ${when(p.pausedAt)}` : ''}` },
            { header: 'Next fire', cell: (p) => when(p.nextFireAt), attrs: { 'data-field': 'nextFireAt' } },
            { header: 'Cadence', cell: (p) => <code>{p.cadence}</code> },
            { header: 'Time zone', cell: (p) => p.timezone },
            { header: 'Objectives', cell: (p) => p.objectives.join(', ') },
            { header: 'Recipe', cell: (p) => `${p.recipe.id}@${p.recipe.version}` },
            { header: 'Catch-up', cell: (p) => p.catchUp },
            {
              header: 'Early triggers',
              cell: (p) =>
                [
                  p.minNewComparisons !== null ? `${p.minNewComparisons} new comparisons` : null,
                  p.driftThreshold !== null ? `drift ≥ ${p.driftThreshold}` : null,
                ]
                  .filter(Boolean)
                  .join('; ') || 'none',
            },
          ]}
        />
      )}
    </>
  );
}
