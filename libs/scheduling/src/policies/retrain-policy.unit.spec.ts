import {
  JSON_NESTING_RULE,
  ManualClock,
  NotFoundError,
  parseEvent,
  type RetrainPolicyEvent,
} from '@hindsight/contracts';
import { validatePolicySpec, type RetrainPolicy } from './retrain-policy';
import { RetrainPolicies, type RetrainPolicyStore, type StoredRetrainPolicy } from './retrain-policies';
import { requestRetrain, retrainMessage, retrainRequestedEvent } from './retrain-request';
import { backfillPolicyEvents } from './retrain-policy-events';

const valid = {
  name: 'quarterly-helpfulness',
  cadence: 'quarterly',
  timezone: 'Europe/Berlin',
  objectives: ['helpfulness'],
  recipe: { id: 'default', version: 1 },
};
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
    expect(issuesOf({ ...valid, recipe: { id: 'mine', version: 1, inline: { deep } } })).toEqual([
      `recipe: ${JSON_NESTING_RULE}`,
    ]);
    expect(issuesOf({ ...valid, recipe: { id: 'mine', version: 1, inline: { ok: [[[1]]] } } })).toEqual([]);
  });

  it('accepts a policy and fills the defaults', () => {
    expect(validatePolicySpec({ ...valid, timezone: undefined })).toEqual({
      ...valid,
      timezone: 'UTC',
      catchUp: 'latest-only',
      minNewComparisons: null,
      driftThreshold: null,
    });
    const inline = {
      ...valid,
      recipe: { id: 'mine', version: 2, inline: { filters: { minDwellMs: 2000 } } },
      catchUp: 'all',
      minNewComparisons: 500,
      driftThreshold: 0.2,
    };
    expect(validatePolicySpec(inline)).toMatchObject({
      recipe: inline.recipe,
      catchUp: 'all',
      minNewComparisons: 500,
      driftThreshold: 0.2,
    });
  });

  it('names every bad field and its rule', () => {
    expect(issuesOf({ ...valid, cadence: 'every tuesday' })).toEqual([
      'cadence: not a valid cron expression or shorthand',
    ]);
    expect(issuesOf({ ...valid, timezone: 'Mars/Olympus' })).toEqual(['timezone: unknown IANA time zone']);
    expect(issuesOf({ ...valid, cadence: 'nope', timezone: 'Nowhere/City', catchUp: 'some' })).toEqual([
      'catchUp: must be one of: latest-only, all',
      'cadence: not a valid cron expression or shorthand',
      'timezone: unknown IANA time zone',
    ]);
    expect(issuesOf({ ...valid, objectives: ['helpfulness', 'helpfulness'] })).toEqual([
      'objectives[1]: must be unique',
    ]);
    expect(issuesOf({ ...valid, recipe: { id: 'default' } })).toEqual(['recipe.version: required']);
    expect(issuesOf({ ...valid, minNewComparisons: 0, driftThreshold: -1 })).toEqual([
      'minNewComparisons: must be >= 1',
      'driftThreshold: must be > 0',
    ]);
    expect(issuesOf({ ...valid, driftThreshold: 1.5 })).toEqual(['driftThreshold: must be <= 1']);
    expect(issuesOf({ ...valid, driftThreshold: 1 })).toEqual([]);
    expect(issuesOf({ ...valid, cadence: undefined, extra: 1 })).toEqual(['cadence: required', 'extra: unknown field']);
    expect(issuesOf('a string')).toContain(': expected object');
  });
});

