'use strict';
// Random calls into the addon, in a child process (test/native/fuzz.test.ts forks it):
//
//   node [--expose-gc] fuzz-child.js <lib dir> <work dir> <seed> <calls> <end: return|exit|throw> [workers]
//
// First a workload through the public API (lib/h5) runs with every addon function wrapped, which records real
// argument lists: live handles of files, groups, datasets and attributes, selections, dtype descriptors, data.
// Then <calls> calls replay recorded argument lists with one or two arguments swapped for odd values (wrong
// types, huge or negative numbers, closed handles, handles of another kind), cut short or lengthened. Async calls
// are left in flight, up to 20 at a time, alongside the sync ones. Each call is logged to fuzz.log in the work
// directory before it is made, so a crash leaves its call at the end of the log. With [workers] > 0, that many
// worker threads fuzz at the same time (seeds seed+1..., logs fuzz-1.log...). The process must end as asked:
// return normally, process.exit(0) or an uncaught exception, with files and operations still open (and, for
// exit and throw, the workers still running).
// Prints one line of JSON: { calls, ok, threw, called, notErrors, missed, workers: [the same, per worker] }.
const fs = require('fs');
const path = require('path');
const { Worker, isMainThread, workerData, parentPort } = require('worker_threads');

const [libDir, workDir, seedArg, callsArg, end, workersArg] = isMainThread ? process.argv.slice(2) : workerData.argv;
const thread = isMainThread ? 0 : workerData.thread;
// Worker threads cannot change the cwd: every file name the workload uses is absolute. (The odd values' names
// are relative: all threads share those.)
if (isMainThread) process.chdir(workDir);
const at = (name) => path.join(workDir, thread === 0 ? name : `t${thread}-${name}`);
const h5 = require(libDir);
const { native } = require(path.join(libDir, 'binding'));
const { File } = h5;

// Not fuzzed: the error class hook, and the test hooks of the I/O thread: holding it (for up to a minute), the
// poll budget (process-wide; it only changes timing) and the take-back count.
const SKIP = new Set(['setErrorClass', 'asyncHoldIoThread', 'asyncPollMicros', 'asyncTakenBack']);
const recorded = new Map();
const called = new Set();
const raw = {};
for (const name of Object.keys(native)) {
  const fn = native[name];
  raw[name] = fn;
  native[name] = function (...args) {
    called.add(name);
    if (!SKIP.has(name)) {
      let list = recorded.get(name);
      if (!list) recorded.set(name, (list = []));
      if (list.length < 40) list.push(args);
    }
    return fn.apply(this, args);
  };
}

let state = (Number(seedArg) + thread) >>> 0 || 1;
function random() {
  // xorshift32
  state ^= state << 13;
  state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5;
  state >>>= 0;
  return state / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];

