import { loadPlatformConfig } from '@hindsight/config';
import { createDataSource, runMigrations, IdempotencyRepository } from '@hindsight/store';
(async () => {
  const config = loadPlatformConfig({ ...process.env, DATABASE_SCHEMA: 'idem_probe' });
  const ds = createDataSource(config.database); await ds.initialize(); await runMigrations(ds, 'idem_probe');
  const repo: any = new (IdempotencyRepository as any)(ds, { leaseMs: 11000 });
  const N = 1000; const conc = 16;
  for (let round = 0; round < 2; round++) {
    const t0 = performance.now(); let i = 0;
    await Promise.all(Array.from({ length: conc }, async () => { while (i < N) { const k = `k${round}-${i++}-${Math.random()}`;
      if (repo.claim) { const c = await repo.claim('t', [{ key: k, requestHash: 'h' }]); await c.complete([{ key: k, response: { id: k } }]); }
      else await repo.withKeys('t', [k], async (s: any) => { await s.save([{ key: k, requestHash: 'h', response: { id: k } }]); });
    } }));
    console.log(repo.claim ? 'claim+complete' : 'withKeys', ((performance.now() - t0) / N).toFixed(3), 'ms/request (wall, 16 concurrent)');
  }
  await ds.query('DROP SCHEMA idem_probe CASCADE'); await ds.destroy();
})();