/** Applies the published events the way the projection does (revision-guarded), in memory. */
class MemoryStore implements RetrainPolicyStore {
  readonly rows = new Map<string, StoredRetrainPolicy & { deleted: boolean }>();
  readonly locks: string[] = [];
  async find(tenant: string, id: string) {
    const p = this.rows.get(id);
    return p?.tenant === tenant && !p.deleted ? p : undefined;
  }
  async findByName(tenant: string, name: string) {
    return [...this.rows.values()].find((r) => r.tenant === tenant && r.name === name && !r.deleted);
  }
  async list(tenant?: string) {
    return [...this.rows.values()].filter((p) => !p.deleted && (tenant === undefined || p.tenant === tenant));
  }
  async exclusively<T>(lock: string, work: (locked: MemoryStore) => Promise<T>) {
    this.locks.push(lock);
    return work(this);
  }
  async apply(event: RetrainPolicyEvent) {
    if (event.type === 'retrain-policy.created') {
      const { policyId, createdAt, ...d } = event.data;
      if (this.rows.has(policyId)) return;
      const at = new Date(createdAt);
      this.rows.set(policyId, {
        ...d,
        recipe: d.recipe as RetrainPolicy['recipe'],
        id: policyId,
        tenant: event.tenant,
        status: 'active',
        createdAt: at,
        pausedAt: null,
        activeSince: at,
        revision: 1,
        deleted: false,
      });
      return;
    }
    const p = this.rows.get(event.data.policyId);
    if (!p || p.revision >= event.data.revision) return;
    const revision = event.data.revision;
    if (event.type === 'retrain-policy.paused')
      this.rows.set(p.id, { ...p, revision, status: 'paused', pausedAt: new Date(event.data.pausedAt) });
    else if (event.type === 'retrain-policy.resumed')
      this.rows.set(p.id, {
        ...p,
        revision,
        status: 'active',
        pausedAt: null,
        activeSince: new Date(event.data.resumedAt),
      });
    else this.rows.set(p.id, { ...p, revision, deleted: true });
  }
}

