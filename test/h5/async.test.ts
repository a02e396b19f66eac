/**
 * The async twins: readAsync, writeAsync, appendAsync, flushAsync, File.openAsync, closeAsync. Ordering of
 * concurrent appends, the event loop during a large write, close() while busy, closeAsync waiting.
 */
import { spawnSync } from 'child_process';
import { Worker } from 'worker_threads';
import * as fs from 'fs';
import * as path from 'path';
import { asyncPolling, ErrorCodes, File, Hdf5Error, slice } from '../../lib';
import type { Dataset, Hyperslab } from '../../lib';
import { native } from '../../lib/binding';
import { libForChildren, py, pyResult, rejected, thrown, tmpDir } from '../helpers';

const { dir, file } = tmpDir('async');

test('readAsync / writeAsync / appendAsync / flushAsync / closeAsync round-trip through h5py', async () => {
  const p = file('basic.h5');
  const f = await File.openAsync(p, 'w');
  const d = f.createDataset('d', { dtype: 'float64', shape: [4, 3] });
  await d.writeAsync(Float64Array.from({ length: 12 }, (_, i) => i / 2));
  await d.writeAsync([[-1, -2]], [slice(3, 4), slice(1, 3)]);
  const part = await d.readAsync({ start: [1, 0], count: [2, 3] });
  expect(part.shape).toEqual([2, 3]);
  expect(Array.from(part.data as Float64Array)).toEqual([1.5, 2, 2.5, 3, 3.5, 4]);
  const s = f.createDataset('s', { dtype: 'string', shape: [0], maxshape: [null] });
  expect(await s.appendAsync(['α', 'β'])).toBe(2);
  expect(await s.appendAsync('γ')).toBe(3);
  expect((await s.readAsync()).data).toEqual(['α', 'β', 'γ']);
  const into = new Float64Array(3);
  expect(await d.readIntoAsync(into, [3])).toBe(into);
  expect(Array.from(into)).toEqual([4.5, -1, -2]);
  await f.flushAsync();
  const mid = pyResult(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps(f['s'].asstr()[:].tolist()))`, [p], { HDF5_USE_FILE_LOCKING: 'FALSE' });
  expect(mid.value).toEqual(['α', 'β', 'γ']);
  await f.closeAsync();
  expect(f.isOpen).toBe(false);
  const r = py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps({'d': f['d'][:].tolist(), 's': f['s'].asstr()[:].tolist()}))`, p);
  expect(r).toEqual({ d: [[0, 0.5, 1], [1.5, 2, 2.5], [3, 3.5, 4], [4.5, -1, -2]], s: ['α', 'β', 'γ'] });
});

