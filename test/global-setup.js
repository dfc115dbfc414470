// Jest loads global setup outside its module system (no path aliases), so the
// TypeScript implementation is loaded through swc-node, as bin/ does.
process.env.SWC_NODE_PROJECT =
  process.env.SWC_NODE_PROJECT || require('node:path').join(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');
require('../tools/jest/paths').registerPathAliases();
module.exports = require('./run/test-run.ts').setUpTestRun;
