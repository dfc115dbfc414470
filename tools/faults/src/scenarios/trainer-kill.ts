import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatUuidV7, topicName, TOPICS } from '@hindsight/contracts';
import { createKafka, EventPublisher } from '@hindsight/kafka';
import { retrainMessage, retrainRequestedEvent } from '@hindsight/scheduling';
import { ModelRegistryRepository, TrainerRunRepository, type TrainerRunRow } from '@hindsight/store';
import { endOffsetTotal, readTopicUntil } from '@hindsight/test-support';
import type { FaultContext, FaultScenario, ScenarioCheck, ScenarioOutcome } from '../scenario';
import { startProcPlatform, type ProcService } from '../harness/proc-platform';
import {
  accountEvents,
  mulberry32,
  seedThroughApi,
  simulatedComparisons,
  sleep,
  waitUntil,
} from '../harness/proc-seed';

const OBJECTIVES = ['helpfulness', 'honesty'];
/** The run's states in the order the pipeline moves through them; the trainer is killed once in each unfinished one. */
const KILL_STATES = ['requested', 'dataset-built', 'gated', 'trained'] as const;

/**
 * The trainer killed with `kill -9` once in each stage of one retrain (while the
 * run is `requested`, `dataset-built`, `gated` with one model of two registered,
 * and `trained`), restarted each time. The run must finish exactly once: one
 * completion announced, one model per objective, no run left unfinished, and the
 * artifacts (datasets, run file, models) consistent with what the run recorded.
 */
