import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateKeyEncryptionKey, newKeyRingFile, writeKeyRingFile } from '@hindsight/shredding';
import type { DataSource } from '@hindsight/store';
import { ApiKeys, publishingKeyWriter } from '@hindsight/access';
import { HindsightClient, type EventToSend } from '@hindsight/client';
import { loadPlatformConfig, type PlatformConfig } from '@hindsight/config';
import { IllegalStateError, UnavailableError } from '@hindsight/contracts';
import { createEventPublisher, createKafka, deleteTopicsWithPrefix } from '@hindsight/kafka';
import { stackDown, stackUp, type StackUpResult } from '@hindsight/local-stack';
import { createLogger, preparePlatform } from '@hindsight/runtime';
import type { RetrainPolicyView } from '@hindsight/scheduling';
import {
  ApiKeyRepository,
  ModelRegistryRepository,
  probePostgres,
  redactPassword,
  RetrainRequestRepository,
  TrainerRunRepository,
  type TrainerRunRow,
} from '@hindsight/store';
import { planAnnotation, SIMULATED_MODEL_VERSIONS, type AnnotationPlan } from './annotation-plan';
import { DemoApi } from './demo-api';
import { demoCalendar, type DemoCalendar, type QuarterFire, type SimulatedQuarter } from './demo-calendar';
import { printFindings } from './demo-findings';
import { plantedVersusFound } from './planted-versus-found';
import { demoNamespace, type DemoNamespace } from './demo-namespace';
import type { DemoOptions } from './demo-options';
import { DemoRepository } from './demo.repository';
import { DemoServices } from './demo-services';
import type { DemoSummary, FireSummary, QuarterSummary } from './demo-summary';
import { simulateProductFeedback } from './product-feedback';
import { sendEvents } from './send-events';
import { waitUntil } from './wait-until';

export type Say = (line: string) => void;

/** The objectives the simulator judges; the policy retrains one reward model for each. */
const OBJECTIVES = ['helpfulness', 'harmlessness', 'honesty'];
/** The simulated event types, so the projection count ignores the retrain events of the same tenant. */
const SIMULATED_TYPES = [
  'rater.profiled',
  'comparison.recorded',
  'interaction.logged',
  'feedback.recorded',
  'outcome.recorded',
];
/**
 * The policy's recipe (kept inline with it): hold out a fifth of the tasks, weigh
 * down pairs whose two orders disagree, drop raters who agree with their co-raters
 * less than half the time (the spammers), and gate on at least 100 pairs per objective.
 */
const DEMO_RECIPE = {
  split: { validation: 0.1, test: 0.2 },
  orderDisagreement: 'weight',
  minRaterAgreement: 0.5,
  gates: { minPairs: 100 },
};
const STEPS = 9;

const n = (x: number) => x.toLocaleString('en-US');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * One `npm run demo`: the platform in a namespace of its own, a tenant with a
 * quarterly policy, two quarters of simulated annotation and product feedback,
 * the scheduler started with its clock at each of the next two quarter starts,
 * the trainer's two runs, then the findings. `cleanup` undoes what `execute` set
 * up, however far it got, and may be called while `execute` is still running.
 */
export class DemoRun {
  private readonly startedAt = Date.now();
  private readonly ns: DemoNamespace;
  private readonly env: Record<string, string | undefined>;
  private readonly base: PlatformConfig;
  private readonly config: PlatformConfig;
  private readonly calendar: DemoCalendar;
  private readonly services: DemoServices;
  private stack: StackUpResult | undefined;
  private dataSource: DataSource | undefined;
  private namespaceCreated = false;
  private cleaning: Promise<void> | undefined;
  private step = 0;

  constructor(
    private readonly options: DemoOptions,
    private readonly say: Say,
    now: Date = new Date(),
  ) {
    this.base = loadPlatformConfig();
    const id = `${now.getTime().toString(36)}${randomBytes(2).toString('hex')}`;
    this.ns = demoNamespace(this.base, id);
    this.env = { ...process.env, ...this.ns.env };
    this.config = loadPlatformConfig(this.env);
    this.calendar = demoCalendar(now, options.timezone);
    this.services = new DemoServices(this.env, this.config.httpHost, join(this.ns.dir, 'logs'));
  }

