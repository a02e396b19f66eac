#!/usr/bin/env node
'use strict';
// `npm run build:prebuild` builds the prebuilt addon that ships in the package, prebuilds/<platform>-<arch>/h5nwb.node.
// (Not named `prebuild`: npm would run a script of that name before every `npm run build`.)
//
// prebuildify (--napi --strip) runs node-gyp in a temporary copy of the sources (native/, binding.gyp,
// CMakeLists.txt, scripts/, package.json, node_modules linked), so build/Release — the local build that tests
// load — is never touched. The HDF5 is always the bundled static 1.14.5 (H5NWB_HDF5 is forced to 'bundled').
// The result is checked before it replaces the old prebuild: it loads, carries the current source hash, HDF5
// 1.14.5 'bundled', thread-safe, deflate + szip, and asks no more of the machine than scripts/prebuild-check.js
// allows (glibc >= 2.34 and the GCC runtime Node itself needs; no libhdf5, zlib, libaec).
//
//   node scripts/prebuild.js [--keep]   --keep leaves the temporary copy for inspection
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { sourceHash } = require('./source-hash');
const { inspect } = require('./prebuild-check');

const root = path.resolve(__dirname, '..');
const keep = process.argv.includes('--keep');
const tuple = `${os.platform()}-${os.arch()}`;
const dest = path.join(root, 'prebuilds', tuple);

function die(msg) {
  console.error(`h5nwb: prebuild: ${msg}`);
  process.exit(1);
}
function log(msg) {
  console.error(`h5nwb: prebuild: ${msg}`);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'h5nwb-prebuild-'));
function cleanup() {
  if (!keep) fs.rmSync(tmp, { recursive: true, force: true });
  else log(`kept ${tmp}`);
}
process.on('exit', cleanup);

// 1. The sources, copied byte for byte (the copy must hash the same).
for (const f of ['package.json', 'binding.gyp', 'CMakeLists.txt', 'native', 'scripts']) {
  fs.cpSync(path.join(root, f), path.join(tmp, f), { recursive: true });
}
fs.symlinkSync(path.join(root, 'node_modules'), path.join(tmp, 'node_modules'));
const want = sourceHash();
const copied = spawnSync(process.execPath, [path.join(tmp, 'scripts', 'source-hash.js')], { encoding: 'utf8' }).stdout.trim();
if (copied !== want) die(`the copy in ${tmp} hashes to ${copied}, the sources to ${want}; were they edited meanwhile?`);

// 2. prebuildify in the copy; its output goes to <tmp>/out/prebuilds/<tuple>/.
const env = { ...process.env, H5NWB_HDF5: 'bundled', JOBS: String(Math.max(1, os.cpus().length)) };
// Node's own headers beside the node binary: no header download (as scripts/build-native.js does).
const nodedir = process.env.npm_config_nodedir || path.resolve(process.execPath, '..', '..');
if (fs.existsSync(path.join(nodedir, 'include', 'node', 'node_api.h'))) env.npm_config_nodedir = nodedir;
const out = path.join(tmp, 'out');
const prebuildify = path.join(root, 'node_modules', 'prebuildify', 'bin.js');
if (!fs.existsSync(prebuildify)) die('prebuildify is missing: run npm install (it is a devDependency)');
log(`building in ${tmp} (sources ${want}, bundled HDF5)`);
const r = spawnSync(process.execPath, [prebuildify, '--napi', '--strip', '--target', process.versions.node, '--cwd', tmp, '--out', out], {
  cwd: tmp,
  env,
  stdio: 'inherit',
});
if (r.status !== 0) die(`prebuildify failed (${r.status === null ? r.signal : r.status})`);
const built = fs.readdirSync(path.join(out, 'prebuilds', tuple)).filter((f) => f.endsWith('.node'));
if (built.length !== 1) die(`expected one .node file in ${out}/prebuilds/${tuple}, found: ${built.join(', ') || 'none'}`);
const addon = path.join(out, 'prebuilds', tuple, built[0]);

// 3. Check it before it replaces anything.
const info = spawnSync(process.execPath, ['-e', `process.stdout.write(JSON.stringify(require(${JSON.stringify(addon)}).libraryInfo()))`], { encoding: 'utf8' });
if (info.status !== 0) die(`the new addon does not load:\n${info.stderr}`);
const li = JSON.parse(info.stdout);
const problems = [];
if (li.sourceHash !== want) problems.push(`sourceHash ${li.sourceHash}, expected ${want}`);
if (li.hdf5Version !== '1.14.5') problems.push(`HDF5 ${li.hdf5Version}, expected 1.14.5`);
if (li.hdf5Linkage !== 'bundled') problems.push(`hdf5Linkage ${li.hdf5Linkage}, expected bundled`);
if (!li.threadsafe || !li.deflate || !li.szip) problems.push(`threadsafe/deflate/szip: ${li.threadsafe}/${li.deflate}/${li.szip}`);
let facts = null;
if (os.platform() === 'linux') {
  // Shared libraries and symbol versions a bare machine must provide (rules in scripts/prebuild-check.js).
  facts = inspect(addon);
  problems.push(...facts.problems);
}
if (problems.length) die(`the new addon is not fit to ship:\n  ${problems.join('\n  ')}`);

// 4. Replace prebuilds/<tuple>/: the addon, and in licenses/ the licences of what it links in statically (HDF5,
// zlib, libaec; their terms ask for the notices to travel with binaries). node-gyp-build looks at .node files only.
const cfg = spawnSync(process.execPath, [path.join(root, 'scripts', 'hdf5-config.js'), 'json'], { encoding: 'utf8', env });
if (cfg.status !== 0) die(`scripts/hdf5-config.js json failed: ${cfg.stderr}`);
const licenses = path.join(JSON.parse(cfg.stdout).prefix, 'share', 'licenses');
const licenseFiles = fs.existsSync(licenses) ? fs.readdirSync(licenses) : [];
for (const want of ['hdf5-COPYING', 'zlib-LICENSE', 'libaec-copyright']) {
  if (!licenseFiles.includes(want)) die(`${licenses}/${want} is missing (scripts/build-hdf5.sh collects it)`);
}
fs.rmSync(dest, { recursive: true, force: true });
fs.mkdirSync(path.join(dest, 'licenses'), { recursive: true });
fs.copyFileSync(addon, path.join(dest, built[0]));
fs.chmodSync(path.join(dest, built[0]), 0o755);
for (const f of licenseFiles) fs.copyFileSync(path.join(licenses, f), path.join(dest, 'licenses', f));
const size = fs.statSync(path.join(dest, built[0])).size;
console.log(
  `prebuilds/${tuple}/${built[0]}: ${(size / 1048576).toFixed(2)} MiB, HDF5 ${li.hdf5Version} (${li.hdf5Linkage}, ` +
    `threadsafe, deflate, szip), N-API ${li.napiVersion}, sourceHash ${li.sourceHash}` +
    (facts ? `; needs ${facts.needed.join(' ')}; max symbol versions ${Object.entries(facts.maxVersions).map(([k, v]) => `${k}_${v}`).join(' ')}` : ''));