// Calls the public API makes, so that every addon function is recorded with real arguments. Each round uses its
// own file names (files of earlier rounds may still be open).
async function workload(round) {
  const f = File.open(at(`w${round}.h5`), 'w');
  const g = f.createGroup('g/h');
  g.attrs.set('n', 1);
  g.attrs.set('s', 'text');
  g.attrs.set('v', new Float64Array([1, 2, 3]));
  g.attrs.set('names', ['x', 'yy']);
  g.attrs.has('n');
  g.attrs.delete('n');
  g.attrs.keys();
  for (const dtype of ['int8', 'uint16', 'int32', 'int64', 'uint64', 'float32', 'float64', 'bool', 'string']) {
    const d = f.createDataset(`d_${dtype}`, { dtype, shape: [4, 3], maxshape: [null, 3], chunks: [2, 3], compression: dtype === 'string' ? undefined : 'gzip' });
    const { data } = d.read();
    d.write(data);
    d.read({ start: [1, 0], count: [2, 3] });
    d.append(data.slice(0, 3));
    d.attrs.set('unit', 'V');
    d.attrs.get('unit');
  }
  const c = f.createDataset('contiguous', { dtype: 'float64', shape: [10], data: new Float64Array(10) });
  c.read({ start: [2], count: [3], stride: [2] });
  c.readInto(new Float64Array(3), { start: [0], count: [3] });
  f.createDataset('scalar', { dtype: 'int32', shape: [], data: 5 }).readValue();
  f.createDataset('fixed', { dtype: 'string', stringLength: 5, encoding: 'ascii', shape: [2], data: ['ab', 'cd'] }).read();
  const a = f.createDataset('rows', { dtype: 'int16', shape: [0, 4], maxshape: [null, 4], chunks: [8, 4] });
  a.append(new Int16Array(8));
  await a.appendAsync(new Int16Array(4));
  await a.appendAsync(new Int16Array(40000));
  await a.readAsync();
  await a.readIntoAsync(new Int16Array(8), { start: [0, 0], count: [2, 4] });
  await a.readIntoAsync(new Int16Array(40000), { start: [0, 0], count: [10000, 4] });
  await a.writeAsync(new Int16Array(8), { start: [0, 0], count: [2, 4] });
  await a.writeAsync(new Int16Array(40000), { start: [0, 0], count: [10000, 4] });
  a.resize([20, 4]);
  a.refresh();
  a.flush();
  a.chunkInfo();
  const chunk = a.readChunk([0, 0]);
  a.writeChunk([0, 0], chunk.data ?? chunk.bytes ?? chunk);
  const named = f.commitDatatype('types/pair', { class: 'compound', fields: [{ name: 'a', type: { class: 'float', size: 2 } }, { name: 'b', type: { class: 'integer', size: 4, signed: true } }] });
  f.createDataset('named', { dtype: named, data: [{ a: 1.5, b: 2 }] }).read();
  named.dtypeInfo;
  f.createSoftLink('soft', '/g/h');
  const target = File.open(at(`t${round}.h5`), 'w');
  target.createDataset('x', { data: new Float64Array(2) });
  target.close();
  f.createExternalLink('ext', path.basename(at(`t${round}.h5`)), '/x');
  f.createHardLink('hard', g);
  f.getLink('soft');
  f.get('soft');
  f.get('ext');
  f.has('g');
  f.get('/');
  void g.objectId;
  f.keys();
  f.visit(() => undefined);
  f.visitItems(() => undefined);
  f.copy('g', f, 'g2');
  await f.copyAsync('g', f, 'g3');
  f.move('g2', 'g4');
  f.delete('g4');
  const refs = f.createDataset('refs', { dtype: 'ref', shape: [2], data: [g.ref(), a.ref()] });
  for (const r of refs.read().data) f.deref(r);
  g.ref().deref();
  // Two addon functions the API does not use (tests and tools do): a reference's path, and the count of external
  // links the addon resolved itself.
  native.refName(f._h, native.refCreate(g._h, '.'));
  native.externalLinksResolved(f._h);
  f.flush();
  await f.flushAsync();
  f.image();
  const f2 = await File.openAsync(at(`v${round}.h5`), 'w', { libver: 'latest' });
  f2.createDataset('x', { dtype: 'float32', shape: [3], data: new Float32Array(3) });
  await f2.closeAsync();
  const f2r = await File.openAsync(at(`v${round}.h5`), 'r');
  f2r.close();
  const f3 = File.open(at(`v${round}.h5`), 'r+', { libver: 'latest' });
  f3.startSwmrWrite();
  f3.close();
  File.isHdf5(at(`v${round}.h5`));
  h5.libraryInfo();
  return f;
}

// Odd values, made fresh for every call (a call may keep or change what it is given).
const oddValues = () => [
  undefined, null, 0, -1, 1, 2, 7, 1e300, -1e300, NaN, Infinity, 2 ** 31, 2 ** 32, 2 ** 53, 0.5, -0.5,
  '', 'x', 'g', '/g/h', '..', '/', '/no/such/path', 'a'.repeat(5000), 'missing.h5', '\u0000', 'r', 'r+', 'w', 'empty',
  true, false, {}, [], [0], [1, 2], [-1], [1e20], [null], [0, 0], [4, 3], [100, 100], [2 ** 40, 2 ** 40], ['a', 'b'], [[1]],
  { start: [0], count: [1] }, { start: [0, 0], count: [1, 1] }, { start: [-1, 0], count: [1, 1] },
  { start: [0, 0], count: [1e9, 3] }, { start: [0, 0], count: [1, 3], stride: [0, 1] }, { start: 5, count: 'x' },
  { class: 'int', size: 99 }, { class: 'compound', fields: 1 }, { class: 'string', length: -1 },
  new Int8Array(0), new Int8Array(3), new Int16Array(12), new Float64Array(12), new Float32Array(1), new BigInt64Array(12),
  new Uint8Array(1 << 20), new Float64Array([1, 2]).subarray(1), new DataView(new ArrayBuffer(8)), new ArrayBuffer(16),
  Buffer.from('abc'), Symbol('s'), 10n, -1n, () => 1,
];

