import { applyPipelined, assignedPartitions } from './batch-consumer';

describe('assignedPartitions', () => {
  it('names each partition of a member assignment as topic[partition], sorted', () => {
    expect(assignedPartitions({ 'h.deployment': [3, 0], 'h.annotations': [5, 1] })).toEqual([
      'h.annotations[1]',
      'h.annotations[5]',
      'h.deployment[0]',
      'h.deployment[3]',
    ]);
  });

  it('is empty for a member given nothing', () => {
    expect(assignedPartitions({})).toEqual([]);
    expect(assignedPartitions({ 'h.annotations': [] })).toEqual([]);
  });
});

describe('applyPipelined', () => {
  /** Each step resolves on the next turn of the event loop, as I/O would; the log says what overlapped. */
  const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
  const run = (
    batches: number[],
    options: { failCommit?: number; failPrepare?: number; stopAfter?: number } = {},
  ): { log: string[]; done: Promise<void> } => {
    const log: string[] = [];
    let committed = 0;
    const done = applyPipelined(
      batches,
      async (b) => {
        log.push(`prepare ${b}`);
        await tick();
        if (b === options.failPrepare) throw new Error(`prepare ${b} failed`);
        log.push(`prepared ${b}`);
        return `p${b}`;
      },
      async (p) => {
        log.push(`commit ${p}`);
        await tick();
        await tick();
        if (p === `p${options.failCommit}`) throw new Error(`commit ${p} failed`);
        log.push(`committed ${p}`);
      },
      () => options.stopAfter !== undefined && committed >= options.stopAfter,
      async (b) => {
        committed++;
        log.push(`resolved ${b}`);
      },
    );
    return { log, done };
  };

  it('prepares sub-batch N+1 while N commits, and commits and resolves strictly in order', async () => {
    const { log, done } = run([0, 1, 2]);
    await done;
    expect(log).toEqual([
      'prepare 0',
      'prepared 0',
      'commit p0',
      'prepare 1',
      'prepared 1',
      'committed p0',
      'resolved 0',
      'commit p1',
      'prepare 2',
      'prepared 2',
      'committed p1',
      'resolved 1',
      'commit p2',
      'committed p2',
      'resolved 2',
    ]);
  });

  it('throws a failed commit and never commits the sub-batch prepared meanwhile', async () => {
    const { log, done } = run([0, 1, 2], { failCommit: 0 });
    await expect(done).rejects.toThrow('commit p0 failed');
    await tick();
    expect(log).toEqual(['prepare 0', 'prepared 0', 'commit p0', 'prepare 1', 'prepared 1']);
  });

  it('throws a failed prepare at its turn, after the commits before it', async () => {
    const { log, done } = run([0, 1, 2], { failPrepare: 1 });
    await expect(done).rejects.toThrow('prepare 1 failed');
    expect(log).toEqual(['prepare 0', 'prepared 0', 'commit p0', 'prepare 1', 'committed p0', 'resolved 0']);
  });

  it('stops between sub-batches when told to', async () => {
    const { log, done } = run([0, 1, 2], { stopAfter: 1 });
    await done;
    expect(log.filter((l) => l.startsWith('commit '))).toEqual(['commit p0']);
  });
});
