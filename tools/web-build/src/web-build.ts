import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { WIDGET_SOURCE_DIR } from '@hindsight/feedback-widget';
import { repoRoot } from '@hindsight/runtime';

/** The repository root (the same from tools/web-build/src and dist/tools/web-build/src). */
export const REPO_ROOT = repoRoot();
const SOURCE_DIR = join(REPO_ROOT, 'apps', 'web', 'src');
/** The feedback widget's browser sources: one classic script (an IIFE), served by the api at /widget/hindsight-feedback.js. */
const WIDGET_DIR = join(REPO_ROOT, WIDGET_SOURCE_DIR);

/** The pages: each is one entry bundled on its own, served at `/<name>` and `/<name>/*`. */
export const WEB_ENTRIES = ['annotate', 'console'] as const;
export type WebEntry = (typeof WEB_ENTRIES)[number];

/**
 * What `dist/web/manifest.json` holds: for each page its script and stylesheet
 * (file names under `assets/`, content-hashed, so they are cached for ever), and
 * the hash of the sources they were built from (a stale build is rebuilt).
 */
export interface WebManifest {
  readonly builtAt: string;
  readonly sourceHash: string;
  readonly entries: Readonly<Record<WebEntry, { readonly script: string; readonly style: string | null }>>;
  /** The feedback widget's script under `assets/` (libs/feedback-widget reads it from there). */
  readonly widget: { readonly script: string };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return sourceFiles(path);
      return /\.spec\.tsx?$/.test(name) ? [] : [path];
    });
}

/** A hash of every source file (pages and widget, name and content) and of the bundler and framework versions. */
export function webSourceHash(): string {
  const hash = createHash('sha256');
  for (const file of [...sourceFiles(SOURCE_DIR), ...sourceFiles(WIDGET_DIR)])
    hash.update(relative(REPO_ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  for (const pkg of ['esbuild', 'preact', '@observablehq/plot']) {
    const manifest = join(REPO_ROOT, 'node_modules', pkg, 'package.json');
    hash.update(
      `${pkg}@${existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version : 'missing'}\0`,
    );
  }
  return hash.digest('hex').slice(0, 16);
}

export function readWebManifest(distDir: string): WebManifest | undefined {
  const path = join(distDir, 'manifest.json');
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as WebManifest;
  } catch {
    return undefined;
  }
}

/**
 * Bundles each page with esbuild (Preact's JSX, minified, ES2020, content hashes
 * in the names) and the feedback widget (one minified ES2019 IIFE) into
 * `<distDir>/assets/`, then writes the manifest last, so a half-finished build is
 * never served.
 */
export async function buildWeb(distDir: string, say: (line: string) => void = () => undefined): Promise<WebManifest> {
  const started = Date.now();
  const assets = join(distDir, 'assets');
  const staging = join(distDir, `assets.${process.pid}.tmp`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  say(
    `web: bundling ${WEB_ENTRIES.join(', ')} and the feedback widget with esbuild into ${relative(REPO_ROOT, distDir) || distDir}/assets ...`,
  );
  // Loaded here, not at the top: the production install (npm ci --omit=dev) has no esbuild and only reads the manifest.
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: Object.fromEntries(WEB_ENTRIES.map((e) => [e, join(SOURCE_DIR, e, 'main.tsx')])),
    bundle: true,
    format: 'esm',
    splitting: false,
    minify: true,
    sourcemap: 'linked',
    target: ['es2020'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: join(REPO_ROOT, 'apps', 'web', 'tsconfig.json'),
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    outdir: staging,
    metafile: true,
    logLevel: 'silent',
    legalComments: 'linked',
  });
  const entries = {} as Record<WebEntry, { script: string; style: string | null }>;
  for (const [output, meta] of Object.entries(result.metafile.outputs)) {
    if (!meta.entryPoint) continue;
    const entry = WEB_ENTRIES.find((e) => meta.entryPoint === relative(REPO_ROOT, join(SOURCE_DIR, e, 'main.tsx')));
    if (!entry) continue;
    entries[entry] = { script: basename(output), style: meta.cssBundle ? basename(meta.cssBundle) : null };
  }
  const missing = WEB_ENTRIES.filter((e) => entries[e] === undefined);
  if (missing.length > 0) throw new Error(`buildWeb: esbuild produced no bundle for ${missing.join(', ')}`);
  const widgetCode = await bundleWidget();
  const widgetScript = `widget-${createHash('sha256').update(widgetCode).digest('hex').slice(0, 8)}.js`;
  writeFileSync(join(staging, widgetScript), widgetCode);
  rmSync(assets, { recursive: true, force: true });
  renameSync(staging, assets);
  const manifest: WebManifest = {
    builtAt: new Date().toISOString(),
    sourceHash: webSourceHash(),
    entries,
    widget: { script: widgetScript },
  };
  writeFileSync(join(distDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const bytes = readdirSync(assets).reduce((sum, f) => sum + statSync(join(assets, f)).size, 0);
  say(
    `web: built ${Object.values(entries)
      .map((e) => e.script)
      .join(', ')} (${Math.round(bytes / 1024)} KiB in assets/) in ${Date.now() - started} ms`,
  );
  return manifest;
}

/**
 * The feedback widget as one classic script: esbuild bundles its browser sources
 * into a minified ES2019 IIFE (it defines `window.Hindsight`; no module syntax).
 */
export async function bundleWidget(): Promise<string> {
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: [join(WIDGET_DIR, 'hindsight.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    minify: true,
    target: ['es2019'],
    tsconfig: join(WIDGET_DIR, 'tsconfig.json'),
    logLevel: 'silent',
    legalComments: 'none',
    charset: 'ascii',
  });
  return result.outputFiles[0].text;
}

/** Builds the pages when no build is there or its sources changed since; says which. */
export async function ensureWebBuild(
  distDir: string,
  say: (line: string) => void = () => undefined,
): Promise<WebManifest> {
  const current = readWebManifest(distDir);
  const hash = webSourceHash();
  const built = (script: string | undefined) => script !== undefined && existsSync(join(distDir, 'assets', script));
  if (
    current &&
    current.sourceHash === hash &&
    WEB_ENTRIES.every((e) => built(current.entries[e]?.script)) &&
    built(current.widget?.script)
  ) {
    return current;
  }
  say(current ? 'web: the sources changed since the last build; rebuilding' : 'web: no build yet; building');
  return buildWeb(distDir, say);
}
