import { Client } from 'pg';

export interface PostgresProbeResult {
  readonly up: boolean;
  readonly detail: string;
}

/** Connects and runs `SELECT 1` within `timeoutMs`; never throws. */
export async function probePostgres(url: string, timeoutMs = 3000): Promise<PostgresProbeResult> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { up: true, detail: 'SELECT 1 answered' };
  } catch (error) {
    return { up: false, detail: error instanceof Error ? error.message : String(error) };
  } finally {
    // A probe that failed to connect has nothing to close; its answer is already decided.
    await client.end().catch(() => undefined);
  }
}

/** What to tell a person when no PostgreSQL answers. */
export function postgresMissingAdvice(url: string, detail: string): string {
  return [
    `PostgreSQL does not answer at ${redactPassword(url)} (${detail}).`,
    'Hindsight needs PostgreSQL 14 or newer. Either:',
    '  - start a local server (Debian/Ubuntu: apt-get install postgresql && pg_ctlcluster 15 main start), or',
    '  - with Docker: docker compose -f docker/compose.yml up -d postgres, or',
    '  - point DATABASE_URL at an existing server (postgres://user:password@host:5432/hindsight).',
  ].join('\n');
}

export function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}
