import { NotFoundError } from '@hindsight/contracts';
import type { DataSource } from '@hindsight/store';
import { RunMonitorRepository, TrainerRunRepository } from '@hindsight/store';
import { RunMonitorViews } from '@hindsight/training';
import type { AnnouncementPorts } from '@hindsight/webhooks';

/** What the webhook kinds look up: the trainer's gate report of a run, the reward-hacking monitor's report. */
export function webhookAnnouncementPorts(ds: DataSource): AnnouncementPorts {
  const runs = new TrainerRunRepository(ds);
  const views = new RunMonitorViews(new RunMonitorRepository(ds), runs);
  return {
    gateReport: async (tenant, runId) => (await runs.findForTenant(tenant, runId))?.gateReport ?? null,
    monitorReport: async (tenant, runId) => {
      try {
        return (await views.show(tenant, runId)).monitor;
      } catch (error) {
        if (error instanceof NotFoundError) return null;
        throw error;
      }
    },
  };
}