test('argument errors of the async twins reject (never throw synchronously) and write nothing', async () => {
  const p = file('errors.h5');
  const f = File.open(p, 'w');
  const d = f.createDataset('d', { dtype: 'int32', shape: [2], maxshape: [3] });
  const calls: [string, () => Promise<unknown>, string][] = [
    ['writeAsync wrong length', () => d.writeAsync([1, 2, 3]), 'RangeError'],
    ['writeAsync strings', () => d.writeAsync(['a', 'b']), 'TypeError'],
    ['writeAsync out of bounds', () => d.writeAsync([1], [5]), 'RangeError'],
    ['appendAsync beyond maxshape', () => d.appendAsync([1, 2]), 'RangeError'],
    ['appendAsync bad axis', () => d.appendAsync([1], 1), 'RangeError'],
  ];
  for (const [what, fn, name] of calls) {
    let promise: Promise<unknown> | undefined;
    expect(() => (promise = fn())).not.toThrow();
    expect({ what, name: (await rejected(promise!)).name }).toEqual({ what, name });
  }
  const reads: [string, () => Promise<unknown>, string][] = [
    ['readAsync out of bounds', () => d.readAsync([9]), 'RangeError'],
    ['readIntoAsync wrong size', () => d.readIntoAsync(new Int32Array(5)), 'RangeError'],
    ['readIntoAsync not a TypedArray', () => d.readIntoAsync([0, 0] as never), 'TypeError'],
  ];
  for (const [what, fn, name] of reads) {
    let promise: Promise<unknown> | undefined;
    expect(() => (promise = fn())).not.toThrow();
    expect({ what, name: (await rejected(promise!)).name }).toEqual({ what, name });
  }
  expect(f.pendingOperations).toBe(0);
  f.close();
  expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps({'shape': list(f['d'].shape), 'v': f['d'][:].tolist()}))`, p)).toEqual({ shape: [2], v: [0, 0] });
});

test('many concurrent appendAsync calls, issued without awaiting, land in the order they were made', async () => {
  const p = file('order.h5');
  const f = File.open(p, 'w');
  const d = f.createDataset('d', { dtype: 'int32', shape: [0, 4], maxshape: [null, 4], chunks: [64, 4] });
  const n = 300;
  const ps: Promise<number>[] = [];
  for (let i = 0; i < n; i++) {
    // Mixed forms: TypedArray rows, nested arrays and { data, shape }.
    const row = [i * 4, i * 4 + 1, i * 4 + 2, i * 4 + 3];
    if (i % 3 === 0) ps.push(d.appendAsync(Int32Array.from(row)));
    else if (i % 3 === 1) ps.push(d.appendAsync([row]));
    else ps.push(d.appendAsync({ data: row, shape: [1, 4] }));
  }
  // The first ones run inline (each complete when its call returns) until one is queued; from then on every
  // call queues behind it. Either way they land in call order.
  const lens = await Promise.all(ps);
  expect(lens).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  expect(f.pendingOperations).toBe(0);
  const col = f.createDataset('col', { dtype: 'int16', shape: [2, 0], maxshape: [2, null] });
  const cps: Promise<number>[] = [];
  for (let i = 0; i < 50; i++) cps.push(col.appendAsync(new Int16Array([i, -i]), 1));
  await Promise.all(cps);
  f.close();
  const r = py(
    `f = h5py.File(sys.argv[1], 'r'); d = f['d'][:]; c = f['col'][:]
print(json.dumps({'shape': list(d.shape), 'inorder': bool((d.ravel() == np.arange(d.size)).all()), 'firstbad': int(np.argmax(d.ravel() != np.arange(d.size))),
  'col': c.tolist()}))`,
    p,
  );
  expect(r).toMatchObject({ shape: [n, 4], inorder: true });
  expect(r.col).toEqual([Array.from({ length: 50 }, (_, i) => i), Array.from({ length: 50 }, (_, i) => (i === 0 ? 0 : -i))]);
});

/**
 * The event-loop checks run in a child process (compiled from lib/ by libForChildren), so that nothing else in
 * this jest worker (garbage handles of earlier tests awaiting their finalizers) interferes with the count.
 * The child writes a gzip-compressed 32 MiB dataset with writeAsync, then reads it back with readAsync, and
 * counts setInterval(1 ms) ticks that fire while each promise is pending.
 */
const EVENT_LOOP_CHILD = `
const { File } = require(process.argv[2]);
(async () => {
  const garbage = process.argv[4] === 'garbage';
  const f = File.open(process.argv[3], 'w');
  const n = 4 * 1024 * 1024;
  const d = f.createDataset('big', { dtype: 'float64', shape: [n], chunks: [1 << 16], compression: 'gzip', compressionLevel: 1 });
  const data = new Float64Array(n);
  let x = 12345;
  for (let i = 0; i < n; i++) { x = (x * 1103515245 + 12345) % 2147483648; data[i] = x % 1000; }
  if (garbage) { f.createDataset('g', { data: [1] }); for (let i = 0; i < 1000; i++) f.get('g'); }
  const during = async (start) => {
    let ticks = 0, settled = false;
    const timer = setInterval(() => { if (!settled) ticks++; }, 1);
    const t0 = Date.now();
    const p = start();
    if (garbage) global.gc(); // the dropped handles' finalizers run while the operation holds HDF5
    const value = await p.finally(() => { settled = true; clearInterval(timer); });
    return { ticks, ms: Date.now() - t0, value };
  };
  const w = await during(() => d.writeAsync(data));
  const r = await during(() => d.readAsync());
  let same = r.value.data.length === n;
  for (let i = 0; same && i < n; i++) same = r.value.data[i] === data[i];
  let sum = 0;
  for (let i = 0; i < n; i++) sum += data[i];
  f.close();
  console.log(JSON.stringify({ write: { ticks: w.ticks, ms: w.ms }, read: { ticks: r.ticks, ms: r.ms }, same, sum, first: Array.from(data.subarray(0, 5)) }));
})().catch((e) => { console.error(e); process.exit(1); });
`;

describe('arrays over a resizable ArrayBuffer (which may shrink while the I/O thread works)', () => {
  // V8 takes a shrunk buffer's pages away: an I/O thread still reading or writing them would crash the process.
  const N = 4 * 1024 * 1024; // 32 MiB of float64: queued to the I/O thread, and long enough to shrink meanwhile
  const resizable = (n: number) => new Float64Array(new (ArrayBuffer as unknown as new (n: number, o: object) => ArrayBuffer)(n * 8, { maxByteLength: n * 8 }));
  const shrink = (a: Float64Array) => (a.buffer as unknown as { resize(n: number): void }).resize(0);

  test('readIntoAsync fills an array that kept its size, and rejects (RangeError) for one shrunk meanwhile', async () => {
    const p = file('resizable-read.h5');
    const f = File.open(p, 'w');
    const d = f.createDataset('d', { data: Float64Array.from({ length: N }, (_, i) => i) });
    const kept = resizable(N);
    const sel = { start: [0], count: [N] };
    const [a, b] = [d.readIntoAsync(kept), d.readIntoAsync(kept, sel)];
    expect(await a).toBe(kept);
    expect(await b).toBe(kept);
    expect([kept[0], kept[N - 1]]).toEqual([0, N - 1]);
    for (const s of [undefined, sel]) {
      const out = resizable(N);
      const pending = d.readIntoAsync(out, s);
      shrink(out);
      const e = await rejected(pending);
      expect([e.name, e.message]).toEqual(['RangeError', `the array given to readIntoAsync for dataset '/d' of ${p} was resized while the read ran`]);
    }
    expect((await d.readAsync({ start: [N - 1], count: [1] })).data).toEqual(new Float64Array([N - 1]));
    await f.closeAsync();
  });

  test('writeAsync and appendAsync write the values the array held at the call, however it shrinks after', async () => {
    const p = file('resizable-write.h5');
    const f = File.open(p, 'w');
    const d = f.createDataset('d', { dtype: 'float64', shape: [N] });
    const e = f.createDataset('e', { dtype: 'float64', shape: [0], maxshape: [null], chunks: [1 << 16] });
    const w = resizable(N).fill(3);
    const a = resizable(N).fill(4);
    const pw = d.writeAsync(w);
    const pa = e.appendAsync(a);
    shrink(w);
    shrink(a);
    await pw;
    expect(await pa).toBe(N);
    await f.closeAsync();
    expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps([f['d'][0], f['d'][-1], f['e'].shape[0], f['e'][-1]]))`, p)).toEqual([3, 3, N, 4]);
  });
});

