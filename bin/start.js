#!/usr/bin/env node
// `npm start`: runs the TypeScript sources directly through swc (decorator metadata included).
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || require('node:path').join(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');
require('../tools/stack/src/start.ts');
