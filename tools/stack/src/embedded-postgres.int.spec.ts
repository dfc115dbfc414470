import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlatformConfig } from '@hindsight/config';
import { createLogger, preparePlatform } from '@hindsight/runtime';
import { probePostgres } from '@hindsight/store';
import { freePort } from '@hindsight/test-support';
import { embeddedPostgresPaths, processRuns, runningEmbeddedPostgres } from './embedded-postgres';
import { stackDown, stackStatus, stackUp } from './stack';

/**
 * stack:up against a DATABASE_URL port where nothing listens, with a HINDSIGHT_HOME of its own:
 * it starts PostgreSQL from the embedded-postgres package there, reuses the suite's broker
 * (which answers at KAFKA_BROKERS), and stack:down stops only that PostgreSQL.
 */
describe('stack:up with no PostgreSQL at DATABASE_URL', () => {
  const home = mkdtempSync(join(tmpdir(), 'hindsight-embedded-pg-'));
  // mkdtemp makes the folder 0700; as root the server runs as "postgres", which must be let through.
  chmodSync(home, 0o755);
  const lines: string[] = [];
  const say = (line: string) => lines.push(line);
  let config: ReturnType<typeof loadPlatformConfig>;

  afterAll(async () => {
    // When an assertion failed half-way, do not leave the server running.
    if (config !== undefined && runningEmbeddedPostgres(embeddedPostgresPaths(home)) !== undefined)
      await stackDown(config, say);
    rmSync(home, { recursive: true, force: true });
  });

  it('starts an embedded PostgreSQL in HINDSIGHT_HOME, the api migrations run on it, a second stack:up reuses it, stack:down stops it', async () => {
    const port = await freePort();
    const url = `postgres://postgres@127.0.0.1:${port}/hindsight`;
    config = loadPlatformConfig({ ...process.env, DATABASE_URL: url, HINDSIGHT_HOME: home });
    expect((await probePostgres(url, 1000)).up).toBe(false);

    const first = await stackUp(config, say);
    expect(first).toEqual({ started: 'nothing', postgres: 'embedded' });
    const paths = embeddedPostgresPaths(home);
    const pid = runningEmbeddedPostgres(paths);
    expect(pid).toBeDefined();
    expect(existsSync(join(paths.data, 'PG_VERSION'))).toBe(true);
    expect(readFileSync(join(paths.data, 'postmaster.pid'), 'utf8').split('\n')[3]).toBe(String(port));
    const said = lines.join('\n');
    expect(said).toContain(`data in ${paths.data}, log in ${paths.log}`);
    expect(said).toContain(`port ${port}`);
    expect(said).toContain('Kafka already answers');
    expect(said).toContain('Created the database named in DATABASE_URL.');

    // What the api does at start-up: migrations (and its topics, under this run's prefix on the suite's broker).
    const dataSource = await preparePlatform(config, createLogger('embedded-pg-test', 'silent'), 'api');
    try {
      const [{ count }] = await dataSource.query(
        `SELECT count(*)::int AS count FROM ${config.database.schema}.typeorm_migrations`,
      );
      expect(count).toBeGreaterThan(0);
      const [{ version }] = await dataSource.query("SELECT current_setting('server_version') AS version");
      expect(version).toMatch(/^18\./);
    } finally {
      await dataSource.destroy();
    }

    lines.length = 0;
    const second = await stackUp(config, say);
    expect(second).toEqual({ started: 'nothing', postgres: 'existing' });
    expect(runningEmbeddedPostgres(paths)).toBe(pid);
    expect(await stackStatus(config, say)).toBe(true);
    expect(lines.join('\n')).toContain(`embedded postgresql pid ${pid} in ${paths.data}`);

    await stackDown(config, say);
    expect(processRuns(pid!)).toBe(false);
    expect((await probePostgres(url, 1000)).up).toBe(false);
    expect(lines.join('\n')).toContain(`Stopped the embedded PostgreSQL (pid ${pid})`);
    expect(existsSync(join(home, 'stack.json'))).toBe(false);
  }, 180_000);

  it('refuses to start one for a DATABASE_URL on another machine', async () => {
    const remote = loadPlatformConfig({
      ...process.env,
      DATABASE_URL: 'postgres://postgres@db.invalid:5432/hindsight',
      HINDSIGHT_HOME: home,
    });
    await expect(stackUp(remote, say)).rejects.toThrow(/only started for a loopback address/);
  }, 30_000);
});
