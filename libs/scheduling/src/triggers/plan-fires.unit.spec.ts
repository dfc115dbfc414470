import type { RetrainPolicy } from '../policies/retrain-policy';
import { planFires } from './plan-fires';

const policy = (overrides: Partial<RetrainPolicy> = {}): RetrainPolicy => ({
  id: '0190a000-0000-7000-8000-000000000001',
  tenant: 'acme',
  name: 'p',
  cadence: 'monthly',
  timezone: 'UTC',
  objectives: ['helpfulness'],
  recipe: { id: 'default', version: 1 },
  catchUp: 'latest-only',
  minNewComparisons: null,
  driftThreshold: null,
  status: 'active',
  createdAt: new Date('2026-01-15T00:00:00Z'),
  pausedAt: null,
  activeSince: new Date('2026-01-15T00:00:00Z'),
  ...overrides,
});
const plain = (fires: ReturnType<typeof planFires>) =>
  fires.map((f) => `${f.reason} ${f.period} ${f.asOf.toISOString()}`);

describe('planFires', () => {
  it('fires nothing before the first period and once when it comes, as of the fire time', () => {
    expect(planFires(policy(), {}, new Date('2026-01-31T23:59:59Z'))).toEqual([]);
    expect(plain(planFires(policy(), {}, new Date('2026-02-01T00:00:07Z')))).toEqual([
      'cadence 2026-02 2026-02-01T00:00:00.000Z',
    ]);
    expect(
      planFires(policy(), { lastClockFire: new Date('2026-02-01T00:00:00Z') }, new Date('2026-02-01T00:00:17Z')),
    ).toEqual([]);
  });

  it('catches up after three missed periods by the policy mode', () => {
    const state = { lastClockFire: new Date('2026-02-01T00:00:00Z') };
    const now = new Date('2026-05-02T00:00:00Z');
    expect(plain(planFires(policy(), state, now))).toEqual(['catch-up 2026-05 2026-05-01T00:00:00.000Z']);
    expect(plain(planFires(policy({ catchUp: 'all' }), state, now))).toEqual([
      'catch-up 2026-03 2026-03-01T00:00:00.000Z',
      'catch-up 2026-04 2026-04-01T00:00:00.000Z',
      'catch-up 2026-05 2026-05-01T00:00:00.000Z',
    ]);
  });

  it('does not catch up what passed while paused, nor fire while paused', () => {
    const resumed = policy({ catchUp: 'all', activeSince: new Date('2026-04-20T00:00:00Z') });
    expect(
      plain(planFires(resumed, { lastClockFire: new Date('2026-02-01T00:00:00Z') }, new Date('2026-05-02T00:00:00Z'))),
    ).toEqual(['cadence 2026-05 2026-05-01T00:00:00.000Z']);
    expect(planFires(policy({ status: 'paused' }), {}, new Date('2026-05-02T00:00:00Z'))).toEqual([]);
  });

  it('fires the volume and drift triggers once per run, when their signals are known and reach the threshold', () => {
    const p = policy({ minNewComparisons: 100, driftThreshold: 0.3 });
    const state = {
      lastClockFire: new Date('2026-02-01T00:00:00Z'),
      lastRun: { runId: 'run-7', asOf: new Date('2026-02-01T00:00:00Z') },
    };
    const now = new Date('2026-02-10T00:00:00Z');
    expect(planFires(p, state, now)).toEqual([]);
    expect(planFires(p, { ...state, newComparisons: 99, drift: 0.29 }, now)).toEqual([]);
    expect(plain(planFires(p, { ...state, newComparisons: 100 }, now))).toEqual([
      'volume volume:after:run-7 2026-02-10T00:00:00.000Z',
    ]);
    expect(plain(planFires(p, { ...state, drift: 0.3 }, now))).toEqual([
      'drift drift:after:run-7 2026-02-10T00:00:00.000Z',
    ]);
    expect(
      plain(planFires({ ...p, activeSince: new Date('2026-02-05T00:00:00Z') }, { newComparisons: 1000 }, now)),
    ).toEqual(['volume volume:after:start 2026-02-10T00:00:00.000Z']);
  });
});
