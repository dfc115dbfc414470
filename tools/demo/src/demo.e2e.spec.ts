import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlatformConfig } from '@hindsight/config';
import { topicName, TOPICS } from '@hindsight/contracts';
import { createKafka } from '@hindsight/kafka';
import { createDataSource, ModelRegistryRepository } from '@hindsight/store';
import { endOffsetTotal, readTopicUntil } from '@hindsight/test-support';
import { demoCalendar } from './demo-calendar';
import type { DemoSummary } from './demo-summary';

/*
 * `npm run demo` as a user runs it (bin/demo.js in a child process), small, with
 * this test run's topic prefix and schema: the demo nests its own namespace in
 * them, so the run's teardown removes it. --keep leaves the namespace for the
 * checks below, which read the platform itself rather than trusting the output.
 */
const root = join(__dirname, '../../..');
const base = loadPlatformConfig();
const scratch = mkdtempSync(join(tmpdir(), 'hindsight-demo-'));
const summaryFile = join(scratch, 'summary.json');

function runDemo(
  args: readonly string[],
): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin/demo.js'), ...args], {
      cwd: root,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

let demoDir: string | undefined;

afterAll(() => {
  // The run's teardown drops the demo's schema and topics; its files are the demo's own.
  for (const dir of [scratch, demoDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('npm run demo', () => {
  it('retrains once per quarter with the clock moved ahead, registers a second model version and prints report, manifests and metrics', async () => {
    const { fires } = demoCalendar(new Date(), 'Europe/Berlin');
    const result = await runDemo([
      '--comparisons',
      '1200',
      '--raters',
      '30',
      '--interactions',
      '150',
      '--keep',
      '--summary',
      summaryFile,
    ]);
    if (result.code !== 0) throw new Error(`the demo exited with ${result.code}:\n${result.stdout}\n${result.stderr}`);
    const out = result.stdout;
    const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as DemoSummary;
    demoDir = summary.dir;
    expect(summary.topicPrefix.startsWith(`${base.kafka.topicPrefix}demo-`)).toBe(true);
    expect(summary.schema.startsWith(`${base.database.schema}_demo_`)).toBe(true);

    // The policy fired at the next two quarter starts, once each, the scheduler's clock set there.
    expect(summary.fires.map((f) => [f.period, f.clockStart, f.asOf, f.reason, f.state])).toEqual(
      fires.map((f) => [f.period, f.at.toISOString(), f.at.toISOString(), 'cadence', 'completed']),
    );
    expect(summary.requestsByPeriod).toEqual({ [fires[0].period]: 1, [fires[1].period]: 1 });
    for (const f of fires) expect(out).toContain(`SCHEDULER_CLOCK_START=${f.at.toISOString()}`);
    const retraining = topicName(summary.topicPrefix, TOPICS.retraining);
    const kafka = createKafka({ brokers: base.kafka.brokers, clientId: 'demo-e2e' });
    const total = await endOffsetTotal(kafka, retraining);
    const requested = (await readTopicUntil(kafka, retraining, (ms) => ms.length >= total))
      .map((m) => JSON.parse(m.value) as { type: string; data: { period?: string; trigger: { policyId?: string } } })
      .filter((e) => e.type === 'retrain.requested');
    expect(requested.map((e) => [e.data.trigger.policyId, e.data.period]).sort()).toEqual(
      fires.map((f) => [summary.policyId, f.period]).sort(),
    );

    // A second version of each objective's model, registered with the first as its parent.
    const dataSource = createDataSource(
      { ...base.database, schema: summary.schema },
      { applicationName: 'demo-e2e', poolSize: 2 },
    );
    await dataSource.initialize();
    try {
      const models = await new ModelRegistryRepository(dataSource).list(summary.tenant, { limit: 100 });
      const [first, second] = summary.fires;
      expect(models).toHaveLength(6);
      for (const objective of ['helpfulness', 'harmlessness', 'honesty']) {
        const v1 = models.find((m) => m.objective === objective && m.runId === first.runId);
        const v2 = models.find((m) => m.objective === objective && m.runId === second.runId);
        expect(v1).toMatchObject({ parentVersion: null, policyId: summary.policyId, asOf: fires[0].at });
        expect(v2).toMatchObject({ parentVersion: v1!.modelVersion, policyId: summary.policyId, asOf: fires[1].at });
        expect(v2!.datasetSha256).not.toBe(v1!.datasetSha256);
        // The second quarter's data went into the second model only.
        expect(v2!.metrics.trainingPairs).toBeGreaterThan(v1!.metrics.trainingPairs * 1.5);
      }
    } finally {
      await dataSource.destroy();
    }

    // The report finds the planted position and length bias, and hardly anything in honest raters.
    const row = (planted: string) => summary.plantedVersusFound.find((r) => r.planted === planted)!;
    // (Seeded: 30 raters, 3 planted with each bias; about 80 judgments each.)
    expect(row('position-bias')).toMatchObject({ raters: 3 });
    expect(row('position-bias').found).toBeGreaterThanOrEqual(2);
    expect(row('length-bias')).toMatchObject({ raters: 3 });
    expect(row('length-bias').found).toBeGreaterThanOrEqual(2);
    expect(row('none').flaggedOtherwise).toBeLessThanOrEqual(1);
    expect(out).toMatch(/Quality report for demo-\w+ as of /);
    expect(out).toMatch(/position-bias\s+3\s+[23] of 3/);

    // The manifests and the metrics table, the new model next to the previous one.
    expect(out).toMatch(/objective\s+sha256\s+comparisons\s+pairs\s+train\s+validation\s+test\s+excluded/);
    expect(out).toContain(`as of:        ${fires[1].at.toISOString()}`);
    expect(out).toContain(`previous (${fires[0].period})`);
    expect(out).toContain(`new (${fires[1].period})`);
    for (const objective of ['helpfulness', 'harmlessness', 'honesty']) {
      expect(out).toMatch(
        new RegExp(`${objective}\\s+held-out pairwise accuracy\\s+0\\.\\d{4}\\s+0\\.\\d{4}\\s+(?:[+-]?\\d\\.\\d{4}|0)`),
      );
    }
    expect(out).toMatch(/Demo finished in \d+ min \d+ s\./);
    expect(result.ms).toBeLessThan(240_000);
  }, 280_000);
});
