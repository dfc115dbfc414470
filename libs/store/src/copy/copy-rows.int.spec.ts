import { loadPlatformConfig } from '@hindsight/config';
import { createDataSource } from '../data-source';
import { clientOf, copyRows } from './copy-rows';

describe('copyRows (COPY FROM STDIN inside a TypeORM transaction)', () => {
  const config = loadPlatformConfig();
  const dataSource = createDataSource(config.database);

  beforeAll(() => dataSource.initialize());
  afterAll(() => dataSource.destroy());

  it('round-trips text with every COPY delimiter, NULLs, numbers, booleans, timestamps and jsonb', async () => {
    const tricky = 'tab\there\nnewline\r\nback\\slash \\N not null, "quotes", emoji 🙂, ü';
    const json = { text: tricky, list: [1, 'two', null], nested: { backslash: '\\' } };
    const rows = await dataSource.transaction(async (tx) => {
      await tx.query(
        'CREATE TEMP TABLE copy_probe (t text, n int, b boolean, at timestamptz, j jsonb, maybe text) ON COMMIT DROP',
      );
      const count = await copyRows(
        await clientOf(tx),
        'copy_probe',
        ['t', 'n', 'b', 'at', 'j', 'maybe'],
        [
          [tricky, 42, true, '2026-09-30T23:59:59.123Z', JSON.stringify(json), null],
          ['', -1, false, new Date('2026-01-01T00:00:00Z'), '[]', 'x'],
        ],
      );
      expect(count).toBe(2);
      return tx.query(
        `SELECT t, n, b, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS at, j, maybe FROM copy_probe ORDER BY n DESC`,
      );
    });
    expect(rows).toEqual([
      { t: tricky, n: 42, b: true, at: '2026-09-30T23:59:59.123', j: json, maybe: null },
      { t: '', n: -1, b: false, at: '2026-01-01T00:00:00.000', j: [], maybe: 'x' },
    ]);
  });

  it("rejects with PostgreSQL's error on a bad value, and leaves the pooled connection usable after the rollback", async () => {
    await expect(
      dataSource.transaction(async (tx) => {
        await tx.query('CREATE TEMP TABLE copy_bad_probe (n int) ON COMMIT DROP');
        await copyRows(await clientOf(tx), 'copy_bad_probe', ['n'], [[1], ['not a number'], [3]]);
      }),
    ).rejects.toThrow(/invalid input syntax for type integer/);
    // Every pooled connection still answers (a COPY left half-open would hang or fail here).
    const answers = await Promise.all(Array.from({ length: 12 }, () => dataSource.query('SELECT 1 AS one')));
    expect(answers.flat()).toEqual(Array.from({ length: 12 }, () => ({ one: 1 })));
  });

  it('rolls back with the transaction it joined', async () => {
    await dataSource.query('CREATE TABLE IF NOT EXISTS copy_rollback_probe (t text)');
    try {
      await expect(
        dataSource.transaction(async (tx) => {
          await copyRows(await clientOf(tx), 'copy_rollback_probe', ['t'], [['kept?']]);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(await dataSource.query('SELECT count(*)::int AS n FROM copy_rollback_probe')).toEqual([{ n: 0 }]);
    } finally {
      await dataSource.query('DROP TABLE copy_rollback_probe');
    }
  });
});
