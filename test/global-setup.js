'use strict';
// Jest global setup: compiles lib/ to dist/ once, before any test file runs. Tests start child processes that
// load dist/ (examples, the ESM entry, the code cache); building it from inside the test files (once per jest
// worker) let one worker rewrite dist/ while another worker's child was loading it, which could see a module
// half written. The test workers inherit H5NWB_TEST_DIST_BUILT and skip their own build (test/helpers.ts).
const { spawnSync } = require('child_process');
const os = require('os');
const path = require('path');

module.exports = async function globalSetup() {
  const root = path.resolve(__dirname, '..');
  // flock: the same lock as test/helpers.ts, should two test runs share this checkout.
  const lock = path.join(os.tmpdir(), 'h5nwb-build-ts.lock');
  const r = spawnSync('flock', [lock, process.execPath, path.join(root, 'scripts', 'build-ts.js')], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`scripts/build-ts.js failed (${r.status}):\n${r.stderr}${r.stdout}`);
  process.env.H5NWB_TEST_DIST_BUILT = '1';
};
