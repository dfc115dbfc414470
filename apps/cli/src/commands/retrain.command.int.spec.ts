import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { loadPlatformConfig } from '@hindsight/config';
import { parseEvent, topicName, TOPICS } from '@hindsight/contracts';
import { createKafka } from '@hindsight/kafka';
import { readTopicUntil, uniqueTenant } from '@hindsight/test-support';
import { registerPolicyCommands } from './policy.command';
import { registerRetrainCommands } from './retrain.command';

/* `hindsight policy …` and `hindsight retrain` against this run's database and topics. */

const config = loadPlatformConfig();
const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'retrain-cli-test' });
const retrainingTopic = topicName(config.kafka.topicPrefix, TOPICS.retraining);

let out: string[];

beforeEach(() => {
  out = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
});

afterEach(() => jest.restoreAllMocks());

const run = async (...args: string[]): Promise<string> => {
  out = [];
  const program = new Command('hindsight')
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  registerPolicyCommands(program);
  registerRetrainCommands(program);
  await program.parseAsync(args, { from: 'user' });
  return out.join('');
};

describe('hindsight policy and retrain', () => {
  const tenant = uniqueTenant('cli');
  let policyId: string;

  it('creates, lists, pauses, resumes a policy', async () => {
    const created = JSON.parse(
      await run(
        'policy',
        'create',
        '--tenant',
        tenant,
        '--name',
        'monthly-help',
        '--cadence',
        'monthly',
        '--tz',
        'America/New_York',
        '--objectives',
        'helpfulness,honesty',
        '--recipe',
        'default@2',
        '--catch-up',
        'all',
        '--json',
      ),
    );
    expect(created).toMatchObject({
      tenant,
      name: 'monthly-help',
      cadence: 'monthly',
      timezone: 'America/New_York',
      objectives: ['helpfulness', 'honesty'],
      recipe: { id: 'default', version: 2 },
      catchUp: 'all',
      status: 'active',
    });
    policyId = created.id;
    expect(
      JSON.parse(await run('policy', 'list', '--tenant', tenant, '--json')).map((p: { id: string }) => p.id),
    ).toEqual([policyId]);
    expect(await run('policy', 'list', '--tenant', tenant)).toContain('monthly-help');
    expect(JSON.parse(await run('policy', 'pause', policyId, '--json'))).toMatchObject({ status: 'paused' });
    expect(await run('policy', 'resume', policyId)).toBe(`active ${policyId} (monthly-help, tenant ${tenant})\n`);
    await expect(
      run(
        'policy',
        'create',
        '--tenant',
        tenant,
        '--name',
        'bad',
        '--cadence',
        '0 0 1 * *',
        '--tz',
        'Nowhere/Town',
        '--objectives',
        'helpfulness',
        '--recipe',
        'default@1',
      ),
    ).rejects.toThrow('timezone: unknown IANA time zone');
    await expect(
      run(
        'policy',
        'create',
        '--tenant',
        tenant,
        '--name',
        'bad',
        '--cadence',
        'monthly',
        '--objectives',
        'helpfulness',
        '--recipe',
        'default',
      ),
    ).rejects.toThrow('recipe: must be <id>@<version>');
  });

  it('reads --recipe-file as YAML (or JSON), and refuses an inline recipe the trainer would refuse', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hindsight-policy-'));
    try {
      const yamlFile = join(dir, 'recipe.yaml');
      writeFileSync(
        yamlFile,
        'recencyHalfLifeDays: 30\nsplit:\n  validation: 0\n  test: 0.2\ngates:\n  minPairs: 120\n',
      );
      const created = JSON.parse(
        await run(
          'policy',
          'create',
          '--tenant',
          tenant,
          '--name',
          'yaml-recipe',
          '--cadence',
          'weekly',
          '--objectives',
          'helpfulness',
          '--recipe',
          'mine@1',
          '--recipe-file',
          yamlFile,
          '--json',
        ),
      );
      expect(created.recipe).toEqual({
        id: 'mine',
        version: 1,
        inline: { recencyHalfLifeDays: 30, split: { validation: 0, test: 0.2 }, gates: { minPairs: 120 } },
      });
      const jsonFile = join(dir, 'recipe.json');
      writeFileSync(jsonFile, JSON.stringify({ orderDisagreement: 'sometimes' }));
      await expect(
        run(
          'policy',
          'create',
          '--tenant',
          tenant,
          '--name',
          'bad-recipe',
          '--cadence',
          'weekly',
          '--objectives',
          'helpfulness',
          '--recipe',
          'mine@1',
          '--recipe-file',
          jsonFile,
        ),
      ).rejects.toThrow('recipe.inline.orderDisagreement: must be one of: keep, weight, drop');
      expect(
        JSON.parse(await run('policy', 'list', '--tenant', tenant, '--json')).map((p: { name: string }) => p.name),
      ).not.toContain('bad-recipe');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('requests a retrain by hand and prints the run id; the event is on the retraining topic', async () => {
    const runId = (await run('retrain', '--policy', policyId, '--as-of', '2026-09-30T00:00:00Z')).trim();
    expect(runId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    const byName = JSON.parse(
      await run('retrain', '--policy', 'monthly-help', '--tenant', tenant, '--requested-by', 'ops:alice', '--json'),
    );
    expect(byName).toMatchObject({ policyId, tenant, published: true });

    const messages = await readTopicUntil(kafka, retrainingTopic, (ms) =>
      [runId, byName.runId].every((id) => ms.some((m) => m.key === id)),
    );
    const events = messages
      .filter((m) => m.key === runId || m.key === byName.runId)
      .map((m) => parseEvent(JSON.parse(m.value)));
    expect(events).toHaveLength(2);
    const first = events.find((e) => e.type === 'retrain.requested' && e.data.runId === runId)!;
    expect(first).toMatchObject({
      type: 'retrain.requested',
      tenant,
      source: 'cli',
      data: {
        runId,
        asOf: '2026-09-30T00:00:00.000Z',
        objectives: ['helpfulness', 'honesty'],
        recipe: { id: 'default', version: 2 },
        trigger: { kind: 'manual' },
      },
    });
    expect('period' in first.data).toBe(false);
    expect(events.find((e) => e.type === 'retrain.requested' && e.data.runId === byName.runId)).toMatchObject({
      data: { trigger: { kind: 'manual', requestedBy: 'ops:alice' } },
    });
  });

  it('says which policy it cannot find, and deletes', async () => {
    await expect(run('retrain', '--policy', '0190a000-0000-7000-8000-000000000000')).rejects.toThrow(
      'retrain policy 0190a000-0000-7000-8000-000000000000 not found',
    );
    await expect(run('retrain', '--policy', 'monthly-help')).rejects.toThrow(
      'tenant: required to name a policy by name',
    );
    await expect(run('retrain', '--policy', policyId, '--as-of', 'last week')).rejects.toThrow(
      'as-of: must be an ISO-8601 instant',
    );
    expect(await run('policy', 'delete', policyId)).toBe(`deleted ${policyId}\n`);
    await expect(run('retrain', '--policy', policyId)).rejects.toThrow('not found');
  });
});
