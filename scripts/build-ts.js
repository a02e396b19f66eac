#!/usr/bin/env node
'use strict';
// Compiles lib/ to dist/ (CommonJS + .d.ts) and writes the ESM entry dist/index.mjs that re-exports it.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
if (!fs.existsSync(tsc) || !fs.existsSync(path.join(root, 'tsconfig.json'))) {
  // Installed as a dependency (no dev tools, no lib/ sources): dist/ ships prebuilt in the package.
  if (fs.existsSync(path.join(root, 'dist', 'index.js'))) process.exit(0);
  console.error('h5nwb: TypeScript is missing and dist/ was not built');
  process.exit(1);
}
const r = spawnSync(process.execPath, [tsc, '-p', root], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status || 1);
// The CommonJS entry loads the library through its V8 code cache (lib/code-cache.ts): the compiled lib/index.ts
// becomes dist/entry.js, and dist/index.js loads it through dist/code-cache.js. Declarations stay as compiled.
const indexJs = path.join(root, 'dist', 'index.js');
fs.renameSync(indexJs, path.join(root, 'dist', 'entry.js'));
fs.writeFileSync(indexJs, [
  "'use strict';",
  '// The package entry: the library compiled from lib/index.ts (entry.js), loaded with the V8 code cache of',
  '// code-cache.js (see lib/code-cache.ts; H5NWB_CODE_CACHE=0 turns it off).',
  "module.exports = require('./code-cache').requireDist('entry.js');",
  '',
].join('\n'));
// The value exports of the entry point, read from its declarations (loading dist/index.js would load the native
// addon, which a machine packing the package may not be able to do).
const ts = require(path.join(root, 'node_modules', 'typescript'));
const entry = path.join(root, 'dist', 'index.d.ts');
const program = ts.createProgram([entry], { noEmit: true, skipLibCheck: true, types: [] });
const checker = program.getTypeChecker();
const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry));
if (!moduleSymbol) {
  console.error(`h5nwb: cannot read the exports of ${entry}`);
  process.exit(1);
}
const names = checker
  .getExportsOfModule(moduleSymbol)
  .filter((s) => ((s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s).flags & ts.SymbolFlags.Value) !== 0)
  .map((s) => s.name)
  .filter((k) => k !== 'default' && k !== '__esModule')
  .sort();
const lines = [
  '// ESM entry: re-exports the CommonJS build so both module systems share one addon instance.',
  "import cjs from './index.js';",
  ...names.map((n) => `export const ${n} = cjs.${n};`),
  'export default cjs;',
  '',
];
fs.writeFileSync(path.join(root, 'dist', 'index.mjs'), lines.join('\n'));

// The /specifications texts of the built-in namespaces, serialized once here instead of at every write
// (lib/nwb/spec/texts.ts). dist/nwb/spec is plain data and loads without the addon.
const specTexts = require(path.join(root, 'dist', 'nwb', 'spec', 'texts.js'));
fs.writeFileSync(path.join(root, 'dist', 'nwb', 'spec', specTexts.BUILTIN_TEXTS_FILE), JSON.stringify(specTexts.builtinTexts()));

// The V8 code cache of the NWB layer, made for this build (needs the addon to load; skipped with a note if not).
const codeCache = path.join(__dirname, 'build-code-cache.js');
if (fs.existsSync(codeCache)) {
  const cc = spawnSync(process.execPath, [codeCache], { stdio: 'inherit', cwd: root });
  if (cc.status !== 0) process.exit(cc.status || 1);
}
