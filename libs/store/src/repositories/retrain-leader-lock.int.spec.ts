import { randomUUID } from 'node:crypto';
import { loadPlatformConfig } from '@hindsight/config';
import { createDataSource } from '../data-source';
import { RetrainLeaderLock } from './retrain-leader-lock';

describe('RetrainLeaderLock', () => {
  const config = loadPlatformConfig();
  const dataSource = createDataSource(config.database);
  beforeAll(() => dataSource.initialize());
  afterAll(() => dataSource.destroy());

  it('lets one of two holders lead, and hands over when the leader releases', async () => {
    const key = `lock-test-${randomUUID()}`;
    const [a, b] = [new RetrainLeaderLock(dataSource, key), new RetrainLeaderLock(dataSource, key)];
    expect(await a.tryAcquire()).toBe(true);
    expect(await b.tryAcquire()).toBe(false);
    expect([a.lastError, b.lastError]).toEqual([undefined, undefined]);
    await a.release();
    expect(await b.tryAcquire()).toBe(true);
    await b.release();
  });

  it('keeps why it could not even ask for the lock, for the scheduler to report', async () => {
    // A data source that cannot connect: the same path as a database that went away.
    const unreachable = createDataSource({ ...config.database, url: 'postgres://postgres@127.0.0.1:1/hindsight' });
    const lock = new RetrainLeaderLock(unreachable, `lock-test-${randomUUID()}`);
    expect(await lock.tryAcquire()).toBe(false);
    expect(lock.lastError?.message).toBe('Driver not Connected');
  });
});