  async execute(): Promise<DemoSummary> {
    const { quarters, fires } = this.calendar;
    this.say('Hindsight demo: two quarters of feedback, a quarterly retrain policy, two reward models compared');
    this.say(
      `  tenant ${this.ns.tenant}; topics ${this.ns.topicPrefix}*; schema ${this.ns.schema} (the demo's own: its scheduler runs ahead of time and must not fire anyone else's policies)`,
    );
    this.say(
      `  simulated quarters ${quarters[0].label} and ${quarters[1].label}; the scheduler's clock is set to the next two quarter starts, ${fires[0].period} and ${fires[1].period} (${this.options.timezone})`,
    );

    const ds = await this.startPlatform();
    const repository = new DemoRepository(ds);
    const { api, client, policy } = await this.createTenant(ds);
    const plan = planAnnotation({
      raters: this.options.raters,
      comparisonsPerQuarter: this.options.comparisons,
      seed: this.options.seed,
      quarters,
    });
    const sent: QuarterSummary[] = [];
    const done: FireSummary[] = [];
    let eventsSent = 0;
    for (const k of [0, 1] as const) {
      const quarter = await this.simulateQuarter(k, quarters[k], plan, client, repository, eventsSent);
      eventsSent += quarter.events;
      sent.push(quarter);
      done.push(await this.fire(fires[k], policy, ds, done[0]));
    }
    const requestsByPeriod = await this.requestsByPeriod(ds, policy.id);
    const projected = await waitUntil(
      () => repository.projectedRuns(this.ns.tenant),
      (runs) => runs.length === 2 && runs.every((r) => r.status === 'completed'),
      {
        what: 'both runs to be projected as completed',
        timeoutMs: 60_000,
        check: () => this.services.assertRunning(),
      },
    );
    this.say(
      `  retrain.requested on ${this.ns.topicPrefix}retraining: ${Object.entries(requestsByPeriod)
        .map(([p, c]) => `${c}× ${p}`)
        .join(', ')}; projected runs: ${projected.map((r) => r.status).join(', ')}`,
    );

    const planted = await printFindings({
      api,
      heading: (title) => this.heading(title),
      out: this.say,
      fires: done,
      planted: plan.planted,
      tenant: this.ns.tenant,
      models: new ModelRegistryRepository(ds),
    });

    const summary: DemoSummary = {
      tenant: this.ns.tenant,
      topicPrefix: this.ns.topicPrefix,
      schema: this.ns.schema,
      dir: this.ns.dir,
      kept: this.options.keep,
      policyId: policy.id,
      timezone: this.options.timezone,
      quarters: sent,
      fires: done,
      requestsByPeriod,
      plantedVersusFound: planted,
      seconds: Math.round((Date.now() - this.startedAt) / 1000),
    };
    if (this.options.summaryFile) await writeFile(this.options.summaryFile, `${JSON.stringify(summary, null, 2)}\n`);
    return summary;
  }

  private heading(title: string): void {
    this.step += 1;
    const elapsed = Math.round((Date.now() - this.startedAt) / 1000);
    this.say(
      `\n[${this.step}/${STEPS}] ${title}  (${Math.floor(elapsed / 60)}:${String(elapsed % 60).padStart(2, '0')})`,
    );
  }

