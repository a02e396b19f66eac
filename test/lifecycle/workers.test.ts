/**
 * worker_threads: each worker loads the addon (lib/ transpiled by libForChildren) and writes its own file while
 * the others do; a worker that ends with its file still open leaves a complete file. Checked with h5py.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { File } from '../../lib';
import { libForChildren, py, tmpDir } from '../helpers';

const { dir, file } = tmpDir('workers');
let lib: string;
let script: string;

const WORKER = `
const { workerData, parentPort } = require('worker_threads');
const { File } = require(workerData.lib);
(async () => {
  const { path, seed, rows, close, useAsync } = workerData;
  const f = File.open(path, 'w');
  f.attrs.set('seed', seed);
  const d = f.createDataset('d', { dtype: 'int32', shape: [0, 8], maxshape: [null, 8], chunks: [64, 8], compression: 'gzip' });
  const s = f.createDataset('s', { dtype: 'string', shape: [0], maxshape: [null] });
  const stamps = [];
  for (let i = 0; i < rows; i++) {
    const row = Int32Array.from({ length: 8 }, (_, j) => seed + i * 8 + j);
    if (useAsync) await d.appendAsync(row); else d.append(row);
    if (i % 50 === 0) { s.append('row ' + i + ' of worker ' + seed); stamps.push(Date.now()); }
  }
  if (close) f.close();
  parentPort.postMessage({ stamps });
})().catch((e) => { throw e; });
`;

beforeAll(() => {
  lib = libForChildren(dir);
  script = path.join(dir, 'worker.js');
  fs.writeFileSync(script, WORKER);
});

function run(data: Record<string, unknown>): Promise<{ stamps: number[]; exitCode: number }> {
  return new Promise((resolve, reject) => {
    const w = new Worker(script, { workerData: { lib, ...data } });
    let msg: { stamps: number[] } | undefined;
    w.on('message', (m) => (msg = m));
    w.on('error', reject);
    w.on('exit', (code) => (msg ? resolve({ ...msg, exitCode: code }) : reject(new Error(`worker exited (${code}) without a result`))));
  });
}

/** What h5py sees in a worker's file. */
function pyFile(p: string): { seed: number; shape: number[]; ok: boolean; strings: string[] } {
  return py(
    `f = h5py.File(sys.argv[1], 'r'); d = f['d'][:]; seed = int(f.attrs['seed'])
print(json.dumps({'seed': seed, 'shape': list(d.shape), 'ok': bool((d.ravel() == seed + np.arange(d.size)).all()),
  'strings': f['s'].asstr()[:].tolist()}))`,
    p,
  );
}

test('two workers write their own files at the same time; h5py reads both complete', async () => {
  const rows = 600;
  const a = file('worker-a.h5');
  const b = file('worker-b.h5');
  const [ra, rb] = await Promise.all([
    run({ path: a, seed: 0, rows, close: true, useAsync: false }),
    run({ path: b, seed: 1_000_000, rows, close: true, useAsync: true }),
  ]);
  expect([ra.exitCode, rb.exitCode]).toEqual([0, 0]);
  const strings = (seed: number) => Array.from({ length: rows / 50 }, (_, k) => `row ${k * 50} of worker ${seed}`);
  expect(pyFile(a)).toEqual({ seed: 0, shape: [rows, 8], ok: true, strings: strings(0) });
  expect(pyFile(b)).toEqual({ seed: 1_000_000, shape: [rows, 8], ok: true, strings: strings(1_000_000) });
});

test('the main thread keeps using h5nwb while workers write', async () => {
  const p = file('main.h5');
  const f = File.open(p, 'w');
  const d = f.createDataset('m', { dtype: 'float64', shape: [0], maxshape: [null] });
  const work = Promise.all([
    run({ path: file('worker-c.h5'), seed: 5, rows: 400, close: true, useAsync: true }),
    run({ path: file('worker-d.h5'), seed: 7, rows: 400, close: true, useAsync: false }),
  ]);
  let n = 0;
  let done = false;
  work.then(() => (done = true), () => (done = true));
  while (!done) {
    d.append([n++]);
    await new Promise((r) => setImmediate(r));
  }
  await work;
  f.close();
  expect(n).toBeGreaterThan(0);
  expect(py(`f = h5py.File(sys.argv[1], 'r'); d = f['m'][:]; print(json.dumps({'n': int(d.size), 'ok': bool((d == np.arange(d.size)).all())}))`, p)).toEqual({ n, ok: true });
  expect(pyFile(file('worker-c.h5'))).toMatchObject({ seed: 5, shape: [400, 8], ok: true });
  expect(pyFile(file('worker-d.h5'))).toMatchObject({ seed: 7, shape: [400, 8], ok: true });
});

