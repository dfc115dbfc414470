import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The bundled browser script and its validator. */
export interface WidgetBundle {
  readonly code: string;
  /** A strong ETag (quoted) derived from the code. */
  readonly etag: string;
}

/**
 * The widget's browser sources (repository-relative). `npm run build` bundles
 * them with esbuild (tools/web-build) into one minified ES2019 script in the web
 * build's `assets/`, named in its `manifest.json` under `widget.script`.
 */
export const WIDGET_SOURCE_DIR = 'libs/feedback-widget/src/browser';

/**
 * Reads the bundled widget from a web build (WEB_DIST_DIR); undefined when the
 * build is missing or has no widget (the api then answers 503 and says to build).
 */
export function readWidgetBundle(distDir: string): WidgetBundle | undefined {
  const manifestPath = join(distDir, 'manifest.json');
  if (!existsSync(manifestPath)) return undefined;
  let script: unknown;
  try {
    script = (JSON.parse(readFileSync(manifestPath, 'utf8')) as { widget?: { script?: unknown } }).widget?.script;
  } catch {
    return undefined;
  }
  if (typeof script !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]*\.js$/.test(script)) return undefined;
  const path = join(distDir, 'assets', script);
  if (!existsSync(path)) return undefined;
  const code = readFileSync(path, 'utf8');
  return { code, etag: `"${createHash('sha256').update(code).digest('base64url').slice(0, 27)}"` };
}
