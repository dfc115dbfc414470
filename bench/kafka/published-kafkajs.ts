import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';

/** The patch patch-package applies to kafkajs on `npm install` (the root package's postinstall). */
export const KAFKAJS_PATCH_FILE = join(__dirname, '../../patches/kafkajs+2.2.4.patch');

/** Every patched file says so in a comment naming the patch; a published file never does. */
const PATCH_MARK = 'Patched (patches/kafkajs+2.2.4.patch)';

/** Why a published copy of kafkajs could not be made: the step that failed and what it said. */
export class PublishedKafkajsError extends Error {
  constructor(
    readonly step: 'version' | 'reverse-apply' | 'check',
    readonly reason: string,
  ) {
    super(`kafkajs as published could not be rebuilt (${step}): ${reason}`);
    this.name = 'PublishedKafkajsError';
  }
}

/** The files a patch-package diff changes, as paths inside the package (`src/…`). */
export function patchedFiles(patch: string): string[] {
  return [...patch.matchAll(/^diff --git a\/node_modules\/kafkajs\/(\S+) /gm)].map((m) => m[1]);
}

/**
 * A copy of the installed (patched) kafkajs in a new folder under the OS's temp folder, with `patchFile` applied in
 * reverse: kafkajs 2.2.4 as published, without the network. Returns the copy's package folder and a clean-up.
 * Each copy requires its own files relatively, so `require(join(root, 'src/…'))` loads that copy's code only.
 * @throws PublishedKafkajsError when the installed kafkajs is not 2.2.4, when the patch does not reverse exactly
 *   (no fuzz: the patch or the installed files changed), or when a reversed file still holds a patched line.
 */
export function publishedKafkajs(
  installedRoot = dirname(require.resolve('kafkajs/package.json')),
  patchFile = KAFKAJS_PATCH_FILE,
): { readonly root: string; readonly remove: () => void } {
  const version = (JSON.parse(readFileSync(join(installedRoot, 'package.json'), 'utf8')) as { version: string })
    .version;
  if (version !== '2.2.4')
    throw new PublishedKafkajsError('version', `${installedRoot} is kafkajs ${version}, the patch is for 2.2.4`);
  const folder = mkdtempSync(join(tmpdir(), 'hindsight-kafkajs-published-'));
  const root = join(folder, 'kafkajs');
  const remove = () => rmSync(folder, { recursive: true, force: true });
  try {
    cpSync(installedRoot, root, { recursive: true });
    // -p3 strips `a/node_modules/kafkajs/`; -F0: a hunk applies exactly or not at all; rejects are not written;
    // --force, not --batch: --batch would take a patch that applies forward for a reversed one and apply it.
    const reversed = spawnSync(
      'patch',
      ['--force', '-R', '-p3', '-F0', '--no-backup-if-mismatch', '--reject-file=-', '-d', root, '-i', patchFile],
      { encoding: 'utf8' },
    );
    if (reversed.error !== undefined || reversed.status !== 0)
      throw new PublishedKafkajsError(
        'reverse-apply',
        `\`patch -R -p3 -i ${patchFile}\` in ${root} failed (${reversed.error?.message ?? `exit ${reversed.status}`}): ` +
          `${`${reversed.stdout}${reversed.stderr}`.trim()} — is the installed kafkajs the patched one (npm install), ` +
          'and was the patch changed without reinstalling?',
      );
    const files = patchedFiles(readFileSync(patchFile, 'utf8'));
    if (files.length === 0) throw new PublishedKafkajsError('check', `${patchFile} names no kafkajs file`);
    for (const file of files)
      if (readFileSync(join(root, file), 'utf8').includes(PATCH_MARK))
        throw new PublishedKafkajsError('check', `${file} still holds a patched line after reversing ${patchFile}`);
    return { root, remove };
  } catch (error) {
    remove();
    throw error;
  }
}
