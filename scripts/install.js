#!/usr/bin/env node
'use strict';
// npm's install hook. Uses the prebuilt addon in prebuilds/ (or an existing local build) when it loads;
// otherwise builds the addon from source (which needs a compiler; scripts/ensure-system-deps.sh names or
// installs the Debian packages).
const { spawnSync } = require('child_process');
const path = require('path');

const root = path.resolve(__dirname, '..');
function loads() {
  const r = spawnSync(process.execPath, ['-e', `require('node-gyp-build')(${JSON.stringify(root)}).libraryInfo()`], {
    cwd: root,
    stdio: 'ignore',
  });
  return r.status === 0;
}
if (process.env.H5NWB_BUILD_FROM_SOURCE === '1') console.error('h5nwb: H5NWB_BUILD_FROM_SOURCE=1: building from source');
else if (loads()) process.exit(0);
else console.error('h5nwb: no prebuilt addon for this platform loads; building from source');
const deps = spawnSync('bash', [path.join(__dirname, 'ensure-system-deps.sh')], { stdio: 'inherit' });
if (deps.status !== 0) process.exit(deps.status || 1);
const b = spawnSync(process.execPath, [path.join(__dirname, 'build-native.js')], { stdio: 'inherit', cwd: root });
process.exit(b.status === null ? 1 : b.status);
