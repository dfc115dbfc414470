#!/usr/bin/env node
// `npm run demo`: compiled, as `npm start` (bin/run-compiled.js).
require('./run-compiled').runCompiled('tools/demo/src/main');
