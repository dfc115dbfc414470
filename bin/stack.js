#!/usr/bin/env node
// `npm run stack:up|stack:down|stack:status`: the local Kafka and, when none answers, PostgreSQL.
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || require('node:path').join(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');
require('../tools/stack/src/main.ts');