function show(args) {
  return args
    .map((a) => {
      if (a === undefined) return 'undefined';
      if (typeof a === 'bigint') return `${a}n`;
      if (typeof a === 'symbol' || typeof a === 'function') return typeof a;
      if (ArrayBuffer.isView(a)) return `${a.constructor.name}(${a.length ?? a.byteLength})`;
      if (a instanceof ArrayBuffer) return `ArrayBuffer(${a.byteLength})`;
      if (a !== null && typeof a === 'object' && Object.getPrototypeOf(a) === null) return 'handle';
      const j = JSON.stringify(a);
      return j && j.length > 100 ? `${j.slice(0, 100)}…` : j;
    })
    .join(' | ');
}

async function fuzz() {
  const total = Number(callsArg);
  const perRound = 500;
  const log = fs.openSync(path.join(workDir, thread === 0 ? 'fuzz.log' : `fuzz-${thread}.log`), 'w');
  let ok = 0;
  let threw = 0;
  let notErrors = 0;
  let calls = 0;
  const settle = (e) => {
    threw++;
    if (!(e instanceof Error)) notErrors++;
  };
  for (let round = 0; calls < total; round++) {
    recorded.clear();
    await workload(round);
    // Handles are Externals: objects without a prototype.
    const handles = [];
    for (const list of recorded.values())
      for (const args of list)
        for (const a of args) if (a !== null && typeof a === 'object' && Object.getPrototypeOf(a) === null) handles.push(a);
    const names = [...recorded.keys()];
    const inFlight = [];
    for (let i = 0; i < perRound && calls < total; i++) {
      const name = pick(names);
      // Closing is one call among many, or nothing else would reach an open object.
      if ((name === 'close' || name === 'closeAsync') && random() > 0.03) continue;
      let args = pick(recorded.get(name)).slice();
      const r = random();
      if (r < 0.7) {
        for (let m = 1 + Math.floor(random() * 2); m > 0; m--) {
          args[Math.floor(random() * Math.max(1, args.length))] = random() < 0.3 ? pick(handles) : pick(oddValues());
        }
      } else if (r < 0.8) args = args.slice(0, Math.floor(random() * args.length));
      else if (r < 0.9) args.push(pick(oddValues()));
      else args = args.map((a) => (handles.includes(a) ? pick(handles) : a));
      calls++;
      fs.writeSync(log, `${round}.${i} ${name} ${show(args)}\n`);
      try {
        const result = raw[name](...args);
        if (result && typeof result.then === 'function') inFlight.push(result.then(() => ok++, settle));
        else ok++;
      } catch (e) {
        settle(e);
      }
      // Finalizers of dropped handles, now and then, while operations are in flight (with --expose-gc).
      if (global.gc && random() < 0.005) global.gc();
      if (inFlight.length >= 20) await Promise.all(inFlight.splice(0));
    }
    await Promise.all(inFlight);
  }
  const missed = Object.keys(native).filter((n) => !called.has(n) && !SKIP.has(n));
  return { calls, ok, threw, notErrors, missed };
}

if (!isMainThread) {
  fuzz().then((summary) => parentPort.postMessage(summary));
} else {
  (async () => {
    const workers = [];
    for (let k = 1; k <= Number(workersArg || 0); k++) {
      const w = new Worker(__filename, { workerData: { argv: process.argv.slice(2), thread: k } });
      workers.push(
        new Promise((resolve, reject) => {
          w.on('message', resolve);
          w.on('error', reject);
          w.on('exit', (code) => resolve({ exitCode: code }));
        }),
      );
    }
    const summary = await fuzz();
    // Leaving by exit or throw does not wait for the workers: they are stopped wherever they are.
    summary.workers = end === 'return' ? await Promise.all(workers) : [];
    console.log(JSON.stringify(summary));
    if (end === 'exit') process.exit(0);
    if (end === 'throw') throw new Error('the end of the fuzz run');
  })();
}
