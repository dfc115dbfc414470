// The server build: compiles the TypeScript of the services, the CLI and the local
// tools to CommonJS in dist/ with swc (decorator metadata included; the tsconfig path
// aliases rewritten to relative requires, so dist/ runs on plain Node), one file per
// source, only the files whose source is newer than their output.
//
//   node tools/build/build.js          compile (incremental) and bundle the browser code
//   node tools/build/build.js --server compile only
//
// bin/*.js call `buildServer()` before they run dist/, so an edited source is
// recompiled (a few ms per file) instead of the whole tree being transpiled at every start.
'use strict';
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const DIST = path.join(ROOT, 'dist');
const MANIFEST = path.join(DIST, 'build.json');
/** What is compiled: the services, the CLI, the libs and the tools `npm start`, `npm run demo` and `npm run build` run. */
const SOURCE_ROOTS = [
  'apps/api/src',
  'apps/cli/src',
  'apps/projector/src',
  'apps/scheduler/src',
  'apps/trainer/src',
  'libs',
  'tools/stack/src',
  'tools/web-build/src',
  'tools/demo/src',
];
/** Browser code is bundled by esbuild (tools/web-build), not compiled for Node. */
const SKIPPED_DIRS = new Set(['node_modules', 'browser', 'dist']);

function isSource(name) {
  return name.endsWith('.ts') && !name.endsWith('.d.ts') && !/\.spec\.ts$/.test(name);
}

/** Every source file (repository-relative, '/'-separated), sorted. */
function sourceFiles() {
  const files = [];
  const walk = (rel) => {
    for (const entry of fs.readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(child);
      } else if (isSource(entry.name)) files.push(child);
    }
  };
  for (const root of SOURCE_ROOTS) if (fs.existsSync(path.join(ROOT, root))) walk(root);
  return files.sort();
}

const outputOf = (source) => path.join(DIST, source.replace(/\.ts$/, '.js'));

function swcOptions(paths) {
  return {
    swcrc: false,
    configFile: false,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
      baseUrl: ROOT,
      paths,
    },
    module: { type: 'commonjs', lazy: true },
    sourceMaps: true,
  };
}

/** Changes of the compiler or the aliases invalidate every output. */
function settingsHash() {
  const tsconfig = fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8');
  const swc = require('@swc/core/package.json').version;
  return createHash('sha256')
    .update(tsconfig)
    .update('\0')
    .update(swc)
    .update('\0')
    .update(fs.readFileSync(__filename))
    .digest('hex')
    .slice(0, 16);
}

function readManifest() {
  try {
    return JSON.parse(fs.readFileSync(MANIFEST, 'utf8'));
  } catch {
    return undefined;
  }
}

function writeAtomically(file, content) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const staging = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(staging, content);
  fs.renameSync(staging, file);
}

/**
 * Compiles the sources that are new or were modified since the last build started (with
 * `verify`, also those whose output is missing); removes
 * the outputs of deleted sources. Synchronous, so bin/ can call it before require.
 * @returns how many files were compiled and removed.
 */
function buildServer({ force = false, verify = false, say = () => undefined } = {}) {
  const started = Date.now();
  const settings = settingsHash();
  const previous = readManifest();
  const rebuildAll = force || !previous || previous.settings !== settings;
  const files = sourceFiles();
  // One stat per source: compiled before if it is in the last build's list and not modified since that build started.
  const known = new Set(rebuildAll ? [] : previous.files);
  // `verify` (npm run build) also recompiles a source whose output was deleted: one more stat per file.
  const stale = files.filter(
    (source) =>
      !known.has(source) ||
      fs.statSync(path.join(ROOT, source)).mtimeMs >= previous.startedAtMs ||
      (verify && !fs.existsSync(outputOf(source))),
  );
  const current = new Set(files);
  const removed = (previous?.files ?? []).filter((f) => !current.has(f));
  if (stale.length === 0 && removed.length === 0 && !rebuildAll) return { compiled: 0, removed: 0 };
  const swc = require('@swc/core');
  const options = swcOptions(
    JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')).compilerOptions.paths,
  );
  for (const source of stale) {
    const out = outputOf(source);
    const { code, map } = swc.transformFileSync(path.join(ROOT, source), {
      ...options,
      filename: path.join(ROOT, source),
      outputPath: out,
    });
    writeAtomically(`${out}.map`, map);
    writeAtomically(out, `${code}\n//# sourceMappingURL=${path.basename(out)}.map\n`);
  }
  for (const source of removed) {
    fs.rmSync(outputOf(source), { force: true });
    fs.rmSync(`${outputOf(source)}.map`, { force: true });
  }
  writeAtomically(
    MANIFEST,
    `${JSON.stringify({ settings, builtAt: new Date(started).toISOString(), startedAtMs: started, files }, null, 2)}\n`,
  );
  say(
    `build: compiled ${stale.length} of ${files.length} files into dist/ in ${Date.now() - started} ms${removed.length ? ` (removed ${removed.length})` : ''}`,
  );
  return { compiled: stale.length, removed: removed.length };
}

module.exports = { buildServer, sourceFiles, DIST, ROOT, SOURCE_ROOTS };

if (require.main === module) {
  const say = (line) => process.stdout.write(`${line}\n`);
  try {
    buildServer({ force: process.argv.includes('--force'), verify: true, say });
  } catch (error) {
    process.stderr.write(`build failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  if (!process.argv.includes('--server')) {
    // The browser bundles (pages and feedback widget) with esbuild, from the compiled web-build tool.
    require(path.join(DIST, 'tools/web-build/src/main.js'));
  }
}
