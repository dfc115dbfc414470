/** How the profile summaries (CPU and allocation) name a call frame's source: one home for both. */

/** The frame's file, from its package or the repository's `libs/`, `apps/`, `bench/`. */
export function shortUrl(url: string): string {
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length);
  const repo = url.search(/\/(libs|apps|bench)\//);
  if (repo >= 0) return url.slice(repo + 1);
  return url.replace(/^file:\/\//, '');
}

/** The package or project a frame's file belongs to, for the per-group table. */
export function groupOfUrl(url: string): string {
  if (!url) return '(native/V8 builtins)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const m = url.match(/\/((?:libs|apps|bench)\/[^/]+)\//);
  if (m) return m[1];
  if (url.startsWith('node:')) return 'node internals';
  return url;
}
