#!/usr/bin/env node
// `npm run demo`: runs the TypeScript sources directly through swc (decorator metadata included), as `npm start` does.
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || require('node:path').join(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');
require('../tools/demo/src/main.ts');
