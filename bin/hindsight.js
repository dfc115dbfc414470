#!/usr/bin/env node
// The `hindsight` command (`npx hindsight ...` from the repository root): the compiled CLI (bin/run-compiled.js).
require('./run-compiled').runCompiled('apps/cli/src/main');