  /** Kafka (started if none answers), PostgreSQL, the namespace's schema and topics, then api, projector and trainer. */
  private async startPlatform(): Promise<DataSource> {
    this.heading('Platform');
    this.stack = await stackUp(this.base, (line) => this.say(`  ${line}`));
    const pg = await probePostgres(this.config.database.url);
    // stackUp has already printed what to do about it.
    if (!pg.up)
      throw new UnavailableError(
        'postgres',
        `PostgreSQL does not answer at ${redactPassword(this.config.database.url)} (${pg.detail})`,
      );
    this.namespaceCreated = true;
    this.dataSource = await preparePlatform(this.config, createLogger('demo', 'warn'), 'demo');
    this.say(`  schema ${this.ns.schema} migrated; topics ${this.ns.topicPrefix}* created`);
    writeKeyRingFile(this.config.keyEncryption.file, newKeyRingFile(generateKeyEncryptionKey(), new Date()));
    const t = Date.now();
    await Promise.all((['api', 'projector', 'trainer'] as const).map((s) => this.services.start(s)));
    this.say(
      `  api ${this.services.url('api')}, projector and trainer ready in ${seconds(Date.now() - t)} (logs in ${join(this.ns.dir, 'logs')})`,
    );
    return this.dataSource;
  }

  /** A key (as `hindsight keys create` issues it), then the policy through the api like any admin would. */
  private async createTenant(
    ds: DataSource,
  ): Promise<{ api: DemoApi; client: HindsightClient; policy: RetrainPolicyView }> {
    this.heading('Tenant, API key and quarterly policy');
    const publisher = createEventPublisher(this.config.kafka, 'demo');
    const issued = await new ApiKeys(
      new ApiKeyRepository(ds),
      publishingKeyWriter(publisher, this.config.kafka.topicPrefix),
    )
      .issue({ tenant: this.ns.tenant, scopes: ['admin', 'ingest', 'read'], name: 'demo' })
      .finally(() => publisher.close());
    this.say(`  API key ${issued.lookupId} for ${issued.tenant} with scopes ${issued.scopes.join(', ')}`);
    const api = new DemoApi(this.services.url('api'), issued.key);
    const recipe = { id: 'demo', version: 1, inline: DEMO_RECIPE };
    const policy = await api.post<RetrainPolicyView>('/v1/policies', {
      name: 'quarterly-reward-models',
      cadence: 'quarterly',
      timezone: this.options.timezone,
      objectives: OBJECTIVES,
      recipe,
      catchUp: 'latest-only',
    });
    this.say(
      `  POST /v1/policies → ${policy.id} "${policy.name}": ${policy.cadence} in ${policy.timezone}, objectives ${policy.objectives.join(', ')}, recipe demo@1`,
    );
    this.say(`  recipe: ${JSON.stringify(DEMO_RECIPE)}`);
    this.say(`  next fire by the real clock: ${policy.nextFireAt} (${this.calendar.fires[0].period})`);
    return {
      api,
      client: new HindsightClient({ baseUrl: this.services.url('api'), apiKey: issued.key, batchSize: 1000 }),
      policy,
    };
  }

