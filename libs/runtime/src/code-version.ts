import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './repo-root';

let cached: string | undefined;

/** The package version (package.json) and the git commit of a checkout, empty when not known. */
export function codeVersionParts(): { readonly version: string; readonly commit: string } {
  const root = repoRoot();
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  let commit = '';
  try {
    commit = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    // Not a git checkout (an image without .git): the package version alone names the code.
  }
  return { version, commit };
}

/**
 * The code version written into manifests and model registry entries: the
 * package version plus the git commit when the code runs from a checkout
 * (HINDSIGHT_CODE_VERSION overrides both, e.g. in a container image).
 */
export function codeVersion(): string {
  if (cached !== undefined) return cached;
  const fromEnv = process.env.HINDSIGHT_CODE_VERSION;
  if (fromEnv) return (cached = fromEnv);
  const { version, commit } = codeVersionParts();
  return (cached = commit ? `${version}+${commit}` : version);
}
