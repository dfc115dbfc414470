import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The image is built nowhere in this suite (no Docker engine on the development
 * machine), so its Dockerfile is read as text: a multi-stage build whose last stage
 * runs the compiled code on the current Node LTS with production dependencies only.
 */
const root = join(__dirname, '../..');
const dockerfile = readFileSync(join(root, 'docker/Dockerfile'), 'utf8');
const entrypoint = readFileSync(join(root, 'docker/entrypoint.sh'), 'utf8');
const services = ['api', 'projector', 'scheduler', 'trainer'];

interface Stage {
  readonly image: string;
  readonly name: string;
  /** Instructions, continuation lines joined, comments dropped. */
  readonly instructions: readonly string[];
}

function stagesOf(text: string): Stage[] {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const stages: { image: string; name: string; instructions: string[] }[] = [];
  for (const line of lines) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?$/i.exec(line);
    if (from) stages.push({ image: from[1], name: from[2] ?? '', instructions: [] });
    else if (stages.length > 0) stages[stages.length - 1].instructions.push(line);
  }
  return stages;
}

const stages = stagesOf(dockerfile);
const final = stages[stages.length - 1];
const copies = final.instructions.filter((i) => /^COPY\s/i.test(i));
const stageRunning = (command: RegExp) =>
  stages.find((s) => s.instructions.some((i) => /^RUN\s/i.test(i) && command.test(i)));

describe('docker/Dockerfile', () => {
  it('has a build stage and a separate runtime stage, all on one even-numbered (LTS) Node line', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(final.name).toBe('runtime');
    const build = stageRunning(/\bnpm run build\b/);
    expect(build?.name).toBe('build');
    const majors = new Set(stages.map((s) => /^node:(\d+)[-.]/.exec(s.image)?.[1]));
    expect(majors.size).toBe(1);
    const major = Number([...majors][0]);
    // Node 26 entered LTS in October 2026; an odd line never becomes LTS.
    expect(major % 2).toBe(0);
    expect(major).toBeGreaterThanOrEqual(26);
  });

  it('copies into the runtime stage the compiled dist/, the production node_modules and package.json, and no sources', () => {
    const deps = stageRunning(/\bnpm ci\b.*--omit=dev/);
    expect(deps).toBeDefined();
    expect(deps?.name).not.toBe('runtime');
    expect(copies).toContainEqual(
      expect.stringMatching(new RegExp(`^COPY --from=${deps?.name} /app/node_modules \\./node_modules$`)),
    );
    expect(copies).toContainEqual('COPY --from=build /app/dist ./dist');
    for (const copy of copies) {
      const sources = copy
        .split(/\s+/)
        .slice(1, -1)
        .filter((a) => !a.startsWith('--'));
      for (const source of sources) {
        expect({
          copy,
          source,
          ok: /^(\/app\/)?(dist|node_modules|package\.json|docker\/entrypoint\.sh)$/.test(source),
        }).toEqual({ copy, source, ok: true });
      }
    }
    // No compiler in the image: nothing installs or runs it in the runtime stage.
    expect(final.instructions.filter((i) => /^RUN\s/i.test(i) && /\bnpm\b|\bnpx\b|swc|esbuild|tsc/.test(i))).toEqual(
      [],
    );
  });

  it('runs the compiled entry points: the entrypoint maps every service and the cli to dist/', () => {
    expect(final.instructions).toContain('ENTRYPOINT ["/app/docker/entrypoint.sh"]');
    expect(final.instructions).toContain('CMD ["api"]');
    expect(final.instructions.some((i) => /^ENV\s.*NODE_ENV=production/.test(i))).toBe(true);
    expect(entrypoint).toContain('exec node /app/dist/apps/cli/src/main.js "$@"');
    expect(entrypoint).toContain('exec node "/app/dist/apps/$1/src/main.js"');
    expect(entrypoint).toContain(`${services.join('|')})`);
    expect(entrypoint).not.toMatch(/\.ts\b|swc|\/app\/bin\//);
    // Each entry point that the image runs is one the build compiles.
    const buildTool = readFileSync(join(root, 'tools/build/build.js'), 'utf8');
    for (const app of [...services, 'cli']) {
      expect(existsSync(join(root, 'apps', app, 'src', 'main.ts'))).toBe(true);
      expect(buildTool).toContain(`'apps/${app}/src'`);
    }
  });

  it("gives the image's node processes the young generation issue #17's benchmarks measure with", () => {
    const env = final.instructions.find((i) => /^ENV\s.*NODE_OPTIONS=/.test(i));
    const flags = /NODE_OPTIONS=(\S+)/.exec(env ?? '')?.[1];
    expect(flags).toBe('--max-semi-space-size=64');
    const scripts = (
      JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    for (const bench of ['bench:ingest', 'bench:ingest-cpu', 'bench:projector', 'bench:replay'])
      expect([bench, scripts[bench].includes(`node ${flags} `)]).toEqual([bench, true]);
  });
});