  /** Sends one quarter of comparisons and product traffic through the api and waits until the projector has stored it all. */
  private async simulateQuarter(
    k: 0 | 1,
    quarter: SimulatedQuarter,
    plan: AnnotationPlan,
    client: HindsightClient,
    repository: DemoRepository,
    before: number,
  ): Promise<QuarterSummary> {
    this.heading(`${quarter.label}: annotation and product feedback`);
    const deployed = SIMULATED_MODEL_VERSIONS[2 + k];
    const product = simulateProductFeedback({
      interactions: this.options.interactions,
      seed: this.options.seed * 2 + k,
      modelVersion: deployed,
      start: quarter.start,
      end: quarter.end,
      keyPrefix: `${this.ns.tenant}-${quarter.label}`,
    });
    if (k === 0) {
      const planted = plantedVersusFound(plan.planted, []);
      this.say(
        `  ${this.options.raters} raters with planted behaviours: ${planted.map((r) => `${r.planted} ${r.raters}`).join(', ')}`,
      );
    }
    this.say(
      `  ${n(plan.comparisons[k])} pairwise comparisons of ${SIMULATED_MODEL_VERSIONS.join(', ')} (true strengths ${Object.values(plan.models).join(', ')}; each version signs off in its own words)`,
    );
    const r = product.reactions;
    this.say(
      `  ${n(product.interactions)} product interactions with ${deployed}: ${r['thumbs-up'] ?? 0} thumbs up, ${r['thumbs-down'] ?? 0} down, ${r.copy ?? 0} copies, ${r.regenerate ?? 0} regenerations; ` +
        `${product.outcomes} outcomes, ${product.outcomes === 0 ? 0 : Math.round((100 * product.successes) / product.outcomes)}% task-completed`,
    );
    const events: EventToSend[] = [...plan.events[k], ...product.events];
    let t = Date.now();
    const result = await sendEvents(client, events, { leading: k === 0 ? this.options.raters : 0 });
    this.say(`  POST /v1/events/batch: ${n(result.accepted)} events accepted in ${seconds(Date.now() - t)}`);
    t = Date.now();
    await waitUntil(
      () => repository.projectedEvents(this.ns.tenant, SIMULATED_TYPES),
      (count) => count >= before + result.accepted,
      {
        what: `the projector to store ${n(before + result.accepted)} events`,
        timeoutMs: 300_000,
        check: () => this.services.assertRunning(),
      },
    );
    this.say(`  Kafka → projector → PostgreSQL: all stored ${seconds(Date.now() - t)} later`);
    return {
      label: quarter.label,
      start: quarter.start.toISOString(),
      end: quarter.end.toISOString(),
      comparisons: plan.comparisons[k],
      interactions: product.interactions,
      events: result.accepted,
    };
  }

  /**
   * Starts the scheduler with its clock at the quarter start (SCHEDULER_CLOCK_START),
   * waits for the one request of that period and for the trainer to finish the run,
   * then stops the scheduler, which ticked all the while without firing again.
   */
  private async fire(
    fire: QuarterFire,
    policy: RetrainPolicyView,
    ds: DataSource,
    previous: FireSummary | undefined,
  ): Promise<FireSummary> {
    this.heading(`Clock moved to ${fire.period}: the quarterly policy fires`);
    const requests = new RetrainRequestRepository(ds);
    const runs = new TrainerRunRepository(ds);
    const check = () => this.services.assertRunning();
    const t = Date.now();
    await this.services.start('scheduler', { SCHEDULER_CLOCK_START: fire.at.toISOString() });
    this.say(
      `  scheduler started with SCHEDULER_CLOCK_START=${fire.at.toISOString()} (00:00 on the first day of ${fire.period} in ${this.options.timezone})`,
    );
    const request = (
      await waitUntil(
        async () =>
          (await requests.listByPolicy(policy.id)).filter((r) => r.period === fire.period && r.publishedAt !== null),
        (rows) => rows.length > 0,
        { what: `a retrain request for ${fire.period}`, timeoutMs: 60_000, check },
      )
    )[0];
    this.say(
      `  retrain.requested ${request.period} (${request.reason}), run ${request.runId}, dataset as of ${request.asOf.toISOString()}`,
    );
    const run = await waitUntil(
      () => runs.find({ tenant: request.tenant, runId: request.runId }),
      (r): r is TrainerRunRow => r?.state === 'completed' || r?.state === 'failed',
      { what: `run ${request.runId} to finish`, timeoutMs: 600_000, check },
    );
    const tickedMs = Date.now() - t;
    await this.services.stop('scheduler');
    if (run.state === 'failed') throw new IllegalStateError(`run ${run.runId} failed: ${JSON.stringify(run.failure)}`);
    const gate = run.gateReport as {
      pooledKappa: number | null;
      byObjective: Record<string, { flaggedShare: number | null }>;
    };
    const flagged = Object.values(gate.byObjective).map((o) => o.flaggedShare ?? 0);
    this.say(
      `  trainer: datasets built → quality gates passed (pooled kappa ${gate.pooledKappa?.toFixed(2) ?? '–'}, at most ${Math.round(100 * Math.max(...flagged))}% of comparisons from flagged raters) → trained → registered`,
    );
    const models = await new ModelRegistryRepository(ds).listByRun(run.tenant, run.runId);
    for (const m of models) {
      this.say(
        `    ${m.modelVersion}  accuracy ${m.metrics.pairwiseAccuracy.toFixed(3)} on ${m.metrics.heldOutPairs} held-out pairs; parent ${m.parentVersion ?? '–'}`,
      );
    }
    const all = await requests.listByPolicy(policy.id);
    const ofPeriod = all.filter((r) => r.period === fire.period).length;
    if (ofPeriod !== 1)
      throw new IllegalStateError(`expected one retrain request for ${fire.period}, found ${ofPeriod}`);
    if (
      previous &&
      models.some((m) => m.parentVersion !== previous.models.find((p) => p.objective === m.objective)?.modelVersion)
    ) {
      throw new IllegalStateError(`the ${fire.period} models do not descend from the ${previous.period} models`);
    }
    this.say(
      `  the scheduler ticked for ${seconds(tickedMs)} and recorded ${ofPeriod} request for ${fire.period} (${all.length} for the policy in all); stopped`,
    );
    return {
      period: fire.period,
      clockStart: fire.at.toISOString(),
      runId: run.runId,
      reason: request.reason,
      asOf: request.asOf.toISOString(),
      state: run.state,
      models: models.map((m) => ({
        objective: m.objective,
        modelVersion: m.modelVersion,
        parentVersion: m.parentVersion,
        metrics: m.metrics,
      })),
    };
  }

