/**
 * The compiled package (dist/) loads through the V8 code cache of lib/code-cache.ts: every module's cache made
 * by the build is accepted; a damaged or stale cache is never handed to V8 (a plain compile instead, same
 * results); H5NWB_CODE_CACHE=0 loads with Node's require; one instance of each module either way.
 *
 * Uses dist/ as scripts/build-ts.js built it (jest's global setup, test/global-setup.ts, runs it before any test).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { py, tmpDir } from '../helpers';

const repo = path.resolve(__dirname, '..', '..');
const dist = path.join(repo, 'dist');
const { dir } = tmpDir('code-cache');

const PROBE = `
const h = require(process.argv[2]);
const stats = require(require('path').join(process.argv[2], 'code-cache.js')).codeCacheStats();
const io = new h.NWBHDF5IO(process.argv[3], 'w');
const f = new h.NWBFile({ identifier: 'cc', sessionDescription: 'code cache', sessionStartTime: new Date('2024-05-06T07:08:09Z') });
f.addAcquisition(new h.TimeSeries({ name: 'ts', data: Float64Array.of(1, 2, 3), unit: 'V', rate: 10, startingTime: 0 }));
io.write(f);
io.close();
let sameError = false;
try { h.File.open(process.argv[3] + '.missing', 'r'); } catch (e) { sameError = e instanceof h.Hdf5Error && e.code === 'ERR_H5_FILE_NOT_FOUND'; }
console.log(JSON.stringify({ stats, sameError }));
`;

function probe(distDir: string, out: string, env: Record<string, string> = {}) {
  const script = path.join(dir, 'probe.js');
  fs.writeFileSync(script, PROBE);
  const r = spawnSync(process.execPath, [script, distDir, out], { encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`probe failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

function jscFiles(d: string): string[] {
  return fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? jscFiles(path.join(d, e.name)) : e.name.endsWith('.jsc') ? [path.join(d, e.name)] : []));
}

/** A copy of dist/ that the test may damage, next to links to what it loads (the addon, node_modules). */
function distCopy(name: string): string {
  const root = path.join(dir, name);
  fs.mkdirSync(root);
  fs.cpSync(dist, path.join(root, 'dist'), { recursive: true });
  for (const f of ['package.json', 'prebuilds', 'build', 'node_modules']) if (fs.existsSync(path.join(repo, f))) fs.symlinkSync(path.join(repo, f), path.join(root, f));
  return path.join(root, 'dist');
}

beforeAll(() => {
  if (!fs.existsSync(path.join(dist, 'code-cache.js')))
    throw new Error('dist/ is not built (or was built before the code cache existed): run `npm run build:ts`');
});

test('every module of the built package loads from its cache; an NWB file written so reads in h5py', () => {
  const n = jscFiles(dist).length;
  expect(n).toBeGreaterThan(40);
  const out = path.join(dir, 'cached.nwb');
  const r = probe(dist, out);
  expect(r.stats).toEqual({ enabled: true, modules: n, cached: n, rejected: 0, stale: 0 });
  expect(r.sameError).toBe(true);
  expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps([f.attrs['neurodata_type'], f['acquisition/ts/data'][:].tolist()]))`, out)).toEqual(['NWBFile', [1, 2, 3]]);
});

test('a damaged cache, a cache of other sources and a missing cache: a plain compile of those modules, same results', () => {
  const copy = distCopy('damaged');
  const caches = jscFiles(copy);
  const backend = path.join(copy, 'nwb', 'io', 'backend.jsc');
  const group = path.join(copy, 'h5', 'group.jsc');
  // One byte of V8's data changed (the header no longer matches): never handed to V8.
  const b = fs.readFileSync(backend);
  b[b.length - 100] ^= 0xff;
  fs.writeFileSync(backend, b);
  // The source changed after the build (same length, so V8's own check would not notice).
  const groupJs = path.join(copy, 'h5', 'group.js');
  const groupSrc = fs.readFileSync(groupJs, 'utf8');
  expect(groupSrc.startsWith('"use strict";')).toBe(true);
  fs.writeFileSync(groupJs, groupSrc.replace('"use strict";', "'use strict';"));
  // A truncated file, and a missing one.
  const fileJsc = path.join(copy, 'h5', 'file.jsc');
  fs.writeFileSync(fileJsc, fs.readFileSync(fileJsc).subarray(0, 20));
  fs.rmSync(path.join(copy, 'nwb', 'validate.jsc'));
  const out = path.join(dir, 'damaged.nwb');
  const r = probe(copy, out);
  expect(fs.existsSync(group)).toBe(true);
  expect(r.stats).toEqual({ enabled: true, modules: caches.length, cached: caches.length - 4, rejected: 0, stale: 3 });
  expect(r.sameError).toBe(true);
  expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps(f['acquisition/ts/data'][:].tolist()))`, out)).toEqual([1, 2, 3]);
});

test('H5NWB_CODE_CACHE=0 loads every module with Node\'s require', () => {
  const out = path.join(dir, 'plain.nwb');
  const r = probe(dist, out, { H5NWB_CODE_CACHE: '0' });
  expect(r.stats).toEqual({ enabled: false, modules: 0, cached: 0, rejected: 0, stale: 0 });
  expect(r.sameError).toBe(true);
  expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps(f['acquisition/ts/data'][:].tolist()))`, out)).toEqual([1, 2, 3]);
});
