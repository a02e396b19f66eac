#!/usr/bin/env node
'use strict';
// Tells the addon's build files (binding.gyp, CMakeLists.txt) which HDF5 to compile and link against.
//
//   node scripts/hdf5-config.js include|libs|ldflags|kind|version|json
//
// Which HDF5 (env H5NWB_HDF5):
//   bundled (default, also when unset/empty): the static, -fPIC, thread-safe HDF5 1.14 built by
//       scripts/build-hdf5.sh into ${H5NWB_CACHE_DIR:-$HOME/.cache/h5nwb}/hdf5-<version>-<hash>/; built first
//       if that directory is missing (the build's output goes to stderr).
//   system: the system libhdf5 through `pkg-config hdf5` (Debian bookworm: 1.10.8, /usr/include/hdf5/serial).
//
// Answers (stdout carries nothing else; gyp's <!@(...) and cmake's execute_process parse it):
//   include  include directories, separated by spaces
//   libs     link inputs in link order, separated by spaces: full paths of .a files and -l flags (bundled, on
//            Linux: the compiler's libgcc.a last, see compilerHelpers())
//   ldflags  extra linker flags (bundled: -Wl,--exclude-libs,ALL so HDF5's symbols are not exported;
//            system: the -L directory pkg-config names)
//   kind     bundled | system
//   version  the HDF5 version, e.g. 1.14.5
//   json     all of the above (arrays), plus prefix, cflags and threadsafe, as one line of JSON
// Errors go to stderr with a non-zero exit status. Plain Node, no dependencies.

const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const { spawnSync } = require('child_process');

const BUILD_SCRIPT = path.join(__dirname, 'build-hdf5.sh');
const SUBCOMMANDS = ['include', 'libs', 'ldflags', 'kind', 'version', 'json'];

function fail(message, status = 1) {
  process.stderr.write(`h5nwb: hdf5-config: ${message}\n`);
  process.exit(status);
}

function cacheRoot() {
  if (process.env.H5NWB_CACHE_DIR) return path.resolve(process.env.H5NWB_CACHE_DIR);
  return path.join(process.env.HOME || os.homedir(), '.cache', 'h5nwb');
}

// Mirrors build-hdf5.sh: <cache>/hdf5-<HDF5_VERSION>-<first 12 hex digits of sha256(build-hdf5.sh)>.
function bundledPrefix() {
  let text;
  try {
    text = fs.readFileSync(BUILD_SCRIPT);
  } catch (e) {
    fail(`cannot read ${BUILD_SCRIPT}: ${e.message}`);
  }
  const m = /^HDF5_VERSION=([0-9][0-9.]*)\s*$/m.exec(text.toString('utf8'));
  if (!m) fail(`no HDF5_VERSION=... line in ${BUILD_SCRIPT}`);
  const hash = crypto.createHash('sha256').update(text).digest('hex').slice(0, 12);
  return path.join(cacheRoot(), `hdf5-${m[1]}-${hash}`);
}

function readThreadsafe(includeDirs) {
  for (const dir of includeDirs) {
    try {
      const conf = fs.readFileSync(path.join(dir, 'H5pubconf.h'), 'utf8');
      return /^#\s*define\s+H5_HAVE_THREADSAFE\s+1\b/m.test(conf);
    } catch (e) {
      // not in this directory
    }
  }
  return null;
}

