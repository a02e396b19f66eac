#!/usr/bin/env node
'use strict';
// What a prebuilt addon may ask of the machine it lands on, and a check of one .node file against it. Used by
// scripts/prebuild.js (before a new prebuild replaces the old one) and test/packaging/prebuild.test.ts.
//
//   node scripts/prebuild-check.js FILE.node    prints the facts as JSON; exit 1 when a rule is broken
//
// Rules (Linux x64, glibc):
//   - shared libraries (readelf -d NEEDED): only glibc's (libc, libm, the loader; libpthread/libdl are glibc
//     too) and the GCC C++ runtime libstdc++.so.6 / libgcc_s.so.1, which Node itself needs and so every machine
//     running Node has. No libhdf5, libz, libsz, libaec, libcurl, OpenSSL.
//   - symbol versions (objdump -T): glibc <= 2.34, GLIBCXX <= 3.4.29, CXXABI <= 1.3.13, GCC (libgcc_s) <= 7.0.0,
//     that is: what glibc 2.34 and the GCC 11 runtime provide (RHEL 9, Amazon Linux 2023, Ubuntu 22.04, Debian 12).
//     Linking libstdc++/libgcc statically instead (-static-libstdc++ -static-libgcc) was measured to need glibc
//     2.36 (arc4random from libstdc++.a, _dl_find_object from libgcc_eh.a): fewer machines, not more.
//   - exported symbols: no HDF5 symbol (H5*), so a system libhdf5 in the same process cannot clash.
const { spawnSync } = require('child_process');

const ALLOWED_NEEDED = [
  'libc.so.6',
  'libm.so.6',
  'libpthread.so.0',
  'libdl.so.2',
  'ld-linux-x86-64.so.2',
  'libstdc++.so.6',
  'libgcc_s.so.1',
];
const MAX_VERSIONS = { GLIBC: '2.34', GLIBCXX: '3.4.29', CXXABI: '1.3.13', GCC: '7.0.0' };

function cmpVersion(a, b) {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if ((x[i] || 0) !== (y[i] || 0)) return (x[i] || 0) - (y[i] || 0);
  }
  return 0;
}

function tool(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`${cmd} is needed to inspect the addon (${r.error.message}); install binutils`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** The facts about one .node file and the rules it breaks (an empty `problems` means fit to ship). */
function inspect(file) {
  const dyn = tool('readelf', ['-d', '-W', file]);
  const needed = [...dyn.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1]);
  const rpath = [...dyn.matchAll(/\((?:RPATH|RUNPATH)\)\s+Library (?:rpath|runpath): \[([^\]]+)\]/g)].map((m) => m[1]);
  const syms = tool('objdump', ['-T', '-w', file]);
  const maxVersions = {};
  for (const m of syms.matchAll(/\b(GLIBC|GLIBCXX|CXXABI|GCC)_([0-9][0-9.]*)\b/g)) {
    const [, lib, v] = m;
    if (!maxVersions[lib] || cmpVersion(v, maxVersions[lib]) > 0) maxVersions[lib] = v;
  }
  // Defined dynamic symbols (not *UND*) whose name is an HDF5 API or internal symbol.
  const exportedHdf5 = syms
    .split('\n')
    .filter((l) => /\sD[FO]\s/.test(l) && !/\*UND\*/.test(l))
    .map((l) => l.trim().split(/\s+/).pop())
    .filter((name) => /^H5[A-Za-z]*_|^H5[A-Z][a-z]/.test(name));
  const problems = [];
  const bad = needed.filter((n) => !ALLOWED_NEEDED.includes(n));
  if (bad.length) problems.push(`needs shared libraries a bare machine may lack: ${bad.join(', ')}`);
  if (rpath.length) problems.push(`carries an RPATH/RUNPATH (${rpath.join(', ')})`);
  for (const [lib, max] of Object.entries(MAX_VERSIONS)) {
    if (maxVersions[lib] && cmpVersion(maxVersions[lib], max) > 0) {
      const users = syms
        .split('\n')
        .filter((l) => l.includes(`(${lib}_${maxVersions[lib]})`))
        .map((l) => l.trim().split(/\s+/).pop());
      problems.push(`needs ${lib}_${maxVersions[lib]} (at most ${lib}_${max} allowed) for ${users.join(', ')}`);
    }
  }
  if (exportedHdf5.length) problems.push(`exports HDF5 symbols: ${exportedHdf5.slice(0, 5).join(', ')}${exportedHdf5.length > 5 ? ', ...' : ''}`);
  return { needed, rpath, maxVersions, exportedHdf5: exportedHdf5.length, problems };
}

module.exports = { inspect, cmpVersion, ALLOWED_NEEDED, MAX_VERSIONS };
if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node scripts/prebuild-check.js FILE.node');
    process.exit(2);
  }
  const r = inspect(file);
  console.log(JSON.stringify(r, null, 2));
  process.exit(r.problems.length ? 1 : 0);
}