describe('RetrainPolicies', () => {
  const ids = ['0190a000-0000-7000-8000-000000000001', '0190a000-0000-7000-8000-000000000002'];
  const clock = new ManualClock('2026-05-10T12:00:00Z');
  let published: RetrainPolicyEvent[] = [];
  let eventIds = 0;
  const publish = async (event: RetrainPolicyEvent) => {
    published.push(event);
  };
  const newEventId = () => `0190b000-0000-7000-8000-${String(++eventIds).padStart(12, '0')}`;
  const make = () => {
    const queue = [...ids];
    published = [];
    return new RetrainPolicies({
      store: new MemoryStore(),
      publish,
      clock,
      newId: () => queue.shift()!,
      newEventId,
      source: 'api',
      inlineRecipeIssues: () => [],
    });
  };

  it('creates, lists, pauses, resumes and deletes within a tenant', async () => {
    const policies = make();
    const created = await policies.create('acme', valid);
    expect(created).toMatchObject({
      id: ids[0],
      tenant: 'acme',
      status: 'active',
      createdAt: '2026-05-10T12:00:00.000Z',
      nextFireAt: '2026-06-30T22:00:00.000Z',
    });
    await expect(policies.create('acme', valid)).rejects.toMatchObject({
      code: 'conflict',
      issues: [{ path: 'name', rule: 'already used by another policy' }],
    });
    expect(await policies.list('acme')).toHaveLength(1);
    expect(await policies.list('other')).toHaveLength(0);
    await expect(policies.pause('other', ids[0])).rejects.toBeInstanceOf(NotFoundError);
    clock.set('2026-06-01T00:00:00Z');
    expect(await policies.pause('acme', ids[0])).toMatchObject({
      status: 'paused',
      pausedAt: '2026-06-01T00:00:00.000Z',
      nextFireAt: null,
    });
    expect(await policies.pause('acme', ids[0])).toMatchObject({ pausedAt: '2026-06-01T00:00:00.000Z' });
    expect(await policies.resume('acme', ids[0])).toMatchObject({ status: 'active', pausedAt: null });
    await expect(policies.delete('other', ids[0])).rejects.toBeInstanceOf(NotFoundError);
    await expect(policies.get('acme', 'not-a-uuid')).rejects.toBeInstanceOf(NotFoundError);
    await policies.delete('acme', ids[0]);
    expect(await policies.list('acme')).toHaveLength(0);
    await expect(policies.delete('acme', ids[0])).rejects.toBeInstanceOf(NotFoundError);
    // Every change was published before it was applied; the repeated pause published nothing.
    expect(
      published.map((e) => [e.type, e.tenant, 'revision' in e.data ? e.data.revision : 1, e.idempotencyKey]),
    ).toEqual([
      ['retrain-policy.created', 'acme', 1, `retrain-policy:${ids[0]}:1`],
      ['retrain-policy.paused', 'acme', 2, `retrain-policy:${ids[0]}:2`],
      ['retrain-policy.resumed', 'acme', 3, `retrain-policy:${ids[0]}:3`],
      ['retrain-policy.deleted', 'acme', 4, `retrain-policy:${ids[0]}:4`],
    ]);
    expect(published[0].data).toEqual({
      policyId: ids[0],
      ...validatePolicySpec(valid),
      createdAt: '2026-05-10T12:00:00.000Z',
    });
    expect(published.every((e) => e.source === 'api')).toBe(true);
  });

  it('publishes nothing and applies nothing when the publish fails', async () => {
    const store = new MemoryStore();
    const policies = new RetrainPolicies({
      store,
      publish: () => Promise.reject(new Error('broker down')),
      clock,
      newId: () => ids[1],
      newEventId,
      source: 'cli',
      inlineRecipeIssues: () => [],
    });
    await expect(policies.create('acme', valid)).rejects.toThrow('broker down');
    expect(await policies.list('acme')).toEqual([]);
    expect(store.locks).toEqual(['retrain-policy-name:acme:quarterly-helpfulness']);
  });

  it('refuses an inline recipe its checker finds wrong, passing it the inline document, and stores nothing', async () => {
    const seen: unknown[] = [];
    const store = new MemoryStore();
    const policies = new RetrainPolicies({
      store,
      publish,
      clock,
      newId: () => ids[0],
      newEventId,
      source: 'api',
      inlineRecipeIssues: (inline) => {
        seen.push(inline);
        return [{ path: 'recipe.inline.split.test', rule: 'must be <= 0.5' }];
      },
    });
    const spec = { ...valid, recipe: { id: 'mine', version: 1, inline: { split: { test: 0.9 } } } };
    await expect(policies.create('acme', spec)).rejects.toMatchObject({
      code: 'validation',
      issues: [{ path: 'recipe.inline.split.test', rule: 'must be <= 0.5' }],
    });
    expect(seen).toEqual([{ split: { test: 0.9 } }]);
    expect(await policies.list('acme')).toHaveLength(0);
    seen.length = 0;
    // A bad policy with a bad inline recipe: both are reported at once.
    await expect(policies.create('acme', { ...spec, cadence: 'every other tuesday' })).rejects.toMatchObject({
      issues: [
        { path: 'cadence', rule: 'not a valid cron expression or shorthand' },
        { path: 'recipe.inline.split.test', rule: 'must be <= 0.5' },
      ],
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
    expect(event.data).toEqual({
      runId: '0190a000-0000-7000-8000-00000000000b',
      trigger: { kind: 'policy', policyId: ids0, reason: 'cadence' },
      asOf: '2026-06-30T22:00:00.000Z',
      objectives: ['helpfulness'],
      recipe: { id: 'default', version: 1 },
      period: '2026-Q3',
    });
    const message = retrainMessage(JSON.stringify(event), 'hindsight.');
    expect(message).toMatchObject({
      topic: 'hindsight.retraining',
      key: event.data.runId,
      headers: { 'hindsight-type': 'retrain.requested', 'hindsight-version': '1' },
    });
  });

  it('refuses a policy trigger without a period, naming the field', () => {
    expect(() =>
      retrainRequestedEvent({
        eventId: '0190a000-0000-7000-8000-00000000000a',
        runId: 'r1',
        tenant: 'acme',
        source: 'scheduler',
        recordedAt: new Date(0),
        trigger: { kind: 'policy', policyId: ids0, reason: 'cadence' },
        asOf: new Date(0),
        objectives: ['helpfulness'],
        recipe: { id: 'default', version: 1 },
        idempotencyKey: 'k',
      }),
    ).toThrow('data.period: required when trigger kind is policy');
  });
});

describe('requestRetrain', () => {
  const policy = {
    id: '0190a000-0000-7000-8000-000000000001',
    tenant: 'acme',
    objectives: ['helpfulness'],
    recipe: { id: 'default', version: 1 },
  };
  const now = new Date('2026-07-01T00:00:03Z');
  const context = (n: number) => ({
    now,
    runId: `0190a000-0000-7000-8000-00000000010${n}`,
    eventId: `0190a000-0000-7000-8000-00000000020${n}`,
  });

  it('builds a policy fire: period-stable idempotency key, the fire time for clock fires, the outbox row carrying the event as sealed', () => {
    const fire = { reason: 'cadence' as const, period: '2026-Q3', asOf: new Date('2026-06-30T22:00:00Z') };
    const first = requestRetrain(policy, { kind: 'fire', fire }, { source: 'scheduler', ...context(1) });
    const again = requestRetrain(policy, { kind: 'fire', fire }, { source: 'scheduler', ...context(2) });
    expect(first.event).toMatchObject({
      id: context(1).eventId,
      tenant: 'acme',
      source: 'scheduler',
      idempotencyKey: `retrain:${policy.id}:2026-Q3`,
    });
    expect(first.event.data).toEqual({
      runId: context(1).runId,
      trigger: { kind: 'policy', policyId: policy.id, reason: 'cadence' },
      asOf: '2026-06-30T22:00:00.000Z',
      objectives: ['helpfulness'],
      recipe: { id: 'default', version: 1 },
      period: '2026-Q3',
    });
    expect(first.record).toEqual({
      runId: context(1).runId,
      eventId: context(1).eventId,
      tenant: 'acme',
      policyId: policy.id,
      reason: 'cadence',
      period: '2026-Q3',
      fireAt: fire.asOf,
      asOf: fire.asOf,
      eventJson: JSON.stringify(first.event),
      recordedAt: now,
    });
    expect(again.event.idempotencyKey).toBe(first.event.idempotencyKey);
    expect(
      requestRetrain(
        policy,
        { kind: 'fire', fire: { reason: 'volume', period: 'volume:x', asOf: now } },
        { source: 'scheduler', ...context(3) },
      ).record.fireAt,
    ).toBeNull();
  });

  it('builds a manual request: who asked, no period, a key of its own run', () => {
    const asOf = new Date('2026-06-15T00:00:00Z');
    const { event, record } = requestRetrain(
      policy,
      { kind: 'manual', requestedBy: 'cli:ana', asOf },
      { source: 'cli', ...context(4) },
    );
    expect(event.data).toEqual({
      runId: context(4).runId,
      trigger: { kind: 'manual', requestedBy: 'cli:ana', policyId: policy.id },
      asOf: '2026-06-15T00:00:00.000Z',
      objectives: ['helpfulness'],
      recipe: { id: 'default', version: 1 },
    });
    expect(event.idempotencyKey).toBe(`retrain:manual:${context(4).runId}`);
    expect(record).toMatchObject({
      reason: 'manual',
      period: null,
      fireAt: null,
      asOf,
      policyId: policy.id,
      eventJson: JSON.stringify(event),
    });
  });
});
const ids0 = '0190a000-0000-7000-8000-000000000001';

describe('backfillPolicyEvents', () => {
  it('rebuilds a stored policy: created, a pause and resume where its active time moved, its pause, its delete, as revisions 1..n', () => {
    let n = 0;
    const ctx = { newEventId: () => `0190c000-0000-7000-8000-${String(++n).padStart(12, '0')}`, source: 'backfill' };
    const policy = {
      ...validatePolicySpec(valid),
      id: '0190a000-0000-7000-8000-000000000009',
      tenant: 'acme',
      createdAt: new Date('2026-01-01T00:00:00Z'),
      activeSince: new Date('2026-02-01T00:00:00Z'),
      pausedAt: new Date('2026-03-01T00:00:00Z'),
      deletedAt: new Date('2026-04-01T00:00:00Z'),
    };
    const events = backfillPolicyEvents(policy, ctx);
    expect(events.map((e) => [e.type, 'revision' in e.data ? e.data.revision : 1, e.recordedAt, e.source])).toEqual([
      ['retrain-policy.created', 1, '2026-01-01T00:00:00.000Z', 'backfill'],
      ['retrain-policy.paused', 2, '2026-02-01T00:00:00.000Z', 'backfill'],
      ['retrain-policy.resumed', 3, '2026-02-01T00:00:00.000Z', 'backfill'],
      ['retrain-policy.paused', 4, '2026-03-01T00:00:00.000Z', 'backfill'],
      ['retrain-policy.deleted', 5, '2026-04-01T00:00:00.000Z', 'backfill'],
    ]);
    expect(
      backfillPolicyEvents({ ...policy, activeSince: policy.createdAt, pausedAt: null, deletedAt: null }, ctx).map(
        (e) => e.type,
      ),
    ).toEqual(['retrain-policy.created']);
  });
});
