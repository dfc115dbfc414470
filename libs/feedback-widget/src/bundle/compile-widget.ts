import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { minifySync, transformSync } from '@swc/core';

/** The compiled browser script and its validator. */
export interface WidgetBundle {
  readonly code: string;
  /** A strong ETag (quoted) derived from the code. */
  readonly etag: string;
}

export const WIDGET_SOURCE_DIR = join(__dirname, '..', 'browser');
const ENTRY = './hindsight';

/**
 * Compiles the widget's browser sources (libs/feedback-widget/src/browser) into
 * one ES2019 script: each file becomes CommonJS with swc, the files sit in a
 * ten-line module table inside an IIFE, and the whole is minified. A real
 * bundler would be a new dependency; the widget is a handful of files with
 * relative imports only, which this table resolves exactly.
 */
export function compileWidget(sourceDir: string = WIDGET_SOURCE_DIR): WidgetBundle {
  const files = readdirSync(sourceDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.includes('.spec.'));
  const table = files.map((file) => {
    const source = readFileSync(join(sourceDir, file), 'utf8');
    const { code } = transformSync(source, {
      filename: file,
      jsc: { parser: { syntax: 'typescript' }, target: 'es2019', transform: { useDefineForClassFields: false }, externalHelpers: false },
      module: { type: 'commonjs', importInterop: 'none', strict: true },
      sourceMaps: false,
      isModule: true,
    });
    assertRelativeImportsOnly(file, code);
    return `${JSON.stringify(`./${file.slice(0, -3)}`)}:function(exports,require){${code}\n}`;
  });
  const iife =
    `(function(){"use strict";var files={${table.join(',')}},done={};` +
    'function require(name){var m=done[name];if(!m){m=done[name]={};files[name](m,require)}return m}' +
    `require(${JSON.stringify(ENTRY)})})();`;
  const { code } = minifySync(iife, {
    compress: { passes: 2 },
    mangle: { toplevel: true },
    ecma: 2019,
    module: false,
    format: { comments: false, asciiOnly: true },
  });
  return { code, etag: `"${createHash('sha256').update(code).digest('base64url').slice(0, 27)}"` };
}

/** The module table knows only the widget's own files; anything else would fail in the browser, so fail here. */
function assertRelativeImportsOnly(file: string, code: string): void {
  for (const match of code.matchAll(/require\("([^"]*)"\)/g)) {
    if (!match[1].startsWith('./')) throw new Error(`compileWidget: ${file} imports "${match[1]}"; the browser widget may import only its own files`);
  }
}
