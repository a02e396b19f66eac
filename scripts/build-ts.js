#!/usr/bin/env node
'use strict';
// Compiles lib/ to dist/ (CommonJS + .d.ts) and writes the ESM entry dist/index.mjs that re-exports it.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
if (!fs.existsSync(tsc)) {
  // Installed as a dependency without dev tools: dist/ ships prebuilt in the package.
  if (fs.existsSync(path.join(root, 'dist', 'index.js'))) process.exit(0);
  console.error('h5nwb: TypeScript is missing and dist/ was not built');
  process.exit(1);
}
const r = spawnSync(process.execPath, [tsc, '-p', root], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status || 1);
const cjs = require(path.join(root, 'dist', 'index.js'));
const names = Object.keys(cjs).filter((k) => k !== 'default' && k !== '__esModule');
const lines = [
  '// ESM entry: re-exports the CommonJS build so both module systems share one addon instance.',
  "import cjs from './index.js';",
  ...names.map((n) => `export const ${n} = cjs.${n};`),
  'export default cjs;',
  '',
];
fs.writeFileSync(path.join(root, 'dist', 'index.mjs'), lines.join('\n'));