  private async requestsByPeriod(ds: DataSource, policyId: string): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const r of await new RetrainRequestRepository(ds).listByPolicy(policyId))
      counts[r.period ?? 'manual'] = (counts[r.period ?? 'manual'] ?? 0) + 1;
    return counts;
  }

  /**
   * Stops the services; drops the namespace unless --keep (after a failure the
   * services' logs stay, for the post-mortem); stops the broker if the demo
   * started it. Idempotent.
   */
  cleanup(outcome: 'succeeded' | 'failed' | 'interrupted'): Promise<void> {
    this.cleaning ??= this.release(outcome);
    return this.cleaning;
  }

  private async release(outcome: 'succeeded' | 'failed' | 'interrupted'): Promise<void> {
    await this.services.stopAll();
    if (this.namespaceCreated && !this.options.keep) {
      try {
        if (this.dataSource?.isInitialized) await new DemoRepository(this.dataSource).dropSchema(this.ns.schema);
        await deleteTopicsWithPrefix(
          createKafka({ brokers: this.config.kafka.brokers, clientId: `${this.config.kafka.clientId}-demo` }),
          this.ns.topicPrefix,
        );
        if (outcome !== 'failed') await rm(this.ns.dir, { recursive: true, force: true });
        else {
          await Promise.all(
            ['artifacts', 'datasets'].map((d) => rm(join(this.ns.dir, d), { recursive: true, force: true })),
          );
          this.say(`The services' logs are kept in ${join(this.ns.dir, 'logs')}.`);
        }
      } catch (error) {
        this.say(
          `could not remove the demo namespace (${error instanceof Error ? error.message : String(error)}); schema ${this.ns.schema}, topics ${this.ns.topicPrefix}*, files ${this.ns.dir}`,
        );
      }
    }
    if (this.dataSource?.isInitialized) await this.dataSource.destroy();
    if (this.options.keep && this.namespaceCreated) {
      this.say(
        `\nKept for exploring: schema ${this.ns.schema}, topics ${this.ns.topicPrefix}*, files in ${this.ns.dir}. For example:`,
      );
      this.say(
        `  DATABASE_SCHEMA=${this.ns.schema} ARTIFACTS_DIR=${this.ns.env.ARTIFACTS_DIR} npx hindsight models list --tenant ${this.ns.tenant}`,
      );
    }
    const mine = {
      kafka: this.stack !== undefined && this.stack.started !== 'nothing',
      postgres: this.stack?.postgres === 'embedded',
    };
    if (mine.kafka || mine.postgres) await stackDown(this.base, (line) => this.say(line), mine);
  }
}
