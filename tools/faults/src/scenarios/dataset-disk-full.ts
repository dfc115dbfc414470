import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FaultContext, FaultScenario, ScenarioCheck, ScenarioOutcome } from '../scenario';
import { startProcPlatform } from '../harness/proc-platform';
import { accountEvents, seedThroughApi, simulatedComparisons, sleep, waitUntil } from '../harness/proc-seed';

interface BuildAnswer {
  readonly id: string;
  readonly status: 'building' | 'built' | 'failed';
  readonly directory: string;
  readonly manifest: { sha256?: string; files?: { bytes: number }[] } | null;
  readonly error: string | null;
}

/** Bytes a folder's files take (not recursive: a build folder is flat). */
function folderBytes(dir: string): number {
  return existsSync(dir) ? readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0) : 0;
}

/**
 * Dataset builds requested over HTTP (`POST /v1/datasets`) into a DATASETS_DIR
 * that is a small tmpfs of the scenario's own (`mount -t tmpfs -o size=…`, so it
 * needs root): a clean build gives the reference hash; the filesystem is then
 * filled with a ballast file to a third of what the build needs, and the same
 * build must fail with a reason naming the disk, never be reported built; with
 * the ballast removed, the build succeeds again with the clean build's hash.
 */
export const datasetDiskFullScenario: FaultScenario = {
  name: 'dataset-disk-full',
  summary:
    'dataset build into a full DATASETS_DIR (tmpfs): fails naming the disk, never reported built; after space is freed the rebuild has the clean hash',
  quick: true,
  run: async (context: FaultContext): Promise<ScenarioOutcome> => {
    const disk = join(context.workDir, 'small-disk');
    mkdirSync(disk, { recursive: true });
    const sizeMb = context.quick ? 4 : 16;
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', disk], { stdio: 'pipe' });
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      return {
        scenario: 'dataset-disk-full',
        requests: 0,
        accepted: 0,
        refused: 0,
        lost: 0,
        duplicated: 0,
        recoverySeconds: null,
        checks: [
          {
            name: 'a small filesystem for DATASETS_DIR',
            ok: false,
            detail: `mount -t tmpfs needs root here: ${reason}`,
          },
        ],
      };
    }
    const platform = await startProcPlatform(context.workDir, context.say, { DATASETS_DIR: disk }).catch(
      async (error: unknown) => {
        execFileSync('umount', [disk]);
        throw error;
      },
    );
    try {
      const [api] = await Promise.all([platform.start('api', 'api'), platform.start('projector', 'projector')]);
      const tenant = `disk-full-${randomBytes(3).toString('hex')}`;
      const comparisons = context.quick ? 1500 : 6000;
      context.say(`sending ${comparisons} comparisons through the api; DATASETS_DIR is a ${sizeMb} MiB tmpfs`);
      const seeded = await seedThroughApi(
        platform,
        api.url,
        tenant,
        simulatedComparisons(comparisons, context.seed, `df-${tenant}`),
      );
      const key = await platform.issueKey(tenant, ['read']);
      const asOf = new Date().toISOString();
      const statuses: Record<string, string[]> = {};
      const build = async (): Promise<BuildAnswer> => {
        const posted = await fetch(`${api.url}/v1/datasets`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body: JSON.stringify({ asOf }),
        });
        if (posted.status !== 202)
          throw new Error(`POST /v1/datasets answered ${posted.status}: ${await posted.text()}`);
        const { id } = (await posted.json()) as { id: string };
        statuses[id] = [];
        return waitUntil(
          async () => {
            const answer = (await (
              await fetch(`${api.url}/v1/datasets/${id}`, { headers: { authorization: `Bearer ${key}` } })
            ).json()) as BuildAnswer;
            statuses[id].push(answer.status);
            return answer;
          },
          (a) => a.status !== 'building',
          180_000,
          `dataset build ${id}`,
          20,
        );
      };

      const clean = await build();
      const needed = folderBytes(clean.directory);
      context.say(`clean build ${clean.status}: ${needed} bytes, sha256 ${clean.manifest?.sha256}`);
      rmSync(clean.directory, { recursive: true, force: true });

      // Leave a third of what the build needs (tmpfs counts whole pages: 4 KiB each).
      const free = () => statfsSync(disk).bavail * statfsSync(disk).bsize;
      const ballast = join(disk, 'ballast');
      const leave = Math.max(8192, Math.floor(needed / 3));
      writeFileSync(ballast, Buffer.alloc(Math.max(0, free() - leave)));
      context.say(`filled the disk: ${free()} bytes free for a build of ${needed}`);
      const full = await build();
      context.say(`build on the full disk ${full.status}: ${full.error}`);
      const leftManifest = existsSync(join(full.directory, 'manifest.json'));
      const leftBytes = folderBytes(full.directory);

      rmSync(ballast);
      const freedAt = Date.now();
      const again = await build();
      const recoverySeconds = (Date.now() - freedAt) / 1000;
      context.say(`rebuild after freeing space ${again.status}: sha256 ${again.manifest?.sha256}`);
      await sleep(0);

      const neverBuilt = statuses[full.id].every((s) => s !== 'built');
      const checks: ScenarioCheck[] = [
        {
          name: 'clean build',
          ok: clean.status === 'built' && typeof clean.manifest?.sha256 === 'string' && needed > leave,
          detail: `${clean.status}, ${needed} bytes`,
        },
        {
          name: 'full disk: build failed',
          ok: full.status === 'failed' && full.manifest === null,
          detail: `status ${full.status}, polled ${statuses[full.id].length}× (${[...new Set(statuses[full.id])].join('→')})`,
        },
        {
          name: 'full disk: reason names the disk',
          ok: /no space left on device/i.test(full.error ?? '') && (full.error ?? '').includes(disk),
          detail: full.error ?? 'no error recorded',
        },
        {
          name: 'full disk: never reported built',
          ok: neverBuilt && !leftManifest,
          detail: `statuses seen ${[...new Set(statuses[full.id])].join(', ')}${leftManifest ? '; a manifest.json was left' : ''}`,
        },
        // Partial files of a failed build would keep the disk full for the next one.
        {
          name: 'full disk: partial files removed',
          ok: leftBytes === 0,
          detail: `${leftBytes} bytes left in the failed build's folder`,
        },
        {
          name: 'rebuild after freeing space equals the clean build',
          ok: again.status === 'built' && again.manifest?.sha256 === clean.manifest?.sha256,
          detail: `${again.status}, sha256 ${again.manifest?.sha256 === clean.manifest?.sha256 ? 'equal' : `${again.manifest?.sha256} ≠ ${clean.manifest?.sha256}`}`,
        },
        {
          name: 'api still ready',
          ok: (await fetch(`${api.url}/ready`)).status === 200,
          detail: 'GET /ready after the full disk',
        },
      ];
      const accounting = await accountEvents(platform, seeded.ids);
      return {
        scenario: 'dataset-disk-full',
        requests: seeded.sent,
        accepted: seeded.accepted,
        refused: seeded.sent - seeded.accepted,
        lost: accounting.lost,
        duplicated: accounting.duplicated,
        recoverySeconds,
        checks,
      };
    } finally {
      await platform.close();
      try {
        execFileSync('umount', [disk], { stdio: 'pipe' });
      } catch {
        execFileSync('umount', ['-l', disk], { stdio: 'pipe' });
      }
    }
  },
};
