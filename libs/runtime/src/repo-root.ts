import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/**
 * The repository (or image) root: the nearest folder above this file with a
 * package.json. The same answer from the sources (libs/runtime/src) and from the
 * compiled code (dist/libs/runtime/src), which sit at different depths.
 */
export function repoRoot(from: string = __dirname): string {
  if (cached !== undefined && from === __dirname) return cached;
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`repoRoot: no package.json above ${from}`);
    dir = parent;
  }
  if (from === __dirname) cached = dir;
  return dir;
}