// HDF5 1.14 built by GCC 12 or newer converts _Float16 through libgcc's helpers (__extendhfsf2, __truncsfhf2, ...),
// which the shared libgcc_s.so.1 exports only from GCC 12 on (symbol version GCC_12.0.0): an addon taking them
// from there does not load where the GCC runtime is older (RHEL 9, Amazon Linux 2023: glibc 2.34, GCC 11). Taken
// from the compiler's static libgcc.a instead (only the helpers used; hidden by --exclude-libs), the addon keeps
// needing nothing newer than glibc 2.34, GLIBCXX_3.4.29 and GCC_3.0. The unwinder stays in libgcc_s.
function compilerHelpers() {
  if (process.platform !== 'linux') return [];
  const cxx = (process.env.CXX || 'c++').trim();
  const r = spawnSync('sh', ['-c', `${cxx} -print-libgcc-file-name`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const file = r.status === 0 ? r.stdout.trim() : '';
  return path.isAbsolute(file) && file.endsWith('.a') && !/\s/.test(file) && fs.existsSync(file) ? [file] : [];
}

function bundled() {
  const prefix = bundledPrefix();
  const infoFile = path.join(prefix, 'build-info.json');
  if (!fs.existsSync(infoFile)) {
    process.stderr.write(`h5nwb: hdf5-config: building the bundled HDF5 into ${prefix} (once; cached)\n`);
    const r = spawnSync('bash', [BUILD_SCRIPT], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, H5NWB_CACHE_DIR: cacheRoot() },
      encoding: 'utf8',
    });
    if (r.error) fail(`cannot run ${BUILD_SCRIPT}: ${r.error.message}`);
    if (r.stdout) process.stderr.write(r.stdout);
    if (r.status !== 0) {
      fail(`building the bundled HDF5 failed (${BUILD_SCRIPT} exited with ${r.status === null ? r.signal : r.status}); ` +
        'see the messages above. To build against the system libhdf5 instead, set H5NWB_HDF5=system.');
    }
    const built = (r.stdout || '').trim().split('\n').pop();
    if (built && path.resolve(built) !== prefix) {
      fail(`build-hdf5.sh installed into ${built} but hdf5-config.js expected ${prefix}; the two scripts disagree`);
    }
    if (!fs.existsSync(infoFile)) fail(`build-hdf5.sh succeeded but ${infoFile} is missing`);
  }
  let info;
  try {
    info = JSON.parse(fs.readFileSync(infoFile, 'utf8'));
  } catch (e) {
    fail(`cannot read ${infoFile}: ${e.message}; delete ${prefix} and run again`);
  }
  const include = (info.include || ['include']).map((d) => path.join(prefix, d));
  const libs = info.libs.map((f) => path.join(prefix, f));
  for (const f of libs) if (!fs.existsSync(f)) fail(`${f} is missing; delete ${prefix} and run again`);
  return {
    kind: 'bundled',
    version: info.hdf5_version,
    prefix,
    include,
    libs: libs.concat(info.system_libs || [], compilerHelpers()),
    ldflags: info.ldflags || [],
    cflags: [],
    threadsafe: Boolean(info.threadsafe),
  };
}

function pkgConfig(args) {
  const r = spawnSync('pkg-config', args.concat(['hdf5']), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error) {
    fail(`H5NWB_HDF5=system needs pkg-config (${r.error.code === 'ENOENT' ? 'not installed' : r.error.message}); ` +
      'install pkg-config and libhdf5-dev (bash scripts/ensure-system-deps.sh)');
  }
  if (r.status !== 0) {
    fail(`pkg-config does not know hdf5: ${(r.stderr || '').trim()}\n` +
      'h5nwb: hdf5-config: install libhdf5-dev (bash scripts/ensure-system-deps.sh), or unset H5NWB_HDF5 for the bundled HDF5');
  }
  return r.stdout.trim().split(/\s+/).filter(Boolean);
}

function system() {
  const version = pkgConfig(['--modversion'])[0];
  const include = pkgConfig(['--cflags-only-I']).map((f) => f.replace(/^-I/, ''));
  const cflags = pkgConfig(['--cflags-only-other']);
  const libs = pkgConfig(['--libs-only-l']);
  const ldflags = pkgConfig(['--libs-only-L']).concat(pkgConfig(['--libs-only-other']));
  return { kind: 'system', version, prefix: null, include, libs, ldflags, cflags, threadsafe: readThreadsafe(include) };
}

function main() {
  const sub = process.argv[2];
  if (!SUBCOMMANDS.includes(sub)) {
    fail(`usage: node scripts/hdf5-config.js ${SUBCOMMANDS.join('|')}` +
      (sub ? ` (unknown subcommand '${sub}')` : ''), 2);
  }
  const choice = (process.env.H5NWB_HDF5 || 'bundled').trim().toLowerCase();
  let cfg;
  if (choice === 'bundled' && /\s/.test(cacheRoot())) {
    fail(`the cache directory '${cacheRoot()}' contains whitespace, which gyp/cmake would split; ` +
      'set H5NWB_CACHE_DIR to a path without spaces');
  }
  if (choice === 'bundled') cfg = bundled();
  else if (choice === 'system') cfg = system();
  else fail(`H5NWB_HDF5 must be 'bundled' (the default) or 'system', not '${process.env.H5NWB_HDF5}'`);

  let out;
  if (sub === 'json') {
    out = JSON.stringify(cfg);
  } else if (sub === 'kind' || sub === 'version') {
    out = cfg[sub];
  } else {
    // Space-separated answers cannot carry paths with whitespace; say so instead of breaking the build later.
    const bad = cfg[sub].find((s) => /\s/.test(s));
    if (bad) fail(`'${bad}' contains whitespace, which gyp/cmake would split`);
    out = cfg[sub].join(' ');
  }
  process.stdout.write(`${out}\n`);
}

main();
