#!/usr/bin/env node
// `npm run stack:up|stack:down|stack:status`: the local Kafka and, when none answers, PostgreSQL, compiled (bin/run-compiled.js).
require('./run-compiled').runCompiled('tools/stack/src/main');