describe('the event loop keeps turning during a large writeAsync / readAsync', () => {
  let lib: string;
  beforeAll(() => {
    lib = libForChildren(dir);
    fs.writeFileSync(path.join(dir, 'event-loop-child.js'), EVENT_LOOP_CHILD);
  });

  function runChild(mode: 'clean' | 'garbage', p: string) {
    const r = spawnSync(process.execPath, ['--expose-gc', path.join(dir, 'event-loop-child.js'), lib, p, mode], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`child failed (${r.status}): ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').pop()!);
  }

  test('a setInterval counter increases while the write and the read are in flight; h5py reads the data', () => {
    const p = file('event-loop.h5');
    const r = runChild('clean', p);
    expect(r.same).toBe(true);
    // At least one tick per 4 ms of work: the loop is free (a blocked loop gets 0-2 ticks).
    expect(r.write.ms).toBeGreaterThan(20);
    expect(r.write.ticks).toBeGreaterThanOrEqual(Math.max(5, Math.floor(r.write.ms / 4)));
    expect(r.read.ticks).toBeGreaterThanOrEqual(Math.max(3, Math.floor(r.read.ms / 4)));
    expect(py(`f = h5py.File(sys.argv[1], 'r'); d = f['big'][:]
print(json.dumps({'n': int(d.size), 'sum': float(d.sum()), 'first': d[:5].tolist(), 'compression': f['big'].compression}))`, p)).toEqual({
      n: 4 * 1024 * 1024, sum: r.sum, first: r.first, compression: 'gzip',
    });
  });

  // Native bug: the finalizer of a dropped handle (~Handle, native/core/handle.cc) takes the global HDF5 mutex
  // on the JS thread, so it waits for the whole async operation holding that mutex: the event loop stops.
  test('... also when handles dropped without close() are finalized during the operation', () => {
    const r = runChild('garbage', file('event-loop-gc.h5'));
    expect(r.same).toBe(true);
    expect(r.write.ticks).toBeGreaterThanOrEqual(Math.max(5, Math.floor(r.write.ms / 4)));
  });
});

test('close() while async operations are pending throws ERR_H5_BUSY and loses nothing', async () => {
  const p = file('busy.h5');
  const f = File.open(p, 'w');
  const d = f.createDataset('d', { dtype: 'int32', shape: [0], maxshape: [null], chunks: [256] });
  const w = f.createDataset('w', { dtype: 'float64', shape: [1 << 20] });
  const ps: Promise<unknown>[] = [];
  for (let i = 0; i < 100; i++) ps.push(d.appendAsync(Int32Array.from({ length: 100 }, (_, j) => i * 100 + j)));
  ps.push(w.writeAsync(new Float64Array(1 << 20).fill(2.5)));
  ps.push(f.flushAsync());
  const e = thrown(() => f.close());
  expect(e).toBeInstanceOf(Hdf5Error);
  expect(e.code).toBe(ErrorCodes.BUSY);
  expect(e.file).toBe(p);
  expect(f.isOpen).toBe(true);
  await Promise.all(ps);
  expect(f.pendingOperations).toBe(0);
  f.close();
  const r = py(
    `f = h5py.File(sys.argv[1], 'r'); d = f['d'][:]; w = f['w'][:]
print(json.dumps({'n': int(d.size), 'ok': bool((d == np.arange(10000)).all()), 'w': bool((w == 2.5).all())}))`,
    p,
  );
  expect(r).toEqual({ n: 10000, ok: true, w: true });
});

test('closeAsync waits for pending operations, then closes; the data is all there', async () => {
  const p = file('closeasync.h5');
  const f = await File.openAsync(p, 'w');
  const d = f.createDataset('d', { dtype: 'int16', shape: [0, 2], maxshape: [null, 2] });
  const big = f.createDataset('big', { dtype: 'int32', shape: [1 << 21] });
  const ps: Promise<unknown>[] = [];
  for (let i = 0; i < 64; i++) ps.push(d.appendAsync([[i, -i]]));
  ps.push(big.writeAsync(Int32Array.from({ length: 1 << 21 }, (_, i) => i)));
  const settled: boolean[] = [];
  ps.forEach((q, i) => q.then(() => (settled[i] = true)));
  await f.closeAsync();
  expect(settled.filter(Boolean).length).toBe(ps.length);
  expect(f.isOpen).toBe(false);
  expect(d.isOpen).toBe(false);
  let late: Promise<unknown> | undefined;
  expect(() => (late = d.readAsync())).not.toThrow();
  expect((await rejected(late!)).code).toBe(ErrorCodes.CLOSED);
  const r = py(
    `f = h5py.File(sys.argv[1], 'r'); d = f['d'][:]; b = f['big'][:]
print(json.dumps({'shape': list(d.shape), 'col0': d[:, 0].tolist(), 'big': bool((b == np.arange(1 << 21)).all())}))`,
    p,
  );
  expect(r).toEqual({ shape: [64, 2], col0: Array.from({ length: 64 }, (_, i) => i), big: true });
});

test('async operations on a closed file reject with ERR_H5_CLOSED', async () => {
  const p = file('closed.h5');
  const f = File.open(p, 'w');
  const d = f.createDataset('d', { dtype: 'int8', shape: [2], maxshape: [null] });
  f.close();
  for (const fn of [() => d.readAsync(), () => d.readIntoAsync(new Int8Array(2)), () => d.writeAsync([1, 2]), () => d.appendAsync([1]), () => f.flushAsync()]) {
    let promise: Promise<unknown> | undefined;
    expect(() => (promise = fn())).not.toThrow();
    const e = await rejected(promise!);
    expect(e).toBeInstanceOf(Hdf5Error);
    expect(e.code).toBe(ErrorCodes.CLOSED);
    expect(e.file).toBe(p);
  }
  await expect(f.closeAsync()).resolves.toBeUndefined();
});

describe('tiny operations run inline (a settled promise) when nothing is queued on the file', () => {
  test('an awaited loop of tiny appends, writes and reads is right, and the event loop keeps turning', async () => {
    const p = file('inline.h5');
    const f = File.open(p, 'w');
    const d = f.createDataset('d', { dtype: 'int32', shape: [0, 4], maxshape: [null, 4], chunks: [256, 4] });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const t0 = Date.now();
    const n = 20000;
    for (let i = 0; i < n; i++) expect(await d.appendAsync(Int32Array.of(i, i + 1, i + 2, i + 3))).toBe(i + 1);
    const ms = Date.now() - t0;
    clearInterval(timer);
    // The loop never waits for the I/O thread, yet timers fire throughout (settled from setImmediate once
    // inline work ran ~1 ms without a turn of the event loop).
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(ms / 4));
    await d.writeAsync(Int32Array.of(-1, -2, -3, -4), { start: [5, 0], count: [1, 4] });
    const row = new Int32Array(4);
    expect(await d.readIntoAsync(row, [5])).toBe(row);
    expect(Array.from(row)).toEqual([-1, -2, -3, -4]);
    expect(Array.from((await d.readAsync([n - 1])).data as Int32Array)).toEqual([n - 1, n, n + 1, n + 2]);
    expect(f.pendingOperations).toBe(0);
    f.close();
    const r = py(`f = h5py.File(sys.argv[1], 'r'); d = f['d'][:]
print(json.dumps({'n': int(d.shape[0]), 'c0': bool((d[:, 0] == np.where(np.arange(d.shape[0]) == 5, -1, np.arange(d.shape[0]))).all())}))`, p);
    expect(r).toEqual({ n, c0: true });
  });

  test('an inline operation is complete when the call returns; the next one runs after it, in order', async () => {
    const f = File.open(file('inline-order.h5'), 'w');
    const d = f.createDataset('d', { dtype: 'int16', shape: [0], maxshape: [null], chunks: [64] });
    const a = d.appendAsync(Int16Array.of(1, 2));
    expect(d.shape).toEqual([2]); // already written
    expect(f.pendingOperations).toBe(0); // nothing in flight: it ran
    const b = d.appendAsync(Int16Array.of(3));
    expect(d.shape).toEqual([3]);
    // A queued operation makes the file busy: the next tiny one waits its turn behind it instead of overtaking.
    const big = d.appendAsync(new Int16Array(40000).fill(4));
    const c = d.appendAsync(Int16Array.of(5));
    expect(f.pendingOperations).toBe(2);
    // big may already be written (it started at once on the I/O thread), but c starts only after big settles,
    // which takes a turn of the event loop: c has not overtaken it.
    expect(d.shape[0]).toBeLessThanOrEqual(40003);
    expect(await Promise.all([a, b, big, c])).toEqual([2, 3, 40003, 40004]);
    const all = d.read().data as Int16Array;
    expect(Array.from(all.subarray(0, 3))).toEqual([1, 2, 3]);
    expect(all[3] === 4 && all[40002] === 4 && all[40003] === 5).toBe(true);
    f.close();
  });

  test('queued reads and writes take their selection when they start: they see the rows of appends issued before them', async () => {
    const p = file('queued-selection.h5');
    const f = File.open(p, 'w');
    const d = f.createDataset('d', { dtype: 'float64', shape: [0, 4], maxshape: [null, 4], chunks: [16, 4] });
    const other = f.getDataset('d'); // a second object for the same dataset, which has not seen the appends
    const out = new Float64Array(4);
    const sel: Hyperslab = { start: [50000, 0], count: [1, 4] };
    // The I/O thread is held, so the append is still queued when the calls behind it are made.
    native.asyncHoldIoThread(60_000);
    let calls: Promise<unknown>[];
    try {
      calls = [
        d.appendAsync(new Float64Array(4 * 100000).fill(3)),
        other.writeAsync(Float64Array.of(4, 4, 4, 4), sel),
        d.readAsync(sel),
        other.readIntoAsync(out, { start: [50001, 0], count: [1, 4] }),
        d.readAsync([slice(99998, null), null]), // resolved against 100000 rows, not 0
        d.writeAsync([[7, 7, 7, 7]], [slice(-1, null), null]), // the last row once the append is done
        d.writeAsync(Float64Array.of(1, 2, 3, 4), { start: [100000, 0], count: [1, 4] }), // past the end then too
      ];
      sel.start[0] = 0; // the selection object may be changed once the call is made
    } finally {
      native.asyncHoldIoThread(0);
    }
    const r = await Promise.allSettled(calls);
    expect(r.slice(0, 6).map((x) => x.status)).toEqual(Array(6).fill('fulfilled'));
    const v = r.map((x) => (x.status === 'fulfilled' ? x.value : x.reason));
    expect(v[0]).toBe(100000);
    expect(Array.from((v[2] as { data: Float64Array }).data)).toEqual([4, 4, 4, 4]);
    expect(Array.from(out)).toEqual([3, 3, 3, 3]);
    expect((v[4] as { shape: number[] }).shape).toEqual([2, 4]);
    expect((v[6] as Error).name).toBe('RangeError');
    expect((v[6] as Error).message).toContain('[100000,4]');
    await f.closeAsync();
    expect(py(`d = h5py.File(sys.argv[1], 'r')['d']
print(json.dumps([list(d.shape), d[0].tolist(), d[50000].tolist(), d[50001].tolist(), d[99999].tolist()]))`, p)).toEqual([
      [100000, 4], [3, 3, 3, 3], [4, 4, 4, 4], [3, 3, 3, 3], [7, 7, 7, 7],
    ]);
  });

  test('the same order with a plain two-step sequence', async () => {
    const f = File.open(file('inline-order2.h5'), 'w');
    const d = f.createDataset('d', { dtype: 'int16', shape: [0], maxshape: [null], chunks: [64] });
    const a = d.appendAsync(Int16Array.of(1, 2));
    const b = d.appendAsync(Int16Array.of(3));
    expect(await Promise.all([a, b])).toEqual([2, 3]);
    expect(Array.from(d.read().data as Int16Array)).toEqual([1, 2, 3]);
    f.close();
  });

  test('late in a slice an inline operation settles from setImmediate: pending until then, close() refuses, closeAsync() waits', async () => {
    const p = file('inline-late.h5');
    const f = File.open(p, 'w');
    const d = f.createDataset('d', { dtype: 'int16', shape: [0], maxshape: [null], chunks: [64] });
    await new Promise((r) => setImmediate(r)); // a fresh slice
    await d.appendAsync(Int16Array.of(0)); // starts the slice
    const until = performance.now() + 3;
    while (performance.now() < until); // the slice outlasts 1 ms without a turn of the event loop
    // The clock is read every 16th operation: within 16 awaited appends (microtasks only) one settles late.
    let late: Promise<number> | null = null;
    for (let i = 1; i <= 16 && !late; i++) {
      const q = d.appendAsync(Int16Array.of(i));
      if (f.pendingOperations === 1) late = q;
      else await q;
    }
    expect(late).not.toBeNull();
    const written = d.shape[0];
    expect(thrown(() => f.close())).toHaveProperty('code', ErrorCodes.BUSY);
    await f.closeAsync(); // waits for the late promise, then closes
    expect(await late).toBe(written);
    expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps(f['d'][:].tolist()))`, p)).toEqual(Array.from({ length: written }, (_, i) => i));
  });

  test('filtered datasets, large arrays, big cached chunks and strings are queued to the I/O thread', async () => {
    const f = File.open(file('inline-not.h5'), 'w');
    const gz = f.createDataset('gz', { dtype: 'int16', shape: [0], maxshape: [null], chunks: [64], compression: 'gzip' });
    const plain = f.createDataset('plain', { dtype: 'int16', shape: [0], maxshape: [null], chunks: [1 << 16] });
    const big = f.createDataset('big', { dtype: 'int16', shape: [0], maxshape: [null], chunks: [1 << 20], chunkCache: { slots: 521, bytes: 4 << 20 } });
    const str = f.createDataset('str', { dtype: 'string', shape: [0], maxshape: [null], chunks: [64] });
    const cases: [string, () => Promise<unknown>, () => number[]][] = [
      ['gzip', () => gz.appendAsync(Int16Array.of(1)), () => gz.shape],
      ['more than 64 KiB', () => plain.appendAsync(new Int16Array(40000)), () => plain.shape],
      ['strings', () => str.appendAsync(['x']), () => str.shape],
      ['a 2 MiB chunk the cache would hold', () => big.appendAsync(Int16Array.of(1)), () => big.shape],
    ];
    for (const [what, fn, shape] of cases) {
      const before = shape()[0];
      const q = fn();
      // Queued: pending, and its promise does not settle within this turn of the event loop (an inline
      // operation's promise is settled when the call returns, and would win the race).
      expect({ what, pending: f.pendingOperations }).toEqual({ what, pending: 1 });
      const PENDING = Symbol('pending');
      expect({ what, state: await Promise.race([q, Promise.resolve(PENDING)]) }).toEqual({ what, state: PENDING });
      await q;
      expect({ what, len: shape()[0] > before }).toEqual({ what, len: true });
    }
    f.close();
  });

  test('a tiny operation never waits for the HDF5 lock held by another file\'s operation: it is queued instead', async () => {
    const a = File.open(file('inline-busy-a.h5'), 'w');
    const b = File.open(file('inline-busy-b.h5'), 'w');
    const n = 4 * 1024 * 1024;
    const big = a.createDataset('big', { dtype: 'float64', shape: [n], chunks: [1 << 16], compression: 'gzip', compressionLevel: 6 });
    const data = Float64Array.from({ length: n }, (_, i) => (i * 7919) % 1000);
    const d = b.createDataset('d', { dtype: 'int16', shape: [0], maxshape: [null], chunks: [64] });
    await d.appendAsync(Int16Array.of(4)); // (its shape and facts are known from here on: no metadata call below)
    const w0 = process.hrtime.bigint();
    let bigMs = 0;
    const w = big.writeAsync(data).then(() => {
      bigMs = Number(process.hrtime.bigint() - w0) / 1e6;
    });
    // Let the I/O thread start the big write (it holds the HDF5 lock for tens of ms).
    await new Promise((r) => setTimeout(r, 5));
    const t0 = process.hrtime.bigint();
    const tiny = d.appendAsync(Int16Array.of(5));
    const callMs = Number(process.hrtime.bigint() - t0) / 1e6;
    await Promise.all([w, tiny]);
    // The call returned at once, whether it ran inline (the lock was free) or was queued (the write held it):
    // it never waited for the write, which holds the lock far longer. Which of the two happened depends on the
    // scheduling of the I/O thread, so only the guarantee is asserted.
    expect(bigMs).toBeGreaterThan(50);
    expect(callMs).toBeLessThan(Math.min(50, bigMs / 2));
    expect(Array.from(d.read().data as Int16Array)).toEqual([4, 5]);
    a.close();
    b.close();
  });
});

