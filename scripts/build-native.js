#!/usr/bin/env node
'use strict';
// Builds the native addon from source into build/Release/h5nwb.node.
//   node scripts/build-native.js            build with node-gyp (default)
//   node scripts/build-native.js --cmake    build with cmake-js instead
//   node scripts/build-native.js --if-stale build only when build/Release/h5nwb.node is missing or was built
//                                           from other sources (its compiled-in source hash differs)
// Which HDF5: the bundled static HDF5 1.14 by default; H5NWB_HDF5=system links Debian's libhdf5 (see
// scripts/hdf5-config.js).
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { sourceHash } = require('./source-hash');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const out = path.join(root, 'build', 'Release', 'h5nwb.node');

function builtHash() {
  if (!fs.existsSync(out)) return null;
  const r = spawnSync(process.execPath, ['-e', `process.stdout.write(require(${JSON.stringify(out)}).libraryInfo().sourceHash + ' ' + require(${JSON.stringify(out)}).libraryInfo().hdf5Linkage)`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function run(cmd, argv) {
  const r = spawnSync(cmd, argv, { cwd: root, stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    console.error(`h5nwb: ${cmd} ${argv.join(' ')} failed`);
    process.exit(r.status || 1);
  }
}

const kind = process.env.H5NWB_HDF5 === 'system' ? 'system' : 'bundled';
if (args.includes('--if-stale')) {
  const have = builtHash();
  if (have === `${sourceHash()} ${kind}`) process.exit(0);
  console.error(`h5nwb: building the native addon (${have ? 'sources changed' : 'no local build'}; HDF5: ${kind})`);
}
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
if (args.includes('--cmake')) {
  run(bin('cmake-js'), ['rebuild', '--out', 'build']);
} else {
  // Build against Node's own headers when they are installed beside it (no download needed).
  const gypArgs = ['rebuild', '-j', String(Math.max(1, require('os').cpus().length))];
  const nodedir = process.env.npm_config_nodedir || path.resolve(process.execPath, '..', '..');
  if (fs.existsSync(path.join(nodedir, 'include', 'node', 'node_api.h'))) gypArgs.push(`--nodedir=${nodedir}`);
  // node-gyp is a devDependency: installed as a dependency, use the one npm names to install scripts (or PATH's).
  if (fs.existsSync(bin('node-gyp'))) run(bin('node-gyp'), gypArgs);
  else if (process.env.npm_config_node_gyp && fs.existsSync(process.env.npm_config_node_gyp)) run(process.execPath, [process.env.npm_config_node_gyp, ...gypArgs]);
  else run('node-gyp', gypArgs);
}
