#!/usr/bin/env node
'use strict';
// Prints a short hash of everything that determines the native addon: the native sources, both build files,
// and the scripts that choose and build HDF5. Compiled into the addon (buildInfo().sourceHash), so a test can
// tell when a committed prebuild no longer matches the sources.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : [p];
  });
}
function sourceHash() {
  const files = [
    ...walk(path.join(root, 'native')),
    path.join(root, 'binding.gyp'),
    path.join(root, 'CMakeLists.txt'),
    path.join(root, 'scripts', 'build-hdf5.sh'),
    path.join(root, 'scripts', 'hdf5-config.js'),
  ]
    .filter((f) => fs.existsSync(f))
    .map((f) => path.relative(root, f).split(path.sep).join('/'))
    .sort();
  const h = crypto.createHash('sha256');
  for (const f of files) {
    h.update(f + '\0');
    h.update(fs.readFileSync(path.join(root, f)));
    h.update('\0');
  }
  return h.digest('hex').slice(0, 16);
}
module.exports = { sourceHash };
if (require.main === module) process.stdout.write(sourceHash() + '\n');
