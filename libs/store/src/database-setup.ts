import { Client } from 'pg';
import { UnavailableError } from '@hindsight/contracts';
import { redactPassword } from './postgres-probe';

/**
 * Creates the database named in `url` when it does not exist yet; returns whether it did.
 * @throws UnavailableError('postgres') when the server cannot be reached or refuses the connection.
 */
export async function ensureDatabase(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new Client({ connectionString: maintenance.toString(), connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new UnavailableError(
      'postgres',
      `PostgreSQL at ${redactPassword(url)} cannot be reached: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount && found.rowCount > 0) return false;
    try {
      await client.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
    } catch (error) {
      // Two processes starting at once may both try; the loser sees duplicate_database (42P04).
      if ((error as { code?: string }).code !== '42P04') throw error;
      return false;
    }
    return true;
  } finally {
    await client.end();
  }
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
