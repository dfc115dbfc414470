import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';

/** `npm run build`'s server half (tools/build/build.js), run as bin/ runs it: the real tree, the real dist/. */
const root = join(__dirname, '../..');
const buildServer = () => {
  const run = spawnSync(process.execPath, [join(root, 'tools/build/build.js'), '--server'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`build failed: ${run.stderr}`);
  return run.stdout;
};
const jsFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? jsFiles(path) : name.endsWith('.js') ? [path] : [];
  });

describe('tools/build: the incremental swc build into dist/', () => {
  beforeAll(() => {
    buildServer();
  });

  it('rewrites every @hindsight/* alias to a relative require, so dist/ runs on plain Node', () => {
    const files = jsFiles(join(root, 'dist/apps')).concat(jsFiles(join(root, 'dist/libs')));
    expect(files.length).toBeGreaterThan(300);
    const aliased = files.filter((file) => /require\("@hindsight\//.test(readFileSync(file, 'utf8')));
    expect(aliased).toEqual([]);
    const run = spawnSync(
      process.execPath,
      [
        join(root, 'dist/apps/cli/src/main.js'),
        'policy',
        'next',
        '--cron',
        'quarterly',
        '--from',
        '2026-12-06T00:00:00Z',
        '--count',
        '1',
      ],
      { cwd: root, encoding: 'utf8' },
    );
    expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 0, stdout: '2027-01-01T00:00:00.000Z\n' });
  });

  it('compiles nothing when nothing changed, and only a touched source when one did', () => {
    expect(buildServer()).toBe('');
    const source = join(root, 'libs/config/src/index.ts');
    const now = new Date();
    utimesSync(source, now, now);
    expect(buildServer()).toMatch(/^build: compiled 1 of \d+ files into dist\//);
    expect(statSync(join(root, 'dist/libs/config/src/index.js')).mtimeMs).toBeGreaterThanOrEqual(now.getTime() - 1000);
    expect(buildServer()).toBe('');
  });
});
