import { ConfigurationError } from '@hindsight/contracts';
import { ManualClock } from '@hindsight/contracts';
import { ShiftedClock } from '@hindsight/runtime';
import { loadSchedulerSettings } from './scheduler-settings';

describe('loadSchedulerSettings', () => {
  it('uses the system clock unless SCHEDULER_CLOCK_START is set', () => {
    expect(loadSchedulerSettings({})).toEqual({
      tickMs: 10_000,
      driftRefreshMs: 300_000,
      driftWindowMs: 30 * 86_400_000,
      routerGroupId: 'hindsight-router',
      routingWindowDays: 7,
    });
    expect(loadSchedulerSettings({ SCHEDULER_CLOCK_START: '  ' })).toEqual({
      tickMs: 10_000,
      driftRefreshMs: 300_000,
      driftWindowMs: 30 * 86_400_000,
      routerGroupId: 'hindsight-router',
      routingWindowDays: 7,
    });
  });

  it('reads SCHEDULER_CLOCK_START with its offset', () => {
    const settings = loadSchedulerSettings({
      SCHEDULER_TICK_MS: '250',
      SCHEDULER_CLOCK_START: '2027-01-01T00:00:00+01:00',
      SCHEDULER_DRIFT_REFRESH_MS: '0',
    });
    expect(settings).toEqual({
      tickMs: 250,
      driftRefreshMs: 0,
      driftWindowMs: 30 * 86_400_000,
      routerGroupId: 'hindsight-router',
      routingWindowDays: 7,
      clockStart: new Date('2026-12-31T23:00:00Z'),
    });
  });

  it.each(['-1', 'week', '3599999', '31622400001'])(
    'refuses SCHEDULER_DRIFT_WINDOW_MS=%s, naming the variable',
    (value) => {
      expect(() => loadSchedulerSettings({ SCHEDULER_DRIFT_WINDOW_MS: value })).toThrow(
        /SCHEDULER_DRIFT_WINDOW_MS: must be an integer number of milliseconds between 3600000/,
      );
      expect(loadSchedulerSettings({ SCHEDULER_DRIFT_WINDOW_MS: '3600000' }).driftWindowMs).toBe(3_600_000);
    },
  );

  it.each(['-1', 'soon', '86400001'])('refuses SCHEDULER_DRIFT_REFRESH_MS=%s, naming the variable', (value) => {
    expect(() => loadSchedulerSettings({ SCHEDULER_DRIFT_REFRESH_MS: value })).toThrow(
      /SCHEDULER_DRIFT_REFRESH_MS: must be an integer number of milliseconds between 0 and 86400000/,
    );
  });

  it.each(['2027-01-01', '2027-01-01T00:00:00', 'next quarter', '2027-13-01T00:00:00Z'])(
    'refuses SCHEDULER_CLOCK_START=%s, naming the variable',
    (value) => {
      const load = () => loadSchedulerSettings({ SCHEDULER_CLOCK_START: value });
      expect(load).toThrow(ConfigurationError);
      expect(load).toThrow(/SCHEDULER_CLOCK_START: must be an ISO-8601 instant with Z or an offset/);
    },
  );
});

describe('ShiftedClock', () => {
  it('starts at the given instant and runs on with the system clock', () => {
    const system = new ManualClock('2026-11-29T12:00:00Z');
    const clock = new ShiftedClock(new Date('2027-01-01T00:00:00Z'), system);
    expect(clock.now().toISOString()).toBe('2027-01-01T00:00:00.000Z');
    system.advance(90_000);
    expect(clock.now().toISOString()).toBe('2027-01-01T00:01:30.000Z');
  });
});

describe('routing settings', () => {
  it('refuses ROUTING_WINDOW_DAYS=0 and a bad ROUTER_GROUP_ID, naming the variable', () => {
    expect(() => loadSchedulerSettings({ ROUTING_WINDOW_DAYS: '0' })).toThrow(/ROUTING_WINDOW_DAYS/);
    expect(() => loadSchedulerSettings({ ROUTER_GROUP_ID: 'a b' })).toThrow(/ROUTER_GROUP_ID/);
    expect(loadSchedulerSettings({ ROUTING_WINDOW_DAYS: '30' }).routingWindowDays).toBe(30);
  });
});
