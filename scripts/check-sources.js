#!/usr/bin/env node
'use strict';
// Fails when binding.gyp and CMakeLists.txt do not list the same native sources, or when a native .cc file is
// in neither.
const fs = require('fs');
const path = require('path');
const root = path.resolve(__dirname, '..');

function gypSources() {
  const gyp = JSON.parse(fs.readFileSync(path.join(root, 'binding.gyp'), 'utf8'));
  return gyp.targets[0].sources.slice().sort();
}
function cmakeSources() {
  const text = fs.readFileSync(path.join(root, 'CMakeLists.txt'), 'utf8');
  const m = /set\(H5NWB_SOURCES([^)]*)\)/.exec(text);
  if (!m) throw new Error('CMakeLists.txt: no set(H5NWB_SOURCES ...)');
  return m[1].split(/\s+/).filter(Boolean).sort();
}
function ccFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return ccFiles(p);
    return p.endsWith('.cc') ? [path.relative(root, p).split(path.sep).join('/')] : [];
  });
}
function check() {
  const a = gypSources();
  const b = cmakeSources();
  const c = ccFiles(path.join(root, 'native')).sort();
  const problems = [];
  for (const f of a) if (!b.includes(f)) problems.push(`${f} is in binding.gyp but not in CMakeLists.txt`);
  for (const f of b) if (!a.includes(f)) problems.push(`${f} is in CMakeLists.txt but not in binding.gyp`);
  for (const f of c) if (!a.includes(f)) problems.push(`${f} is in neither build file`);
  return problems;
}
module.exports = { check, gypSources, cmakeSources };
if (require.main === module) {
  const p = check();
  if (p.length) {
    console.error(p.join('\n'));
    process.exit(1);
  }
  console.log('binding.gyp and CMakeLists.txt list the same sources');
}