export const trainerKillScenario: FaultScenario = {
  name: 'trainer-kill',
  summary:
    'trainer kill -9 in each stage of one retrain (quick: dataset build and training), restarted: the run completes once, one model per objective, artifacts consistent',
  quick: true,
  run: async (context: FaultContext): Promise<ScenarioOutcome> => {
    const random = mulberry32(context.seed);
    const comparisons = context.quick ? 1200 : 6000;
    // A pause after each stage and registered model holds the run in each state long enough to aim a kill at it.
    const pauseMs = context.quick ? 2500 : 4000;
    const platform = await startProcPlatform(context.workDir, context.say);
    const publisher = new EventPublisher(createKafka({ brokers: [platform.brokers], clientId: 'faults-trainer' }), {
      lingerMs: 1,
      maxBatchMessages: 10,
      ackTimeoutMs: 10_000,
    });
    const trainers: ProcService[] = [];
    // Four crashes take five attempts, exactly the default TRAINER_MAX_ATTEMPTS: a transient error of a busy machine on top would
    // fail the run with too-many-attempts, which is that setting working, not what this scenario is about.
    const trainerEnv = {
      TRAINER_POLL_MS: '200',
      TRAINER_GATE_MIN_PAIRS: '20',
      TRAINER_STAGE_PAUSE_MS: String(pauseMs),
      TRAINER_MAX_ATTEMPTS: '10',
    };
    try {
      const [api] = await Promise.all([platform.start('api', 'api'), platform.start('projector', 'projector')]);
      const tenant = `trainer-kill-${randomBytes(3).toString('hex')}`;
      context.say(`sending ${comparisons} comparisons through the api`);
      const seeded = await seedThroughApi(
        platform,
        api.url,
        tenant,
        simulatedComparisons(comparisons, context.seed, `tk-${tenant}`),
      );
      const runs = new TrainerRunRepository(platform.dataSource);
      const models = new ModelRegistryRepository(platform.dataSource);

      // Restarted trainers are not awaited to be ready: the worker starts on its own, and the next kill must be aimed at once.
      const startTrainer = async (waitReady: boolean) => {
        const label = `trainer-${trainers.length + 1}`;
        const trainer = await platform.start('trainer', label, trainerEnv, { waitReady });
        trainers.push(trainer);
        return { trainer, label };
      };
      /** Whether this trainer's log says it started the stage of `state` for the run (pino JSON lines). */
      const startedStage = (label: string, state: string) => () => {
        const log = existsSync(platform.logOf(label)) ? readFileSync(platform.logOf(label), 'utf8') : '';
        return Promise.resolve(
          log
            .split('\n')
            .some(
              (line) =>
                line.includes('"msg":"retrain stage starting"') &&
                line.includes(`"state":"${state}"`) &&
                line.includes(runId),
            ),
        );
      };
      const now = new Date();
      const runId = formatUuidV7(now.getTime(), randomBytes(10));
      let { trainer, label } = await startTrainer(true);
      const event = retrainRequestedEvent({
        eventId: formatUuidV7(now.getTime(), randomBytes(10)),
        runId,
        tenant,
        source: 'faults',
        recordedAt: now,
        trigger: { kind: 'manual', requestedBy: 'faults' },
        asOf: now,
        objectives: OBJECTIVES,
        recipe: { id: 'default', version: 1 },
        idempotencyKey: `retrain:faults:${runId}`,
      });
      await publisher.publish([retrainMessage(JSON.stringify(event), platform.config.kafka.topicPrefix)]);
      context.say(`requested run ${runId}`);

      const kills: { state: string; afterMs: number; stateAfterKill: string | undefined; modelsAfterKill: number }[] =
        [];
      const finalState = (state: string | undefined) => state === 'completed' || state === 'failed';
      // Quick mode (CI): the kills that matter most, mid-dataset-build and mid-training; the full mode kills in all four states.
      const aimedAt = context.quick ? KILL_STATES.filter((s) => s === 'requested' || s === 'gated') : KILL_STATES;
      for (const state of aimedAt) {
        // In the stage: the trainer has logged that it started the stage of this state (for `gated`, one model of two is registered
        // too). The last stage (publishing the completion) takes milliseconds: it is aimed at in the pause before it, state `trained`.
        const inStage =
          state === 'trained'
            ? await waitUntil(
                () => runs.find({ tenant, runId }),
                (r) => r?.state !== 'gated',
                300_000,
                'the run to leave gated',
                5,
              )
                .then((r) => r?.state === 'trained')
                .catch(() => false)
            : await waitUntil(
                startedStage(label, state),
                (started) => started,
                300_000,
                `trainer ${label} to start the stage of ${state}`,
                10,
              ).catch(() => false);
        const current = await runs.find({ tenant, runId });
        if (!inStage || current?.state !== state) {
          kills.push({
            state,
            afterMs: -1,
            stateAfterKill: current?.state,
            modelsAfterKill: (await models.listByRun(tenant, runId)).length,
          });
          context.say(`could not aim a kill at ${state} (run ${current?.state})`);
          continue;
        }
        if (state === 'gated')
          await waitUntil(
            () => models.listByRun(tenant, runId),
            (list) => list.length >= 1,
            300_000,
            'the first model of the run',
            10,
          );
        const afterMs = Math.floor(random() * (state === 'gated' || state === 'trained' ? pauseMs / 2 : 150));
        await sleep(afterMs);
        await trainer.kill();
        const after = await runs.find({ tenant, runId });
        kills.push({
          state,
          afterMs,
          stateAfterKill: after?.state,
          modelsAfterKill: (await models.listByRun(tenant, runId)).length,
        });
        context.say(
          `killed trainer ${trainer.pid} ${afterMs} ms into the stage of ${state} (run now ${after?.state}); restarting`,
        );
        ({ trainer, label } = await startTrainer(false));
      }
      const startedFinalAt = Date.now();
      const finished = (await waitUntil(
        () => runs.find({ tenant, runId }),
        (r) => finalState(r?.state),
        600_000,
        `run ${runId} to finish`,
      )) as TrainerRunRow;
      const recoverySeconds = (Date.now() - startedFinalAt) / 1000;
      context.say(`run ${finished.state} after ${kills.length} kills`);

      const checks: ScenarioCheck[] = [];
      checks.push({
        name: 'kills landed in every stage',
        ok: kills.length === aimedAt.length && kills.every((k) => k.afterMs >= 0),
        detail: kills
          .map((k) => `${k.state}+${k.afterMs}ms→${k.stateAfterKill}(${k.modelsAfterKill} models)`)
          .join(', '),
      });
      checks.push({
        name: 'run completed',
        ok: finished.state === 'completed',
        detail: `state ${finished.state}${finished.failure ? `, failure ${JSON.stringify(finished.failure)}` : ''}`,
      });
      const registered = await models.listByRun(tenant, runId);
      checks.push({
        name: 'one model per objective',
        ok: registered.map((m) => m.objective).join() === OBJECTIVES.join(),
        detail: registered.map((m) => m.modelVersion).join(', '),
      });
      const unfinished = (await platform.dataSource.query(
        "SELECT tenant, run_id, state FROM trainer_runs WHERE state NOT IN ('completed', 'failed')",
      )) as unknown[];
      checks.push({ name: 'no run stuck unfinished', ok: unfinished.length === 0, detail: JSON.stringify(unfinished) });
      const [{ attempts }] = (await platform.dataSource.query(
        'SELECT attempts FROM trainer_run_attempts WHERE tenant = $1 AND run_id = $2',
        [tenant, runId],
      )) as { attempts: number }[];

      // The run's events on the retraining topic: each announcement once (by id), whatever a crash made the outbox send twice.
      const kafka = createKafka({ brokers: [platform.brokers], clientId: 'faults-trainer-audit' });
      const topic = topicName(platform.config.kafka.topicPrefix, TOPICS.retraining);
      const total = await endOffsetTotal(kafka, topic);
      const messages = await readTopicUntil(kafka, topic, (ms) => ms.length >= total, 60_000);
      const events = messages
        .map((m) => JSON.parse(m.value) as { id: string; type: string; tenant: string; data: Record<string, unknown> })
        .filter((e) => e.tenant === tenant && e.data.runId === runId);
      const distinct = (type: string) => new Set(events.filter((e) => e.type === type).map((e) => e.id)).size;
      const copies = events.length - new Set(events.map((e) => e.id)).size;
      checks.push({
        name: 'announced once',
        ok:
          distinct('retrain.completed') === 1 &&
          distinct('retrain.dataset-built') === 1 &&
          distinct('model.registered') === OBJECTIVES.length &&
          distinct('retrain.failed') === 0,
        detail: `completed ${distinct('retrain.completed')}, dataset-built ${distinct('retrain.dataset-built')}, model.registered ${distinct('model.registered')}, failed ${distinct('retrain.failed')}; ${copies} re-sent copies of the same event ids (at-least-once outbox, de-duplicated by id)`,
      });
      const advancedStates = events
        .filter((e) => e.type === 'retrain.run-advanced')
        .map((e) => ({ id: e.id, state: String(e.data.state) }));
      const distinctAdvanced = [...new Map(advancedStates.map((a) => [a.id, a.state])).values()];
      checks.push({
        name: 'run record advanced once per state',
        ok: distinctAdvanced.join() === 'dataset-built,gated,trained,completed',
        detail: distinctAdvanced.join(' → '),
      });
      const projected = await waitUntil(
        async () =>
          (
            await platform.dataSource.query('SELECT status FROM retrain_runs WHERE tenant = $1 AND run_id = $2', [
              tenant,
              runId,
            ])
          )[0]?.status as string | undefined,
        (s) => s === 'completed',
        60_000,
        'the projected run status',
      ).catch(() => 'not completed');
      checks.push({
        name: 'projected run completed',
        ok: projected === 'completed',
        detail: `retrain_runs.status ${projected}`,
      });

      // Artifacts: every model file and dataset the registry names exists, and the dataset hashes agree everywhere.
      const builtEvent = events.find((e) => e.type === 'retrain.dataset-built');
      const builtHashes = new Map(
        ((builtEvent?.data.datasets ?? []) as { objective: string; sha256: string }[]).map((d) => [
          d.objective,
          d.sha256,
        ]),
      );
      const runHashes = new Map(
        ((finished.datasets ?? []) as unknown as { objective: string; sha256: string }[]).map((d) => [
          d.objective,
          d.sha256,
        ]),
      );
      const problems: string[] = [];
      for (const model of registered) {
        if (!existsSync(new URL(model.artifactUri)))
          problems.push(`${model.modelVersion}: no model file ${model.artifactUri}`);
        const folder = new URL(model.datasetUri).pathname;
        for (const file of ['train.jsonl', 'manifest.json'])
          if (!existsSync(join(folder, file))) problems.push(`${model.objective}: no ${file}`);
        const manifest = existsSync(join(folder, 'manifest.json'))
          ? (JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as { sha256?: string })
          : {};
        const hashes = [
          model.datasetSha256,
          manifest.sha256,
          builtHashes.get(model.objective),
          runHashes.get(model.objective),
        ];
        if (new Set(hashes).size !== 1)
          problems.push(
            `${model.objective}: dataset hashes differ (registry, manifest, event, run) ${hashes.join(' ')}`,
          );
      }
      const runFile = join(platform.env.ARTIFACTS_DIR, 'runs', tenant, runId, 'run.json');
      if (!existsSync(runFile)) problems.push('no run.json');
      else {
        const listed = (
          JSON.parse(readFileSync(runFile, 'utf8')) as { datasets: { objective: string; sha256: string }[] }
        ).datasets;
        if (
          listed.map((d) => `${d.objective}:${d.sha256}`).join() !==
          OBJECTIVES.map((o) => `${o}:${runHashes.get(o)}`).join()
        )
          problems.push('run.json lists other datasets than the run');
      }
      checks.push({
        name: 'artifacts consistent',
        ok: problems.length === 0,
        detail:
          problems.length === 0
            ? `${registered.length} models, datasets and run.json agree (attempts ${attempts})`
            : problems.join('; '),
      });

      const accounting = await accountEvents(platform, seeded.ids);
      const extraModels = Math.max(0, registered.length - OBJECTIVES.length);
      return {
        scenario: 'trainer-kill',
        requests: seeded.sent,
        accepted: seeded.accepted,
        refused: seeded.sent - seeded.accepted,
        lost: accounting.lost,
        duplicated: accounting.duplicated + extraModels + Math.max(0, distinct('retrain.completed') - 1),
        recoverySeconds,
        checks,
      };
    } finally {
      await publisher.close().catch(() => undefined);
      await platform.close();
    }
  },
};