test('a worker that ends with its file still open leaves a complete file', async () => {
  const p = file('worker-open.h5');
  const r = await run({ path: p, seed: 42, rows: 300, close: false, useAsync: true });
  expect(r.exitCode).toBe(0);
  expect(pyFile(p)).toEqual({ seed: 42, shape: [300, 8], ok: true, strings: Array.from({ length: 6 }, (_, k) => `row ${k * 50} of worker 42`) });
  // And the main thread may truncate it: the worker's handles are gone.
  const f = File.open(p, 'w');
  f.close();
});

// A worker streaming large appends (queued to the addon's I/O thread), terminated while some are in flight.
const STREAMER = `
const { workerData, parentPort } = require('worker_threads');
const { File } = require(workerData.lib);
const n = 100000;
const f = File.open(workerData.path, 'w');
const d = f.createDataset('d', { dtype: 'float64', shape: [0, n], maxshape: [null, n], chunks: [1, n] });
let i = 0;
const next = () => {
  const row = new Float64Array(n).fill(i++);
  // Two in flight at a time, so that termination finds work queued.
  d.appendAsync(row).then((len) => { if (len === 20) parentPort.postMessage('running'); next(); });
};
next();
next();
`;

test('a worker terminated while its async appends are in flight: no crash, whole rows in its file, async use goes on', async () => {
  const script2 = path.join(dir, 'streamer.js');
  fs.writeFileSync(script2, STREAMER);
  const p = file('worker-terminated.h5');
  const w = new Worker(script2, { workerData: { lib, path: p } });
  await new Promise<void>((resolve, reject) => {
    w.on('message', () => resolve());
    w.on('error', reject);
    w.on('exit', (code) => reject(new Error(`worker exited (${code}) before it was running`)));
  });
  const code = await w.terminate();
  expect(code).toBe(1); // terminated
  // The main thread's queued operations still run and settle.
  const m = File.open(file('after-terminate.h5'), 'w');
  const md = m.createDataset('d', { dtype: 'float64', shape: [200_000] });
  await md.writeAsync(new Float64Array(200_000).fill(3));
  expect((await md.readAsync({ start: [199_999], count: [1] })).data).toEqual(Float64Array.of(3));
  await m.closeAsync();
  // Every row the file holds is whole: row r is all r (the worker's file was closed at its exit).
  const r = py(`d = h5py.File(sys.argv[1], 'r')['d']
rows = d.shape[0]
print(json.dumps({'rows': rows, 'whole': all(bool((d[r] == r).all()) for r in range(rows))}))`, p);
  expect(r.rows).toBeGreaterThanOrEqual(20);
  expect(r.whole).toBe(true);
});

// In a child process whose main thread never loads h5nwb: Node unloads an addon when the last environment that
// loaded it ends, and the addon's process-wide state (HDF5's per-thread data, the exit handlers, the I/O thread)
// must outlive that. `how`: 'end' lets the workers finish, 'exit' calls process.exit() while they are in the
// middle of addon calls (some failing, so that errors are being thrown as the workers are stopped).
const ONLY_WORKERS = `
const { Worker, isMainThread, workerData, parentPort } = require('worker_threads');
if (isMainThread) {
  const [, , lib, dir, how] = process.argv;
  let ready = 0;
  for (let k = 0; k < 2; k++) {
    const w = new Worker(__filename, { workerData: { lib, path: dir + '/only-worker-' + how + '-' + k + '.h5', how } });
    w.on('message', () => { if (++ready === 2 && how === 'exit') setTimeout(() => process.exit(0), 20); });
    w.on('error', (e) => { console.error(e); process.exitCode = 2; });
  }
} else {
  const { File } = require(workerData.lib);
  const f = File.open(workerData.path, 'w');
  f.createDataset('d', { data: new Int32Array([1, 2, 3]) });
  if (workerData.how === 'end') {
    f.close();
    parentPort.postMessage('done');
  } else {
    parentPort.postMessage('ready');
    const d = f.getDataset('d');
    for (;;) {
      try { File.open(workerData.path + '.missing', 'r'); } catch (e) { if (!(e instanceof Error)) throw e; }
      d.read();
    }
  }
}
`;

