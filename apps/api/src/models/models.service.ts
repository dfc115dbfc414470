import { Injectable } from '@nestjs/common';
import type { Principal } from '@hindsight/access';
import { ValidationError } from '@hindsight/contracts';
import { ModelRegistryViews, type ModelComparison, type ModelSummary, type ModelView } from '@hindsight/training';

/** The model registry of the caller's tenant. */
@Injectable()
export class ModelsService {
  constructor(private readonly views: ModelRegistryViews) {}

  list(principal: Principal, query: { objective?: string; limit?: string }): Promise<{ models: ModelSummary[] }> {
    const limit = query.limit === undefined ? undefined : Number(query.limit);
    if (limit !== undefined && !/^\d+$/.test(query.limit ?? ''))
      throw new ValidationError([{ path: 'limit', rule: 'must be an integer between 1 and 1000' }]);
    return this.views.list(principal.tenant, { objective: query.objective || undefined, limit });
  }

  show(principal: Principal, modelVersion: string): Promise<ModelView> {
    return this.views.show(principal.tenant, modelVersion);
  }

  compare(principal: Principal, query: { a?: string; b?: string }): Promise<ModelComparison> {
    const issues = (['a', 'b'] as const)
      .filter((k) => !query[k])
      .map((k) => ({ path: k, rule: 'required: a model version or a run id' }));
    if (issues.length > 0) throw new ValidationError(issues);
    return this.views.compare(principal.tenant, query.a!, query.b!);
  }
}
