import { Pool } from 'pg';
(async () => {
  const pool = new Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/hindsight', max: 16 });
  await pool.query('DROP SCHEMA IF EXISTS idem2 CASCADE; CREATE SCHEMA idem2');
  await pool.query(`CREATE TABLE idem2.r (tenant text NOT NULL, key text NOT NULL, request_hash text NOT NULL, response jsonb, created_at timestamptz NOT NULL DEFAULT now(), claim_id uuid, claimed_at timestamptz, PRIMARY KEY (tenant, key)); CREATE INDEX ON idem2.r (created_at)`);
  const N = 1500, conc = 16;
  const variants: Record<string, (k: string) => Promise<void>> = {
    'unnest insert + unnest update': async (k) => {
      await pool.query(`INSERT INTO idem2.r (tenant, key, request_hash, claim_id, claimed_at) SELECT $1, k, h, gen_random_uuid(), now() FROM unnest($2::text[], $3::text[]) AS u(k, h) ON CONFLICT DO NOTHING RETURNING key`, ['t', [k], ['h']]);
      await pool.query(`UPDATE idem2.r r SET response = u.resp, created_at = now() FROM unnest($2::text[], $3::jsonb[]) AS u(k, resp) WHERE r.tenant = $1 AND r.key = u.k AND r.response IS NULL RETURNING r.key`, ['t', [k], [JSON.stringify({ id: k })]]);
    },
    'insert only (one statement)': async (k) => {
      await pool.query(`INSERT INTO idem2.r (tenant, key, request_hash, response) SELECT $1, k, h, '{}' FROM unnest($2::text[], $3::text[]) AS u(k, h) ON CONFLICT DO NOTHING RETURNING key`, ['t', [k], ['h']]);
    },
    'tx: lock+select+insert': async (k) => {
      const c = await pool.connect();
      try { await c.query('BEGIN'); await c.query('SELECT pg_advisory_xact_lock(hashtextextended($1 || k, 0)) FROM unnest($2::text[]) k', ['t', [k]]); await c.query('SELECT key FROM idem2.r WHERE tenant = $1 AND key = ANY($2::text[])', ['t', [k]]);
        await c.query(`INSERT INTO idem2.r (tenant, key, request_hash, response) SELECT $1, k, 'h', '{}' FROM unnest($2::text[]) k`, ['t', [k]]); await c.query('COMMIT'); } finally { c.release(); }
    },
    'unnest insert + update, async commit': async (k) => {
      await pool.query(`INSERT INTO idem2.r (tenant, key, request_hash, claim_id, claimed_at) SELECT $1, k, h, gen_random_uuid(), now() FROM unnest($2::text[], $3::text[]) AS u(k, h) ON CONFLICT DO NOTHING RETURNING key`, ['t', [k], ['h']]);
      await pool.query(`UPDATE idem2.r r SET response = u.resp, created_at = now() FROM unnest($2::text[], $3::jsonb[]) AS u(k, resp) WHERE r.tenant = $1 AND r.key = u.k AND r.response IS NULL RETURNING r.key`, ['t', [k], [JSON.stringify({ id: k })]]);
    },
  };
  for (let round = 0; round < 2; round++) for (const [name, f] of Object.entries(variants)) {
    if (name.includes('async')) await Promise.all(Array.from({ length: 16 }, () => pool.query('SET synchronous_commit = off')));
    let i = 0; const t0 = performance.now();
    await Promise.all(Array.from({ length: conc }, async () => { while (i < N) await f(`k${round}-${name}-${i++}`); }));
    console.log(name.padEnd(40), ((performance.now() - t0) / N).toFixed(3), 'ms/request');
    if (name.includes('async')) await Promise.all(Array.from({ length: 16 }, () => pool.query('SET synchronous_commit = on')));
  }
  await pool.query('DROP SCHEMA idem2 CASCADE'); await pool.end();
})();
