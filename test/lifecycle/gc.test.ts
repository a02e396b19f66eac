/**
 * Objects dropped without close() are released by their finalizers. Each scenario runs in a child node with
 * --expose-gc (lib/ transpiled by libForChildren), reports what it saw as JSON, and the file is then checked
 * with h5py.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { libForChildren, py, tmpDir } from '../helpers';

const { dir, file } = tmpDir('gc');
let lib: string;

beforeAll(() => {
  lib = libForChildren(dir);
});

/** Runs `body` (an async function body with File, native, gcAll, p1, p2 in scope) in a child; returns its JSON. */
function child(name: string, body: string, ...args: string[]): any {
  const script = path.join(dir, `${name}.js`);
  fs.writeFileSync(
    script,
    `const { File } = require(${JSON.stringify(lib)});
const { native } = require(${JSON.stringify(path.join(lib, 'binding'))});
const [p1, p2] = process.argv.slice(2);
const ids = () => native.libraryInfo().openIds;
async function gcAll() {
  for (let i = 0; i < 6; i++) { global.gc(); await new Promise((r) => setImmediate(r)); }
}
(async () => {
${body}
})().then((r) => console.log(JSON.stringify(r)), (e) => { console.error(e); process.exit(1); });
`,
  );
  const r = spawnSync(process.execPath, ['--expose-gc', script, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`child ${name} failed (${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

test('a file and its objects dropped without close() are released by GC; the data is on disk', () => {
  const p = file('dropped.h5');
  const r = child(
    'dropped',
    `
const start = ids();
let heldOpen;
(() => {
  const f = File.open(p1, 'w');
  const g = f.createGroup('g/h');
  g.attrs.set('note', 'dropped');
  const d = f.createDataset('d', { dtype: 'int32', shape: [0], maxshape: [null], chunks: [16] });
  d.append(new Int32Array([1, 2, 3, 4, 5]));
  d.read();
  f.getDataset('d');
  f.get('g');
  // Control: while these objects are alive, HDF5 refuses to truncate the file.
  try { File.open(p1, 'w'); heldOpen = false; } catch (e) { heldOpen = e.name === 'Hdf5Error'; }
})();
const during = ids();
await gcAll();
const after = ids();
let reopened;
try { File.open(p1, 'r+').close(); reopened = true; } catch (e) { reopened = String(e); }
return { start, during, after, heldOpen, reopened };`,
    p,
  );
  expect(r.heldOpen).toBe(true);
  expect(r.start).toBe(0);
  expect(r.during).toBeGreaterThan(0);
  expect(r.after).toBe(0);
  expect(r.reopened).toBe(true);
  expect(
    py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps({'d': f['d'][:].tolist(), 'note': f['g/h'].attrs['note']}))`, p),
  ).toEqual({ d: [1, 2, 3, 4, 5], note: 'dropped' });
});

test("after GC released a dropped file, mode 'w' may truncate it (HDF5 no longer holds it)", () => {
  const p = file('truncate-after-gc.h5');
  const r = child(
    'truncate',
    `
(() => {
  const f = File.open(p1, 'w');
  f.createDataset('old', { data: [1, 2, 3] });
})();
let before;
try { File.open(p1, 'w').close(); before = 'opened'; } catch (e) { before = e.name; }
await gcAll();
const released = ids();
const f = File.open(p1, 'w');
f.createDataset('new', { data: [4] });
f.close();
return { before, ids: released };`,
    p,
  );
  // Before GC the dropped File still holds the file, so truncating is refused.
  expect(r).toEqual({ before: 'Hdf5Error', ids: 0 });
  expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps({k: f[k][:].tolist() for k in f}))`, p)).toEqual({ new: [4] });
});

test('a dataset kept alive keeps its dropped file usable; dropping it too releases everything', () => {
  const p = file('kept.h5');
  const r = child(
    'kept',
    `
let d = (() => {
  const f = File.open(p1, 'w');
  const ds = f.createDataset('d', { dtype: 'float64', shape: [0], maxshape: [null] });
  ds.append([1.5]);
  return ds;
})();
await gcAll();
d.append([2.5, 3.5]);
const alive = { open: d.isOpen, values: Array.from(d.read().data), ids: ids() };
d = null;
await gcAll();
return { alive, after: ids() };`,
    p,
  );
  expect(r.alive.open).toBe(true);
  expect(r.alive.values).toEqual([1.5, 2.5, 3.5]);
  expect(r.alive.ids).toBeGreaterThan(0);
  expect(r.after).toBe(0);
  expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps(f['d'][:].tolist()))`, p)).toEqual([1.5, 2.5, 3.5]);
});

test('thousands of dropped handles (many files, groups, datasets) are all released', () => {
  const p = file('many.h5');
  const q = file('many-2.h5');
  const r = child(
    'many',
    `
// In a plain function: an async function keeps its last temporaries alive across an await.
const peak = (() => {
  const f = File.open(p1, 'w');
  f.createGroup('g');
  f.createDataset('d', { data: [1, 2, 3] });
  f.close();
  for (let i = 0; i < 2000; i++) {
    const h = File.open(i % 2 ? p1 : p2, i % 2 ? 'r' : 'a');
    h.get('g');
    if (i % 2) h.getDataset('d').read();
  }
  return ids();
})();
await gcAll();
const after = ids();
let truncated;
try { File.open(p2, 'w').close(); truncated = true; } catch (e) { truncated = String(e); }
return { peak, after, truncated };`,
    p,
    q,
  );
  expect(r.peak).toBeGreaterThan(1000);
  expect(r.after).toBe(0);
  expect(r.truncated).toBe(true);
  expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps(f['d'][:].tolist()))`, p)).toEqual([1, 2, 3]);
});

// The addon remembers the last handle whose type tag it checked (native/core/handle.cc TryUnwrap) until any handle
// is destroyed: handles finalized between calls, whose memory new handles may reuse, must never be taken for
// the handle that lived there before.
test('handles made after others were finalized (their memory reused) each reach their own dataset', () => {
  const p = file('reuse.h5');
  const r = child(
    'reuse',
    `
const f = File.open(p1, 'w');
const seen = [];
for (let round = 0; round < 40; round++) {
  // A dataset per round, its handle used, then dropped and finalized.
  (() => {
    const d = f.createDataset('r' + round, { data: new Int32Array([round, round + 1]), maxshape: [null], chunks: [4] });
    native.datasetShape(d._h);
  })();
  await gcAll();
  // Fresh handles (likely at the addresses just freed), used one after the other.
  const a = f.getDataset('r' + round);
  const b = f.getDataset('r0');
  seen.push([Array.from(a.read().data), Array.from(b.read().data), native.datasetShape(a._h)]);
  a.append(new Int32Array([100 + round]));
  a.close();
  b.close();
}
f.close();
return { seen };
`,
    p,
  );
  expect(r.seen).toHaveLength(40);
  r.seen.forEach(([a, b, shape]: number[][], round: number) => {
    expect(a).toEqual([round, round + 1]);
    expect(b).toEqual(round === 0 ? [0, 1] : [0, 1, 100]);
    expect(shape).toEqual([2]);
  });
  expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps([f['r%d' % i][:].tolist() for i in (0, 7, 39)]))`, p)).toEqual([
    [0, 1, 100], [7, 8, 107], [39, 40, 139],
  ]);
});
