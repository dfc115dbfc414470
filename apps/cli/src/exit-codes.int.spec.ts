import { runCli } from '@hindsight/test-support';

// README, CLI: 0 success, 1 failure, 2 bad input (validation or usage), 3 a dependency is unavailable.
describe('hindsight exit codes', () => {
  it('exits 3 naming PostgreSQL when the database cannot be reached, with the password redacted', async () => {
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    const run = await runCli(['keys', 'list', '--tenant', 'acme'], {
      DATABASE_URL: 'postgres://postgres:secret-pw@127.0.0.1:1/hindsight',
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /^hindsight: PostgreSQL at postgres:\/\/postgres:\*+@127\.0\.0\.1:1\/hindsight cannot be reached: /m,
    );
    expect(run.stderr).not.toContain('secret-pw');
  });

  it('exits 2 for a malformed configuration variable, naming it', async () => {
    const run = await runCli(['keys', 'list', '--tenant', 'acme'], { DATABASE_URL: 'mysql://nope' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('DATABASE_URL');
  });

  // Each of these once reached PostgreSQL (or Kafka) and failed there with exit 1 and a raw database message.
  it.each([
    [
      'a rate limit beyond a PostgreSQL integer',
      ['keys', 'create', '--tenant', 'acme', '--scopes', 'ingest', '--rate-limit', '3000000000'],
      'rateLimitPerMinute',
    ],
    ['a dead-letter id that is not a number', ['dlq', 'replay', '--id', 'abc'], '--id'],
    [
      'a policy for a tenant that is not a slug',
      [
        'policy',
        'create',
        '--tenant',
        'Acme Corp',
        '--name',
        'q',
        '--cadence',
        'quarterly',
        '--objectives',
        'helpfulness',
        '--recipe',
        'default@1',
      ],
      'tenant',
    ],
    [
      'a minimum beyond a PostgreSQL integer',
      [
        'policy',
        'create',
        '--tenant',
        'acme',
        '--name',
        'q',
        '--cadence',
        'quarterly',
        '--objectives',
        'helpfulness',
        '--recipe',
        'default@1',
        '--min-new-comparisons',
        '3000000000',
      ],
      'minNewComparisons',
    ],
    ['a replay from "1" (Date.parse reads it as 2001)', ['replay', '--from-time', '1'], '--from-time'],
    [
      'an import whose rejects file cannot be written (checked before anything is sent)',
      [
        'import',
        'tools/demo/package.json',
        '--mapping',
        'x.yaml',
        '--api',
        'http://127.0.0.1:1',
        '--key',
        'hsk_x',
        '--rejects-out',
        '/no/such/dir/rejects.jsonl',
      ],
      '--rejects-out',
    ],
    [
      'a build as of 30 February',
      ['dataset', 'build', '--tenant', 'acme', '--as-of', '2026-02-30T00:00:00Z', '--out', '/tmp/never-written'],
      '--as-of',
    ],
  ])('exits 2 naming the field for %s', async (_what, args, field) => {
    const run = await runCli(args);
    expect({ code: run.code, names: run.stderr.includes(field) }).toEqual({ code: 2, names: true });
  });

  it('exits 2 for a usage error', async () => {
    expect((await runCli(['keys', 'create'])).code).toBe(2);
  });
});
