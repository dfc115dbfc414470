import type { DataSource, QueryRunner } from 'typeorm';

/**
 * Runs `work` in one REPEATABLE READ transaction on a connection of its own, so
 * every query of a point-in-time read sees the same data (and a server-side
 * cursor may stream from it); commits on success, rolls back on failure.
 */
export async function withRepeatableRead<T>(
  dataSource: DataSource,
  work: (runner: QueryRunner) => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction('REPEATABLE READ');
    const result = await work(runner);
    await runner.commitTransaction();
    return result;
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}
