// Shared by bin/*.js: runs an entry point's compiled JavaScript from dist/.
// In a checkout (the build tool and swc are there) the changed sources are recompiled
// first, incrementally, so dist/ is never older than the sources; in an image or an
// `npm ci --omit=dev` install (no sources, no compiler) dist/ is run as it is.
'use strict';
const { existsSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');

function canBuild() {
  if (!existsSync(path.join(ROOT, 'tools/build/build.js'))) return false;
  try {
    require.resolve('@swc/core');
    return true;
  } catch {
    return false;
  }
}

/** `entry` is the source path without extension, e.g. 'apps/cli/src/main'. */
function runCompiled(entry) {
  const compiled = path.join(ROOT, 'dist', `${entry}.js`);
  if (canBuild()) {
    try {
      // A deleted dist/ file is not a changed source: verify the outputs when the entry point itself is gone.
      require('../tools/build/build.js').buildServer({ verify: !existsSync(compiled) });
    } catch (error) {
      process.stderr.write(`hindsight: the build failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    }
  }
  if (!existsSync(compiled)) {
    process.stderr.write(
      `hindsight: ${path.relative(ROOT, compiled)} is missing: run \`npm run build\` (it needs the dev dependencies)\n`,
    );
    process.exit(1);
  }
  require(compiled);
}

module.exports = { runCompiled };
