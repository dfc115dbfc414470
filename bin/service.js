#!/usr/bin/env node
// Starts one service by name: `node bin/service.js api|projector|scheduler|trainer` (the container's command), compiled (bin/run-compiled.js).
const services = ['api', 'projector', 'scheduler', 'trainer'];
const name = process.argv[2];
if (!services.includes(name)) {
  process.stderr.write(`usage: node bin/service.js ${services.join('|')} (got "${name ?? ''}")\n`);
  process.exit(2);
}
require('./run-compiled').runCompiled(`apps/${name}/src/main`);
