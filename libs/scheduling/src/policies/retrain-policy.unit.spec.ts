import { JSON_NESTING_RULE, NotFoundError, parseEvent } from '@hindsight/contracts';
import { validatePolicySpec, type RetrainPolicy } from './retrain-policy';
import { RetrainPolicies, type RetrainPolicyStore } from './retrain-policies';
import { retrainMessage, retrainRequestedEvent } from './retrain-request';

const valid = { name: 'quarterly-helpfulness', cadence: 'quarterly', timezone: 'Europe/Berlin', objectives: ['helpfulness'], recipe: { id: 'default', version: 1 } };
const issuesOf = (input: unknown): string[] => {
  try {
    validatePolicySpec(input);
    return [];
  } catch (error) {
    return (error as { issues: { path: string; rule: string }[] }).issues.map((i) => `${i.path}: ${i.rule}`);
  }
};

describe('validatePolicySpec', () => {
  it('refuses an inline recipe nested 100,000 levels deep naming the field, instead of overflowing the stack', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}1${']'.repeat(100_000)}`) as unknown;
    expect(issuesOf({ ...valid, recipe: { id: 'mine', version: 1, inline: { deep } } })).toEqual([`recipe: ${JSON_NESTING_RULE}`]);
    expect(issuesOf({ ...valid, recipe: { id: 'mine', version: 1, inline: { ok: [[[1]]] } } })).toEqual([]);
  });

  it('accepts a policy and fills the defaults', () => {
    expect(validatePolicySpec({ ...valid, timezone: undefined })).toEqual({ ...valid, timezone: 'UTC', catchUp: 'latest-only', minNewComparisons: null, driftThreshold: null });
    const inline = { ...valid, recipe: { id: 'mine', version: 2, inline: { filters: { minDwellMs: 2000 } } }, catchUp: 'all', minNewComparisons: 500, driftThreshold: 0.2 };
    expect(validatePolicySpec(inline)).toMatchObject({ recipe: inline.recipe, catchUp: 'all', minNewComparisons: 500, driftThreshold: 0.2 });
  });

  it('names every bad field and its rule', () => {
    expect(issuesOf({ ...valid, cadence: 'every tuesday' })).toEqual(['cadence: not a valid cron expression or shorthand']);
    expect(issuesOf({ ...valid, timezone: 'Mars/Olympus' })).toEqual(['timezone: unknown IANA time zone']);
    expect(issuesOf({ ...valid, cadence: 'nope', timezone: 'Nowhere/City', catchUp: 'some' })).toEqual([
      'catchUp: must be one of: latest-only, all',
      'cadence: not a valid cron expression or shorthand',
      'timezone: unknown IANA time zone',
    ]);
    expect(issuesOf({ ...valid, objectives: ['helpfulness', 'helpfulness'] })).toEqual(['objectives[1]: must be unique']);
    expect(issuesOf({ ...valid, recipe: { id: 'default' } })).toEqual(['recipe.version: required']);
    expect(issuesOf({ ...valid, minNewComparisons: 0, driftThreshold: -1 })).toEqual(['minNewComparisons: must be >= 1', 'driftThreshold: must be > 0']);
    expect(issuesOf({ ...valid, driftThreshold: 1.5 })).toEqual(['driftThreshold: must be <= 1']);
    expect(issuesOf({ ...valid, driftThreshold: 1 })).toEqual([]);
    expect(issuesOf({ ...valid, cadence: undefined, extra: 1 })).toEqual(['cadence: required', 'extra: unknown field']);
    expect(issuesOf('a string')).toContain(': expected object');
  });
});

class MemoryStore implements RetrainPolicyStore {
  readonly rows = new Map<string, RetrainPolicy>();
  async insert(p: RetrainPolicy) {
    if ([...this.rows.values()].some((r) => r.tenant === p.tenant && r.name === p.name)) return undefined;
    this.rows.set(p.id, p);
    return p;
  }
  async find(tenant: string, id: string) {
    const p = this.rows.get(id);
    return p?.tenant === tenant ? p : undefined;
  }
  async list(tenant?: string) {
    return [...this.rows.values()].filter((p) => tenant === undefined || p.tenant === tenant);
  }
  async setPaused(tenant: string, id: string, paused: boolean, at: Date) {
    const p = await this.find(tenant, id);
    if (!p) return undefined;
    const next: RetrainPolicy = paused ? { ...p, status: 'paused', pausedAt: at } : { ...p, status: 'active', pausedAt: null, activeSince: at };
    this.rows.set(id, next);
    return next;
  }
  async delete(tenant: string, id: string) {
    return (await this.find(tenant, id)) !== undefined && this.rows.delete(id);
  }
}

describe('RetrainPolicies', () => {
  const ids = ['0190a000-0000-7000-8000-000000000001', '0190a000-0000-7000-8000-000000000002'];
  let now = new Date('2026-05-10T12:00:00Z');
  const make = () => {
    const queue = [...ids];
    return new RetrainPolicies({ store: new MemoryStore(), now: () => now, newId: () => queue.shift()!, inlineRecipeIssues: () => [] });
  };

  it('creates, lists, pauses, resumes and deletes within a tenant', async () => {
    const policies = make();
    const created = await policies.create('acme', valid);
    expect(created).toMatchObject({ id: ids[0], tenant: 'acme', status: 'active', createdAt: '2026-05-10T12:00:00.000Z', nextFireAt: '2026-06-30T22:00:00.000Z' });
    await expect(policies.create('acme', valid)).rejects.toMatchObject({ code: 'conflict', issues: [{ path: 'name', rule: 'already used by another policy' }] });
    expect(await policies.list('acme')).toHaveLength(1);
    expect(await policies.list('other')).toHaveLength(0);
    await expect(policies.pause('other', ids[0])).rejects.toBeInstanceOf(NotFoundError);
    now = new Date('2026-06-01T00:00:00Z');
    expect(await policies.pause('acme', ids[0])).toMatchObject({ status: 'paused', pausedAt: '2026-06-01T00:00:00.000Z', nextFireAt: null });
    expect(await policies.pause('acme', ids[0])).toMatchObject({ pausedAt: '2026-06-01T00:00:00.000Z' });
    expect(await policies.resume('acme', ids[0])).toMatchObject({ status: 'active', pausedAt: null });
    await expect(policies.delete('other', ids[0])).rejects.toBeInstanceOf(NotFoundError);
    await expect(policies.get('acme', 'not-a-uuid')).rejects.toBeInstanceOf(NotFoundError);
    await policies.delete('acme', ids[0]);
    expect(await policies.list('acme')).toHaveLength(0);
  });

  it('refuses an inline recipe its checker finds wrong, passing it the inline document, and stores nothing', async () => {
    const seen: unknown[] = [];
    const store = new MemoryStore();
    const policies = new RetrainPolicies({
      store,
      now: () => now,
      newId: () => ids[0],
      inlineRecipeIssues: (inline) => {
        seen.push(inline);
        return [{ path: 'recipe.inline.split.test', rule: 'must be <= 0.5' }];
      },
    });
    const spec = { ...valid, recipe: { id: 'mine', version: 1, inline: { split: { test: 0.9 } } } };
    await expect(policies.create('acme', spec)).rejects.toMatchObject({ code: 'validation', issues: [{ path: 'recipe.inline.split.test', rule: 'must be <= 0.5' }] });
    expect(seen).toEqual([{ split: { test: 0.9 } }]);
    expect(await policies.list('acme')).toHaveLength(0);
    seen.length = 0;
    // A bad policy with a bad inline recipe: both are reported at once.
    await expect(policies.create('acme', { ...spec, cadence: 'every other tuesday' })).rejects.toMatchObject({
      issues: [{ path: 'cadence', rule: 'not a valid cron expression or shorthand' }, { path: 'recipe.inline.split.test', rule: 'must be <= 0.5' }],
    });
    // A policy that names its recipe without an inline document is not checked here.
    await policies.create('acme', { ...valid, recipe: { id: 'default', version: 1 } });
    expect(seen).toHaveLength(1);
  });
});

describe('retrainRequestedEvent', () => {
  it('seals a valid retrain.requested whose message is keyed by run id on the retraining topic', () => {
    const event = retrainRequestedEvent({
      eventId: '0190a000-0000-7000-8000-00000000000a',
      runId: '0190a000-0000-7000-8000-00000000000b',
      tenant: 'acme',
      source: 'scheduler',
      recordedAt: new Date('2026-07-01T00:00:03Z'),
      trigger: { kind: 'policy', policyId: ids0, reason: 'cadence' },
      asOf: new Date('2026-06-30T22:00:00Z'),
      objectives: ['helpfulness'],
      recipe: { id: 'default', version: 1 },
      period: '2026-Q3',
      idempotencyKey: `retrain:${ids0}:2026-Q3`,
    });
    expect(parseEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
    expect(event.data).toEqual({ runId: '0190a000-0000-7000-8000-00000000000b', trigger: { kind: 'policy', policyId: ids0, reason: 'cadence' }, asOf: '2026-06-30T22:00:00.000Z', objectives: ['helpfulness'], recipe: { id: 'default', version: 1 }, period: '2026-Q3' });
    const message = retrainMessage(JSON.stringify(event), 'hindsight.');
    expect(message).toMatchObject({ topic: 'hindsight.retraining', key: event.data.runId, headers: { 'hindsight-type': 'retrain.requested', 'hindsight-version': '1' } });
  });

  it('refuses a policy trigger without a period, naming the field', () => {
    expect(() =>
      retrainRequestedEvent({ eventId: '0190a000-0000-7000-8000-00000000000a', runId: 'r1', tenant: 'acme', source: 'scheduler', recordedAt: new Date(0), trigger: { kind: 'policy', policyId: ids0, reason: 'cadence' }, asOf: new Date(0), objectives: ['helpfulness'], recipe: { id: 'default', version: 1 }, idempotencyKey: 'k' }),
    ).toThrow('data.period: required when trigger kind is policy');
  });
});
const ids0 = '0190a000-0000-7000-8000-000000000001';
