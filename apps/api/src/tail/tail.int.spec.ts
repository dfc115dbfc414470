import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { exampleEventInputs } from '@hindsight/contracts';
import { runCli, startApiUnderTest, uniqueTenant, waitFor, type ApiUnderTest } from '@hindsight/test-support';
import { apiService } from '../api-service';

/*
 * `hindsight tail` against a real api, Kafka and PostgreSQL: the tail follows from the moment it
 * starts, prints the tenant's events in the order they were accepted (one partition key), never
 * another tenant's, not an erased subject's; a key without the read scope is refused.
 */
const repoRoot = join(__dirname, '../../../..');

interface Tail {
  readonly child: ChildProcessWithoutNullStreams;
  stdout: string;
  stderr: string;
  readonly exited: Promise<number | null>;
}

function startTail(args: readonly string[]): Tail {
  const child = spawn(process.execPath, [join(repoRoot, 'bin/hindsight.js'), 'tail', ...args], {
    cwd: repoRoot,
    env: process.env,
    stdio: 'pipe',
  });
  const tail: Tail = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => child.on('close', (code) => resolve(code))),
  };
  child.stdout.on('data', (d: Buffer) => (tail.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (tail.stderr += d.toString()));
  return tail;
}

const rating = (taskId: string, raterId: string, n: number) => {
  const input = exampleEventInputs['rating.recorded'];
  return {
    ...input,
    idempotencyKey: `tail-${taskId}-${raterId}-${n}`,
    data: { ...input.data, taskId, raterId, prompt: `prompt ${n}` },
  };
};

