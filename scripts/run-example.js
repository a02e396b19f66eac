#!/usr/bin/env node
'use strict';
// node scripts/run-example.js <name> [args...]: compiles the TypeScript examples (examples/tsconfig.json, into
// examples/dist) and runs examples/dist/<name>.js with the arguments; exits with its status. The examples import
// 'h5nwb', which Node resolves to this package's dist/ (build it first: node scripts/build-ts.js).
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const [name, ...args] = process.argv.slice(2);
if (!name) {
  console.error('usage: node scripts/run-example.js <example> [args...]   (e.g. tutorial)');
  process.exit(2);
}
if (!fs.existsSync(path.join(root, 'dist', 'index.js'))) {
  console.error('h5nwb: dist/ is not built; run node scripts/build-ts.js (npm install does) first');
  process.exit(1);
}
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
if (!fs.existsSync(tsc)) {
  console.error('h5nwb: the examples need TypeScript (a devDependency): run npm install');
  process.exit(1);
}
const built = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'examples', 'tsconfig.json')], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status || 1);
const script = path.join(root, 'examples', 'dist', `${name}.js`);
if (!fs.existsSync(script)) {
  console.error(`h5nwb: no example '${name}' (expected examples/${name}.ts)`);
  process.exit(2);
}
const r = spawnSync(process.execPath, [script, ...args], { stdio: 'inherit' });
if (r.signal) process.kill(process.pid, r.signal);
process.exit(r.status === null ? 1 : r.status);
