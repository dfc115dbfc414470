// Maps the tsconfig path aliases (@hindsight/*) for jest, so the aliases live in one place.
const path = require('node:path');
const tsconfig = require('../../tsconfig.json');

function pathsToModuleNameMapper() {
  const root = path.resolve(__dirname, '../..');
  const mapper = {};
  for (const [alias, targets] of Object.entries(tsconfig.compilerOptions.paths)) {
    mapper[`^${alias.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`] = path.join(root, targets[0]);
  }
  return mapper;
}

module.exports = { pathsToModuleNameMapper };

/**
 * Jest runs global setup outside its module system, where moduleNameMapper does
 * not apply; this resolves the same aliases for plain Node `require`.
 */
function registerPathAliases() {
  const Module = require('node:module');
  const root = path.resolve(__dirname, '../..');
  const aliases = Object.fromEntries(
    Object.entries(tsconfig.compilerOptions.paths).map(([a, t]) => [a, path.join(root, t[0])]),
  );
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    return resolve.call(this, aliases[request] ?? request, ...rest);
  };
}

module.exports.registerPathAliases = registerPathAliases;