describe('hindsight tail (GET /v1/events/tail)', () => {
  let api: ApiUnderTest;
  const tails: Tail[] = [];

  beforeAll(async () => {
    api = await startApiUnderTest(apiService);
  });
  afterAll(async () => {
    for (const t of tails) if (t.child.exitCode === null) t.child.kill('SIGKILL');
    await api.close();
  });

  it('prints the tenant’s new events in order, opened; never another tenant’s, nor an erased subject’s', async () => {
    const tenant = uniqueTenant('tail');
    const other = uniqueTenant('tail-other');
    const reader = await api.issueKey({ tenant, scopes: ['read'] });
    const ingest = await api.issueKey({ tenant, scopes: ['ingest'] });
    const otherIngest = await api.issueKey({ tenant: other, scopes: ['ingest'] });
    const task = `task-${tenant}`;

    // Before the tail: an event of a rater then erased (its key destroyed, as the projector does on an erasure),
    // and one the tail must not show because it was accepted before the tail started.
    const before = await api.post('/v1/events', rating(task, 'rater-erased', 0), ingest.key);
    expect(before.status).toBe(202);
    await api.running.context.dataSource.query(
      `UPDATE subject_keys SET wrapped_key = NULL, kek_id = NULL, wrapped_at = NULL, destroyed_at = now() WHERE tenant = $1 AND subject_kind = 'rater' AND subject_id = 'rater-erased'`,
      [tenant],
    );

    const tail = startTail(['--tenant', tenant, '--json', '--api', api.url, '--key', reader.key]);
    tails.push(tail);
    await waitFor(
      async () => tail.stderr,
      (s) => s.includes(`following tenant ${tenant} from now`) || tail.child.exitCode !== null,
      30_000,
      'the tail to start',
    );
    expect(tail.stderr).toContain('from now');

    const accepted: string[] = [];
    for (let n = 1; n <= 3; n++) {
      const mine = await api.post('/v1/events', rating(task, `rater-${n}`, n), ingest.key);
      expect(mine.status).toBe(202);
      accepted.push((mine.body as { id: string }).id);
      // Another tenant, same partition key, in between: it must never appear.
      expect((await api.post('/v1/events', rating(task, `rater-${n}`, n), otherIngest.key)).status).toBe(202);
      if (n === 2) {
        // The erased rater again: accepted (the api seals with the key it still holds for a minute), never shown.
        expect((await api.post('/v1/events', rating(task, 'rater-erased', n), ingest.key)).status).toBe(202);
      }
    }

    const lines = await waitFor(
      async () => tail.stdout.split('\n').filter((l) => l !== ''),
      (l) => l.length >= 3 || tail.child.exitCode !== null,
      30_000,
      'three events printed',
    );
    const printed = lines.map(
      (l) => JSON.parse(l) as { id: string; tenant: string; type: string; data: { raterId: string; prompt: string } },
    );
    expect(printed.map((e) => e.id)).toEqual(accepted);
    expect(printed.every((e) => e.tenant === tenant && e.type === 'rating.recorded')).toBe(true);
    // Opened: the personal content is in the clear, as the read API shows it.
    expect(printed.map((e) => [e.data.raterId, e.data.prompt])).toEqual([
      ['rater-1', 'prompt 1'],
      ['rater-2', 'prompt 2'],
      ['rater-3', 'prompt 3'],
    ]);
    expect(tail.stdout).not.toContain(other);
    expect(tail.stdout).not.toContain('rater-erased');
    expect(tail.stdout).not.toContain((before.body as { id: string }).id);

    tail.child.kill('SIGINT');
    await tail.exited;
  }, 120_000);

  it('prints human lines with --type, leaving out the other types', async () => {
    const tenant = uniqueTenant('tail');
    const admin = await api.issueKey({ tenant, scopes: ['admin', 'ingest'] });
    const tail = startTail(['--tenant', tenant, '--type', 'interaction.logged', '--api', api.url, '--key', admin.key]);
    tails.push(tail);
    await waitFor(
      async () => tail.stderr,
      (s) => s.includes('from now') || tail.child.exitCode !== null,
      30_000,
      'the tail to start',
    );
    expect(tail.stderr).toContain(`following tenant ${tenant} (interaction.logged) from now`);
    expect((await api.post('/v1/events', rating(`task-${tenant}`, 'rater-1', 1), admin.key)).status).toBe(202);
    const interaction = exampleEventInputs['interaction.logged'];
    expect(
      (
        await api.post(
          '/v1/events',
          {
            ...interaction,
            idempotencyKey: `tail-${tenant}`,
            data: { ...interaction.data, interactionId: `int-${tenant}` },
          },
          admin.key,
        )
      ).status,
    ).toBe(202);
    const out = await waitFor(
      async () => tail.stdout,
      (s) => s.includes('\n') || tail.child.exitCode !== null,
      30_000,
      'one line printed',
    );
    expect(out).toMatch(
      new RegExp(`^\\d{4}-\\d{2}-\\d{2}T\\S+Z  interaction\\.logged +interaction:int-${tenant}  \\{`),
    );
    expect(out).not.toContain('rating.recorded');
    tail.child.kill('SIGINT');
    await tail.exited;
  }, 120_000);

  it('refuses a key without the read scope (403), another tenant (403) and an unknown type (400)', async () => {
    const tenant = uniqueTenant('tail');
    const ingest = await api.issueKey({ tenant, scopes: ['ingest'] });
    const reader = await api.issueKey({ tenant, scopes: ['read'] });
    const get = async (query: string, key: string) => {
      const response = await fetch(`${api.url}/v1/events/tail${query}`, {
        headers: { authorization: `Bearer ${key}` },
      });
      return {
        status: response.status,
        body: (await response.json()) as { error: string; issues: { path: string; rule: string }[] },
      };
    };
    expect(await get('', ingest.key)).toMatchObject({
      status: 403,
      body: { error: 'forbidden', issues: [{ path: 'authorization', rule: 'needs scope read or admin' }] },
    });
    expect(await get(`?tenant=${uniqueTenant('x')}`, reader.key)).toMatchObject({
      status: 403,
      body: { error: 'forbidden', issues: [{ path: 'tenant' }] },
    });
    expect(await get('?type=comparison.recorded,nope.done', reader.key)).toMatchObject({
      status: 400,
      body: { error: 'validation', issues: [{ path: 'type' }] },
    });

    const refused = await runCli(['tail', '--tenant', tenant, '--api', api.url, '--key', ingest.key]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the api answered 403: this key lacks the scope this route needs: read or admin');
    expect(refused.stdout).toBe('');
  }, 60_000);
});
