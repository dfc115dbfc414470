import { readFile } from 'node:fs/promises';
import { formatUuidV7, NotFoundError, sealEvent, validateEventInput, type HindsightEvent } from '@hindsight/contracts';
import { deserializeRewardModel, type RewardModel } from '@hindsight/reward-model';
import type { ModelOutcomeSourceRepository, ModelRegistryRepository } from '@hindsight/store';
import type { ArtifactStore } from '../artifacts/artifact-store';
import { pathOfUri } from '../artifacts/local-artifact-store';
import { auditRewardModel, outcomeAuditData } from '../outcomes/outcome-audit-data';

/** Interactions with outcomes read per audit, as the trainer reads them. */
export const MAX_AUDITED_INTERACTIONS = 50_000;

/**
 * On-demand outcome audits (`hindsight models audit`): a registered model and
 * its parent, read from the artifact store, scored on the interactions of the
 * model's objective with outcomes recorded by `asOf`, audited as the trainer
 * audits at registration. Returns the `model.outcome-audited` to publish.
 */
export class OutcomeAuditor {
  constructor(
    private readonly models: Pick<ModelRegistryRepository, 'find'>,
    private readonly outcomes: Pick<ModelOutcomeSourceRepository, 'interactionOutcomes'>,
    private readonly artifacts: ArtifactStore,
  ) {}

  /**
   * @throws NotFoundError when the model (or its artifact) is not there.
   * @throws ValidationError when the audit does not make a valid event.
   */
  async audit(
    tenant: string,
    modelVersion: string,
    spec: { asOf: Date; recordedAt: Date; random: Uint8Array; source: string },
  ): Promise<HindsightEvent> {
    const row = await this.models.find(tenant, modelVersion);
    if (!row) throw new NotFoundError('model version', modelVersion);
    const parentRow = row.parentVersion === null ? undefined : await this.models.find(tenant, row.parentVersion);
    const model = await this.read(row.artifactUri, modelVersion);
    const parent = parentRow ? await this.read(parentRow.artifactUri, parentRow.modelVersion) : null;
    const cases = await this.outcomes.interactionOutcomes(tenant, spec.asOf, MAX_AUDITED_INTERACTIONS, row.objective);
    const audit = auditRewardModel(model, parent, cases);
    const id = formatUuidV7(spec.recordedAt.getTime(), spec.random);
    const input = validateEventInput(
      {
        type: 'model.outcome-audited',
        idempotencyKey: `outcome-audit:${modelVersion}:${id}`,
        occurredAt: spec.recordedAt.toISOString(),
        data: outcomeAuditData(audit, {
          auditId: id,
          runId: row.runId,
          objective: row.objective,
          modelVersion,
          parentVersion: parentRow ? parentRow.modelVersion : null,
          asOf: spec.asOf,
          trigger: 'on-demand',
        }),
      },
      { types: ['model.outcome-audited'] },
    );
    return sealEvent(input, {
      id,
      recordedAt: spec.recordedAt.toISOString(),
      tenant,
      source: spec.source,
    }) as HindsightEvent;
  }

  /** A local file:// artifact is read where it is (whatever the store, as compare reads builds); any other from the store. */
  private async read(artifactUri: string, modelVersion: string): Promise<RewardModel> {
    const path = pathOfUri(artifactUri);
    if (path !== undefined) {
      try {
        return deserializeRewardModel(await readFile(path));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT')
          throw new NotFoundError(`artifact of ${modelVersion}`, artifactUri);
        throw error;
      }
    }
    const key = this.artifacts.keyOf(artifactUri);
    if (key === undefined)
      throw new NotFoundError(
        `artifact of ${modelVersion} in the artifact store ${this.artifacts.location}`,
        artifactUri,
      );
    return deserializeRewardModel(await this.artifacts.get(key));
  }
}
