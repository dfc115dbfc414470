import { runCli } from '@hindsight/test-support';

// README, CLI: 0 success, 1 failure, 2 bad input (validation or usage), 3 a dependency is unavailable.
describe('hindsight exit codes', () => {
  it('exits 3 naming PostgreSQL when the database cannot be reached, with the password redacted', async () => {
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    const run = await runCli(['keys', 'list', '--tenant', 'acme'], { DATABASE_URL: 'postgres://postgres:secret-pw@127.0.0.1:1/hindsight' });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^hindsight: PostgreSQL at postgres:\/\/postgres:\*+@127\.0\.0\.1:1\/hindsight cannot be reached: /m);
    expect(run.stderr).not.toContain('secret-pw');
  });

  it('exits 2 for a malformed configuration variable, naming it', async () => {
    const run = await runCli(['keys', 'list', '--tenant', 'acme'], { DATABASE_URL: 'mysql://nope' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('DATABASE_URL');
  });

  it('exits 2 for a usage error', async () => {
    expect((await runCli(['keys', 'create'])).code).toBe(2);
  });
});
