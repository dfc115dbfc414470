import { Injectable } from '@nestjs/common';
import type { Principal } from '@hindsight/access';
import { RunMonitorViews, type RunView } from '@hindsight/training';
import { Clock } from '@hindsight/contracts';

/** Policy-training runs of the caller's tenant: curves, reward-hacking flags, KL budgets. */
@Injectable()
export class RunsService {
  constructor(
    private readonly views: RunMonitorViews,
    private readonly clock: Clock,
  ) {}

  list(principal: Principal): ReturnType<RunMonitorViews['list']> {
    return this.views.list(principal.tenant);
  }

  show(principal: Principal, runId: string): Promise<RunView> {
    return this.views.show(principal.tenant, runId);
  }

  setBudget(principal: Principal, runId: string, body: unknown): Promise<RunView> {
    return this.views.setBudget(principal.tenant, runId, body, this.clock.now());
  }
}