describe('the I/O thread that runs queued operations', () => {
  test('asyncPolling reads and sets the poll budget and refuses bad values', () => {
    const before = asyncPolling();
    expect(before).toBe(1000);
    try {
      expect(asyncPolling(0)).toBe(0);
      expect(asyncPolling()).toBe(0);
      expect(asyncPolling(250)).toBe(250);
      for (const bad of [-1, 1_000_001]) expect(thrown(() => asyncPolling(bad))).toBeInstanceOf(RangeError);
      for (const bad of [1.5, '100', NaN]) expect(thrown(() => asyncPolling(bad as number))).toBeInstanceOf(TypeError);
      expect(asyncPolling()).toBe(250);
    } finally {
      asyncPolling(before);
    }
  });

  test.each([
    ['polling on', 1000],
    ['polling off', 0],
  ])('%s: large operations on two files, issued without awaiting, settle in order and write every value', async (_, budget) => {
    const before = asyncPolling(budget);
    try {
      const files = [File.open(file(`io-${budget}-a.h5`), 'w'), File.open(file(`io-${budget}-b.h5`), 'w')];
      const n = 100_000; // 800 KB per operation: never inline
      const ds = files.map((f) => f.createDataset('d', { dtype: 'float64', shape: [0, n], maxshape: [null, n], chunks: [1, n] }));
      const order: string[] = [];
      const ps: Promise<unknown>[] = [];
      for (let i = 0; i < 12; i++) {
        const k = i % 2;
        const row = new Float64Array(n).fill(i);
        row[0] = -i;
        ps.push(ds[k].appendAsync(row).then((len) => order.push(`${k}:${len}`)));
      }
      expect(files.map((f) => f.pendingOperations)).toEqual([6, 6]);
      await Promise.all(ps);
      // Per file, completions come in issue order (lengths 1..6).
      for (const k of [0, 1]) expect(order.filter((s) => s.startsWith(`${k}:`))).toEqual([1, 2, 3, 4, 5, 6].map((l) => `${k}:${l}`));
      const back = await ds[1].readAsync({ start: [2, 0], count: [1, n] });
      expect([back.shape, (back.data as Float64Array)[0], (back.data as Float64Array)[n - 1]]).toEqual([[1, n], -5, 5]);
      for (const f of files) await f.closeAsync();
      for (const k of [0, 1]) {
        expect(py(`d = h5py.File(sys.argv[1], 'r')['d'][:]
print(json.dumps({'shape': list(d.shape), 'first': d[:, 0].tolist(), 'rest': [sorted(set(r[1:].tolist())) for r in d]}))`, files[k].filename)).toEqual({
          shape: [6, n],
          first: [0, 2, 4, 6, 8, 10].map((i) => -(i + k)),
          rest: [0, 2, 4, 6, 8, 10].map((i) => [i + k]),
        });
      }
    } finally {
      asyncPolling(before);
    }
  });

  test('a poll budget about as long as each operation: completions found by polling and by wake-ups alike, none lost', async () => {
    // With a budget of a few µs, polling stops and starts around many operations (a completion handed back just
    // as polling stops must still be settled): every read must settle, with the right values, in order.
    const f = File.open(file('io-budget.h5'), 'w');
    const n = 10_000; // 80 KB per read: never inline
    const d = f.createDataset('d', { dtype: 'float64', shape: [64, n] });
    d.write(Float64Array.from({ length: 64 * n }, (_, i) => i));
    const before = asyncPolling();
    try {
      for (const budget of [1, 5, 20, 60]) {
        asyncPolling(budget);
        const outs = Array.from({ length: 8 }, () => new Float64Array(n));
        const seen: number[] = [];
        for (let round = 0; round < 25; round++) {
          // awaited one by one, and also eight at a time
          const r = (round * 7) % 64;
          await d.readIntoAsync(outs[0], { start: [r, 0], count: [1, n] });
          expect(outs[0][0]).toBe(r * n);
          await Promise.all(outs.map((o, k) => d.readIntoAsync(o, { start: [(r + k) % 64, 0], count: [1, n] }).then(() => seen.push(k))));
          outs.forEach((o, k) => expect(o[n - 1]).toBe(((r + k) % 64) * n + n - 1));
        }
        expect(seen).toEqual(Array.from({ length: 25 }, () => [0, 1, 2, 3, 4, 5, 6, 7]).flat());
      }
    } finally {
      asyncPolling(before);
      f.close();
    }
  });

  // Child processes, so that nothing else of this jest worker keeps the event loop alive.
  const LIVENESS_CHILD = `
const { File } = require(process.argv[2]);
const f = File.open(process.argv[3], 'w');
const d = f.createDataset('d', { dtype: 'float64', shape: [1 << 20], chunks: [1 << 16], compression: 'gzip' });
const t0 = Date.now();
d.writeAsync(new Float64Array(1 << 20).fill(7)).then(() => f.closeAsync()).then(() => {
  // Nothing is left to keep the process alive: it must exit now, with the I/O thread idle.
  process.on('exit', (code) => console.log(JSON.stringify({ settled: true, code })));
});
`;

  test('a pending operation keeps the process alive until it settles, and then nothing keeps it alive', () => {
    const lib = libForChildren(dir);
    const script = path.join(dir, 'liveness-child.js');
    fs.writeFileSync(script, LIVENESS_CHILD);
    const p = file('liveness.h5');
    const r = spawnSync(process.execPath, [script, lib, p], { encoding: 'utf8', timeout: 60_000 });
    expect({ status: r.status, signal: r.signal, stderr: r.stderr }).toEqual({ status: 0, signal: null, stderr: '' });
    expect(JSON.parse(r.stdout.trim())).toEqual({ settled: true, code: 0 });
    expect(py(`d = h5py.File(sys.argv[1], 'r')['d'][:]
print(json.dumps({'n': int(d.size), 'sum': float(d.sum())}))`, p)).toEqual({ n: 1 << 20, sum: 7 * (1 << 20) });
  });
  // The I/O thread and a polling event loop on one core: each must give the core up while it waits, or the other
  // cannot run (before it did, such a run took up to a scheduler tick per operation; this checks the results).
  const ONE_CORE_CHILD = `
const fs = require('fs');
const { Worker, isMainThread, workerData, parentPort } = require('worker_threads');
const { File } = require(isMainThread ? process.argv[2] : workerData.lib);
async function run(p) {
  const f = await File.openAsync(p, 'w');
  const n = 20000; // 160 KB rows: queued to the I/O thread, never inline
  const d = f.createDataset('d', { dtype: 'float64', shape: [0, n], maxshape: [null, n], chunks: [4, n] });
  for (let i = 0; i < 40; i++) await d.appendAsync(new Float64Array(n).fill(i));
  const out = new Float64Array(n);
  const wrong = [];
  for (let k = 0; k < 300; k++) {
    const r = (k * 7) % 40;
    await d.readIntoAsync(out, { start: [r, 0], count: [1, n] });
    if (out[0] !== r || out[n - 1] !== r) wrong.push(k);
  }
  await f.closeAsync();
  return wrong;
}
if (isMainThread) {
  const w = new Worker(__filename, { workerData: { lib: process.argv[2], p: process.argv[4] } });
  const fromWorker = new Promise((resolve, reject) => { w.on('message', resolve); w.on('error', reject); });
  const cores = fs.readFileSync('/proc/self/status', 'utf8').match(/Cpus_allowed_list:\\s*(\\S+)/)[1];
  Promise.all([run(process.argv[3]), fromWorker]).then(([main, worker]) => console.log(JSON.stringify({ cores, main, worker })));
} else {
  run(workerData.p).then((wrong) => parentPort.postMessage(wrong));
}
`;

  test('on one core (taskset -c 0): awaited queued appends and reads from the main thread and a worker are right', () => {
    const which = spawnSync('sh', ['-c', 'command -v taskset'], { encoding: 'utf8' });
    if (which.status !== 0) throw new Error('this test needs taskset (Debian package util-linux) to pin a child process to one core');
    const lib = libForChildren(dir);
    const script = path.join(dir, 'one-core-child.js');
    fs.writeFileSync(script, ONE_CORE_CHILD);
    const [a, b] = [file('one-core-main.h5'), file('one-core-worker.h5')];
    const r = spawnSync('taskset', ['-c', '0', process.execPath, script, lib, a, b], { encoding: 'utf8', timeout: 120_000 });
    expect({ status: r.status, signal: r.signal, stderr: r.stderr }).toEqual({ status: 0, signal: null, stderr: '' });
    expect(JSON.parse(r.stdout.trim())).toEqual({ cores: '0', main: [], worker: [] });
    for (const p of [a, b]) {
      expect(py(`d = h5py.File(sys.argv[1], 'r')['d']
print(json.dumps({'shape': list(d.shape), 'rows': [sorted(set(d[i].tolist())) for i in range(d.shape[0])]}))`, p)).toEqual({
        shape: [40, 20000],
        rows: Array.from({ length: 40 }, (_, i) => [i]),
      });
    }
  });

  test('while the I/O thread waits for a core, the awaiting thread runs short operations itself, in order; long and filtered ones wait', async () => {
    const p = file('take-back.h5');
    const f = File.open(p, 'w');
    const n = 1000; // 100 rows of 1000 float64 = 800 KB: above the inline limit, short enough to take back
    const d = f.createDataset('d', { dtype: 'float64', shape: [0, n], maxshape: [null, n], chunks: [100, n] });
    d.append(Float64Array.from({ length: 1000 * n }, (_, i) => i));
    const big = f.createDataset('big', { dtype: 'float64', shape: [300, n] }); // 2.4 MB reads: not short
    big.write(Float64Array.from({ length: 300 * n }, (_, i) => -i));
    const z = f.createDataset('z', { dtype: 'float64', shape: [100, n], chunks: [100, n], compression: 'gzip' });
    z.write(new Float64Array(100 * n).fill(0.5)); // filtered: a read may decompress whole chunks, never taken back
    const out = new Float64Array(100 * n);
    const before = native.asyncTakenBack();
    // Taking back happens while the event loop polls for the operation (within the poll budget after it was
    // issued). The addon's test-only budget of 120 s (the API allows 1 s) keeps this test's loop polling for as
    // long as the I/O thread is held, whatever stalls the loop or jumps the VM's clock meanwhile.
    const budget = asyncPolling();
    native.asyncPollMicros(120_000_000);
    native.asyncHoldIoThread(60_000);
    try {
      for (let k = 0; k < 10; k++) {
        const r = (k * 37) % 900;
        await d.readIntoAsync(out, { start: [r, 0], count: [100, n] });
        expect([out[0], out[100 * n - 1]]).toEqual([r * n, (r + 100) * n - 1]);
      }
      // Issued together: the read is queued behind the write and sees it.
      const w = d.writeAsync(new Float64Array(100 * n).fill(-7), { start: [500, 0], count: [100, n] });
      const r2 = d.readIntoAsync(out, { start: [450, 0], count: [100, n] });
      await w;
      expect(await r2).toBe(out);
      expect([out[0], out[50 * n - 1], out[50 * n], out[100 * n - 1]]).toEqual([450 * n, 500 * n - 1, -7, -7]);
      expect(await d.appendAsync(new Float64Array(100 * n).fill(3))).toBe(1100);
      expect(native.asyncTakenBack() - before).toBe(13);
      // Left to the I/O thread: they settle only once it runs again.
      let settled = false;
      const waiting = Promise.all([big.readAsync(), z.readAsync()]).then((v) => {
        settled = true;
        return v;
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect([settled, f.pendingOperations, native.asyncTakenBack() - before]).toEqual([false, 2, 13]);
      native.asyncHoldIoThread(0);
      const [bv, zv] = await waiting;
      expect([bv.shape, (bv.data as Float64Array)[300 * n - 1], zv.shape, (zv.data as Float64Array)[5]]).toEqual([[300, n], -(300 * n - 1), [100, n], 0.5]);
    } finally {
      native.asyncHoldIoThread(0);
      asyncPolling(budget);
    }
    await f.closeAsync();
    expect(py(`d = h5py.File(sys.argv[1], 'r')['d']
print(json.dumps({'shape': list(d.shape), 'w': sorted(set(d[500:600].ravel().tolist())), 'a': sorted(set(d[1000:].ravel().tolist())), 'k': [float(d[499, 999]), float(d[600, 0])]}))`, p)).toEqual({
      shape: [1100, n],
      w: [-7],
      a: [3],
      k: [500 * n - 1, 600 * n],
    });
  });

  const HEAD_CHILD = `
const { workerData, parentPort } = require('worker_threads');
const { File } = require(workerData.lib);
(async () => {
  const f = File.open(workerData.path, 'r');
  const out = new Float64Array(100 * 1000);
  const p = f.get('d').readIntoAsync(out, { start: [100, 0], count: [100, 1000] }); // short: may be taken back
  parentPort.postMessage('issued');
  // This thread's event loop is blocked for half a second (within the test's 1 s poll budget), so it cannot take
  // its read back meanwhile.
  const t = Date.now();
  while (Date.now() - t < 500);
  await p;
  await f.closeAsync();
  parentPort.postMessage({ first: out[0], last: out[out.length - 1] });
})();
`;

  test('only the head of the queue is taken back, and only by its own thread: a worker\'s read ahead keeps the main thread\'s waiting', async () => {
    const p = file('take-back-head.h5');
    const n = 1000;
    const w = File.open(p, 'w');
    w.createDataset('d', { dtype: 'float64', shape: [200, n] }).write(Float64Array.from({ length: 200 * n }, (_, i) => i));
    w.close();
    const f = File.open(p, 'r');
    const d = f.get('d') as Dataset;
    const out = new Float64Array(100 * n);
    const before = native.asyncTakenBack();
    const budget = asyncPolling(1_000_000);
    native.asyncHoldIoThread(60_000);
    try {
      const script = path.join(dir, 'take-back-head.js');
      fs.writeFileSync(script, HEAD_CHILD);
      const worker = new Worker(script, { workerData: { lib: libForChildren(dir), path: p } });
      const messages: unknown[] = [];
      const ended = new Promise((resolve, reject) => {
        worker.on('message', (m) => messages.push(m));
        worker.on('error', reject);
        worker.on('exit', resolve);
      });
      while (messages.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      // The worker's read is at the head of the queue: this thread may not run it, nor its own behind it.
      let settled = false;
      const mine = d.readIntoAsync(out, { start: [0, 0], count: [100, n] }).then((v) => {
        settled = true;
        return v;
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect([settled, native.asyncTakenBack() - before]).toEqual([false, 0]);
      // Once the worker's loop turns, it takes its read back, and then this thread its own (the hold still on).
      expect(await mine).toBe(out);
      expect([out[0], out[100 * n - 1], native.asyncTakenBack() - before]).toEqual([0, 100 * n - 1, 2]);
      native.asyncHoldIoThread(0); // (the worker's closeAsync is not short)
      expect(await ended).toBe(0);
      expect(messages).toEqual(['issued', { first: 100 * n, last: 200 * n - 1 }]);
    } finally {
      native.asyncHoldIoThread(0);
      asyncPolling(budget);
      f.close();
    }
  });
});

test('a queued call takes its selection when it is made: one selection object reused for the next calls is safe', async () => {
  const p = file('reuse.h5');
  const f = File.open(p, 'w');
  const d = f.createDataset('d', { dtype: 'int32', shape: [4, 20_000] }); // 80 KB rows: queued, not inline
  const sel = { start: [0, 0], count: [1, 20_000] };
  const writes = [0, 1, 2, 3].map((i) => {
    sel.start[0] = i;
    return d.writeAsync(new Int32Array(20_000).fill(i + 1), sel);
  });
  const pts = [[0, 19_999]];
  const reads = [0, 1, 2, 3].map((i) => {
    pts[0][0] = i;
    return d.readAsync({ points: pts });
  });
  expect(f.pendingOperations).toBe(8);
  await Promise.all(writes);
  expect((await Promise.all(reads)).map((r) => Array.from(r.data as Int32Array))).toEqual([[1], [2], [3], [4]]);
  f.close();
  expect(py(`d = h5py.File(sys.argv[1], 'r')['d'][:]
print(json.dumps([[int(d[i].min()), int(d[i].max())] for i in range(4)]))`, p)).toEqual([[1, 1], [2, 2], [3, 3], [4, 4]]);
});

test('readIntoAsync of a plain { start, count } (the queued fast path): right values, checked against the extent when it runs, readInto\'s errors as rejections', async () => {
  const p = file('slab.h5');
  const f = File.open(p, 'w');
  const d = f.createDataset('d', { dtype: 'float64', shape: [100, 1000], maxshape: [null, 1000], chunks: [10, 1000] });
  d.write(Float64Array.from({ length: 100_000 }, (_, i) => i));
  expect(d.shape).toEqual([100, 1000]); // (the rank is known from here on)
  const out = new Float64Array(10 * 1000); // 80 KB: above the inline limit
  expect(await d.readIntoAsync(out, { start: [5, 0], count: [10, 1000] })).toBe(out);
  expect([out[0], out[9999]]).toEqual([5000, 14999]);
  const bad: [Hyperslab, RegExp][] = [
    [{ start: [95, 0], count: [10, 1000] }, /outside the shape \[100,1000\] of dataset '\/d'/],
    [{ start: [0], count: [10] }, /start must be an array of 2 integers/],
    [{ start: [0, 0], count: [5, 1000] }, /the array holds 10000 elements; the selection has 5000/],
    [{ start: [-1, 0], count: [10, 1000] }, /start must hold integers >= 0/],
    [{ start: [0, 0.5], count: [10, 1000] }, /start must hold integers >= 0/],
    [{ start: [0, NaN], count: [10, 1000] }, /start must hold integers >= 0/],
    [{ start: [0, 0], count: [10, 2 ** 53] }, /count must hold integers >= 0/],
    [{ start: ['0', 0] as never, count: [10, 1000] }, /start must hold integers >= 0/],
    [{ start: [0, 0], count: [10] }, /count must be an array of 2 integers/],
  ];
  for (const [sel, msg] of bad) {
    let promise: Promise<unknown> | undefined;
    expect(() => (promise = d.readIntoAsync(out, sel))).not.toThrow();
    const e = await rejected(promise!);
    const sync = thrown(() => d.readInto(out, sel));
    expect({ sel, name: e.name, message: e.message }).toEqual({ sel, name: 'RangeError', message: sync.message });
    expect(e.message).toMatch(msg);
  }
  // Checked when it runs: rows appended by an operation issued just before are readable.
  const grow = d.appendAsync(new Float64Array(10 * 1000).fill(-1));
  const after = d.readIntoAsync(out, { start: [100, 0], count: [10, 1000] });
  expect(await grow).toBe(110);
  expect(await after).toBe(out);
  expect(out.every((v) => v === -1)).toBe(true);
  // The addon's slab calls refuse numbers that do not come as lib/h5 packs them (a Float64Array of start then
  // count, 1 to 32 of each), before touching anything; the sync call checks the count against the rank first. The
  // async call, as every async call of the addon, reports it as a rejected promise and never throws.
  const misuse: [unknown, number, string, string][] = [
    [[5, 0, 10, 1000], 2, 'TypeError', 'TypeError'],
    [new Float64Array(2), 2, 'TypeError', 'TypeError'],
    [new Float64Array(4), 0, 'RangeError', 'TypeError'],
    [new Float64Array(66), 33, 'RangeError', 'TypeError'],
  ];
  for (const [slab, n, syncName, asyncName] of misuse) {
    expect(thrown(() => native.datasetReadSlab(d._h, slab as never, n, out))).toHaveProperty('name', syncName);
    expect(await rejected(native.datasetReadSlabAsync(d._h, slab as never, n, out))).toHaveProperty('name', asyncName);
  }
  // Queued behind another operation, a read takes its selection's numbers when issued: changing the selection
  // object afterwards (reusing it for the next call) does not change what an earlier call reads.
  const sel = { start: [0, 0], count: [10, 1000] };
  const outs = [new Float64Array(10_000), new Float64Array(10_000), new Float64Array(10_000)];
  const busy = d.writeAsync(new Float64Array(10 * 1000).fill(7), { start: [90, 0], count: [10, 1000] });
  const reads = outs.map((o, i) => {
    sel.start[0] = i * 20;
    return d.readIntoAsync(o, sel);
  });
  await busy;
  await Promise.all(reads);
  expect(outs.map((o) => o[0])).toEqual([0, 20_000, 40_000]);
  const late = await rejected(d.readIntoAsync(new Float64Array(10_000), { start: [101, 0], count: [10, 1000] }));
  expect(late.message).toMatch(/outside the shape \[110,1000\]/);
  f.close();
  expect(await rejected(d.readIntoAsync(out, { start: [0, 0], count: [10, 1000] }))).toHaveProperty('code', ErrorCodes.CLOSED);
  expect(py(`d = h5py.File(sys.argv[1], 'r')['d']; print(json.dumps([list(d.shape), float(d[5, 0]), float(d[109, 999])]))`, p)).toEqual([[110, 1000], 5000, -1]);
});
