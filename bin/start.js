#!/usr/bin/env node
// `npm start`: builds what changed (bin/run-compiled.js; the browser bundles in start.ts), then starts the platform from dist/.
require('./run-compiled').runCompiled('tools/stack/src/start');