function runOnlyWorkers(how: 'end' | 'exit'): { status: number | null; signal: string | null; stderr: string } {
  const script3 = path.join(dir, 'only-workers.js');
  fs.writeFileSync(script3, ONLY_WORKERS);
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { spawnSync } = require('child_process') as typeof import('child_process');
  const r = spawnSync(process.execPath, [script3, lib, dir, how], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, signal: r.signal, stderr: r.stderr };
}

test('only worker threads use h5nwb (the main thread never loads it): the workers end and the process exits cleanly', () => {
  for (let round = 0; round < 3; round++) {
    expect(runOnlyWorkers('end')).toEqual({ status: 0, signal: null, stderr: '' });
  }
  for (let k = 0; k < 2; k++) {
    expect(py(`print(json.dumps(h5py.File(sys.argv[1], 'r')['d'][:].tolist()))`, path.join(dir, `only-worker-end-${k}.h5`))).toEqual([1, 2, 3]);
  }
});

test('process.exit() while worker threads are in the middle of addon calls: a clean exit, their files readable', () => {
  for (let round = 0; round < 5; round++) {
    expect(runOnlyWorkers('exit')).toEqual({ status: 0, signal: null, stderr: '' });
  }
  for (let k = 0; k < 2; k++) {
    expect(py(`print(json.dumps(h5py.File(sys.argv[1], 'r')['d'][:].tolist()))`, path.join(dir, `only-worker-exit-${k}.h5`))).toEqual([1, 2, 3]);
  }
});

test('a worker that ends while its File.openAsync waits for the I/O thread: the file is created and closed, no id left open', async () => {
  const { native } = await import('../../lib/binding');
  const p = file('open-window.h5');
  const before = native.libraryInfo().openIds;
  // The I/O thread is held, so the open is still queued when the worker ends; the environment's clean-up waits
  // for it, and the opened file, which no JavaScript will ever hold, must be closed then.
  const code = `
    const { workerData } = require('worker_threads');
    const { File } = require(workerData.lib);
    const { native } = require(workerData.lib + '/binding');
    native.asyncHoldIoThread(300);
    File.openAsync(workerData.p, 'w');
    process.exit(0);
  `;
  const exitCode = await new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true, workerData: { lib, p } });
    w.on('error', reject);
    w.on('exit', resolve);
  });
  expect(exitCode).toBe(0);
  expect(native.libraryInfo().openIds).toBe(before);
  // Closed, so another process can open it (HDF5's file locking would refuse a file still open here for writing).
  expect(py("f = h5py.File(sys.argv[1], 'r'); print(json.dumps([f.filename.endswith('open-window.h5'), list(f.keys())]))", p)).toEqual([true, []]);
});

test("workers opening the same missing files with mode 'a' at the same moment all succeed and all write", async () => {
  const W = 3;
  const N = 30;
  const names = Array.from({ length: N }, (_, i) => file(`same-a-${i}.h5`));
  const barrier = new Int32Array(new SharedArrayBuffer(4 * N));
  // Each worker waits for the others at every file, then opens it with 'a' and writes its own attribute.
  const code = `
    const { workerData, parentPort } = require('worker_threads');
    const { File } = require(workerData.lib);
    const { names, barrier, w, W } = workerData;
    const out = [];
    for (let i = 0; i < names.length; i++) {
      Atomics.add(barrier, i, 1);
      while (Atomics.load(barrier, i) < W) {}
      try {
        const f = File.open(names[i], 'a');
        f.attrs.set('w' + w, w);
        f.close();
        out.push('ok');
      } catch (e) {
        out.push(String(e.code) + ': ' + e.message);
      }
    }
    parentPort.postMessage(out);
  `;
  const results = await Promise.all(
    Array.from({ length: W }, (_, w) => new Promise<string[]>((resolve, reject) => {
      const wk = new Worker(code, { eval: true, workerData: { lib, names, barrier, w, W } });
      wk.on('message', resolve);
      wk.on('error', reject);
    })),
  );
  expect(results.flat().filter((r) => r !== 'ok')).toEqual([]);
  const attrs = py(
    "print(json.dumps([sorted(h5py.File(p, 'r').attrs.keys()) for p in sys.argv[1:]]))",
    ...names,
  );
  expect(attrs).toEqual(names.map(() => ['w0', 'w1', 'w2']));
});
