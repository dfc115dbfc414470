import { GroupCommit } from './group-commit';

/** A write that records its groups and answers each item doubled, held until released. */
function heldWrites() {
  const groups: number[][] = [];
  const releases: (() => void)[] = [];
  const write = (items: readonly number[]) =>
    new Promise<number[]>((resolve) => {
      groups.push([...items]);
      releases.push(() => resolve(items.map((i) => i * 2)));
    });
  return { groups, releases, write };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('writes a lone item at once, and what arrives meanwhile together in the next write', async () => {
    const { groups, releases, write } = heldWrites();
    const commit = new GroupCommit(write, 100);
    const first = commit.add(1);
    await settle();
    expect(groups).toEqual([[1]]);
    const rest = [commit.add(2), commit.add(3), commit.add(4)];
    await settle();
    expect(groups).toEqual([[1]]); // one write in flight at a time
    releases[0]();
    expect(await first).toBe(2);
    await settle();
    expect(groups).toEqual([[1], [2, 3, 4]]);
    releases[1]();
    expect(await Promise.all(rest)).toEqual([4, 6, 8]);
  });

  it('never puts more than maxItems in one write', async () => {
    const { groups, releases, write } = heldWrites();
    const commit = new GroupCommit(write, 2);
    const all = [1, 2, 3, 4, 5].map((i) => commit.add(i));
    for (let i = 0; i < 3; i++) {
      await settle();
      releases[i]();
    }
    expect(await Promise.all(all)).toEqual([2, 4, 6, 8, 10]);
    expect(groups).toEqual([[1], [2, 3], [4, 5]]);
  });

  it("writes a failed group's items again one by one when isolate says so: only the bad item's caller gets the error", async () => {
    const write = jest.fn(async (items: readonly number[]) => {
      if (items.includes(13)) throw new Error('bad item 13');
      return items.map((i) => i * 2);
    });
    const commit = new GroupCommit(write, 100, () => true);
    const blocker = commit.add(1);
    const results = [commit.add(12), commit.add(13), commit.add(14)].map((p) =>
      p.then(
        (v) => ({ v }),
        (e: Error) => ({ e: e.message }),
      ),
    );
    await blocker;
    expect(await Promise.all(results)).toEqual([{ v: 24 }, { e: 'bad item 13' }, { v: 28 }]);
    expect(write.mock.calls.map(([items]) => items)).toEqual([[1], [12, 13, 14], [12], [13], [14]]);
  });

  it('gives every caller of a failed group the error, without writing again, when isolate says no', async () => {
    const write = jest.fn(async (items: readonly number[]) => {
      if (items.length > 1) throw new Error('database down');
      return items.map((i) => i * 2);
    });
    const commit = new GroupCommit(write, 100, () => false);
    const blocker = commit.add(1);
    const results = [commit.add(2), commit.add(3)].map((p) =>
      p.then(
        () => 'ok',
        (e: Error) => e.message,
      ),
    );
    await blocker;
    expect(await Promise.all(results)).toEqual(['database down', 'database down']);
    expect(write).toHaveBeenCalledTimes(2);
  });

  describe('with delayMs', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());
    /** Lets the drain loop and the writes' promises run (fake timers leave microtasks alone). */
    const flushMicrotasks = async () => {
      for (let i = 0; i < 10; i++) await Promise.resolve();
    };

    it('writes a group once its oldest item has waited delayMs, with what arrived meanwhile', async () => {
      const { groups, releases, write } = heldWrites();
      const commit = new GroupCommit(write, 100, () => true, 10);
      const first = commit.add(1);
      await flushMicrotasks();
      jest.advanceTimersByTime(6);
      await flushMicrotasks();
      expect(groups).toEqual([]);
      const second = commit.add(2);
      jest.advanceTimersByTime(4);
      await flushMicrotasks();
      expect(groups).toEqual([[1, 2]]);
      releases[0]();
      expect(await Promise.all([first, second])).toEqual([2, 4]);
    });

    it('makes the items that queued during a write wait out their own delay, counted from their arrival', async () => {
      const { groups, releases, write } = heldWrites();
      const commit = new GroupCommit(write, 100, () => true, 10);
      const first = commit.add(1);
      jest.advanceTimersByTime(10);
      await flushMicrotasks();
      const later = commit.add(2);
      jest.advanceTimersByTime(3);
      releases[0]();
      await first;
      await flushMicrotasks();
      expect(groups).toEqual([[1]]);
      jest.advanceTimersByTime(7);
      await flushMicrotasks();
      expect(groups).toEqual([[1], [2]]);
      releases[1]();
      expect(await later).toBe(4);
    });

    it('writes a full group at once', async () => {
      const { groups, releases, write } = heldWrites();
      const commit = new GroupCommit(write, 2, () => true, 10);
      const both = [commit.add(1), commit.add(2)];
      await flushMicrotasks();
      expect(groups).toEqual([[1, 2]]);
      releases[0]();
      expect(await Promise.all(both)).toEqual([2, 4]);
    });
  });

  it('refuses a negative delayMs', () => {
    expect(
      () =>
        new GroupCommit(
          async (items: readonly number[]) => items,
          10,
          () => true,
          -1,
        ),
    ).toThrow(RangeError);
  });

  it('refuses a write that answers for the wrong number of items', async () => {
    const commit = new GroupCommit(async () => [], 10);
    await expect(commit.add(1)).rejects.toThrow('write returned 0 results for 1 items');
  });
});
