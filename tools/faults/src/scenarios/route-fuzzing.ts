import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { FaultScenario } from '../scenario';
import { freePort, KafkaCluster, startPrivatePostgres, Teardown } from '../harness';

const FUZZ_SPEC = 'apps/api/src/http/route-fuzzing.int.spec.ts';
/** Cases per route: `npm test` runs 40. */
const RUNS = { quick: 100, full: 1000 } as const;

/**
 * The route-fuzzing spec of `npm test` with a larger budget, both properties
 * (fetch and raw HTTP), against a private broker and PostgreSQL: never a 5xx,
 * never a 202 for an invalid event, a 4xx publishes nothing.
 */
export const routeFuzzing: FaultScenario = {
  name: 'route-fuzzing',
  summary: `every route of the OpenAPI document fuzzed with fast-check, ${RUNS.quick} cases per route (full ${RUNS.full}), raw HTTP included: no 5xx, no 202 for an invalid event, a 4xx publishes nothing`,
  quick: true,
  async run(context) {
    const { quick, say, seed, workDir } = context;
    const runs = quick ? RUNS.quick : RUNS.full;
    const teardown = new Teardown();
    try {
      const postgres = startPrivatePostgres(await freePort());
      teardown.add('postgres', () => postgres.destroy());
      const kafka = await KafkaCluster.create(workDir, 1);
      teardown.add('kafka', () => kafka.stop());
      await kafka.start();
      say(
        `private PostgreSQL at ${postgres.url}, private Kafka at ${kafka.brokers}; ${runs} cases per route, FUZZ_SEED=${seed}`,
      );
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        KAFKA_BROKERS: kafka.brokers,
        DATABASE_URL: postgres.url,
        FUZZ_RUNS: String(runs),
        FUZZ_SEED: String(seed),
        FUZZ_RAW: '1',
        FUZZ_TIMINGS: '1',
      };
      delete env.HINDSIGHT_TEST_RUN;
      const started = Date.now();
      const { code, output } = await runJest(env, say);
      const tests = /Tests:\s+(.*)/.exec(output)?.[1] ?? 'no jest summary';
      const failure = code === 0 ? '' : (/●[\s\S]{0,1500}/.exec(output)?.[0] ?? output.slice(-1500));
      say(`jest exited ${code} after ${((Date.now() - started) / 1000).toFixed(0)} s: ${tests}`);
      return {
        scenario: this.name,
        requests: 0,
        accepted: 0,
        refused: 0,
        lost: 0,
        duplicated: 0,
        recoverySeconds: null,
        checks: [
          {
            name: `the fuzzing properties hold (replay: FUZZ_SEED=${seed} FUZZ_RUNS=${runs} FUZZ_RAW=1 npx jest ${FUZZ_SPEC})`,
            ok: code === 0,
            detail: code === 0 ? tests : `${tests}\n${failure}`,
          },
        ],
      };
    } finally {
      await teardown.run(say);
    }
  },
};

function runJest(env: NodeJS.ProcessEnv, say: (line: string) => void): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join('node_modules', 'jest', 'bin', 'jest.js'), FUZZ_SPEC, '--runInBand'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const take = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      for (const line of text.split('\n')) if (/route fuzzing:|✓|✕/.test(line)) say(line.trim());
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code: code ?? 1, output }));
  });
}
