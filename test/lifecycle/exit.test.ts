/**
 * A forked child process writes with h5nwb (lib/ transpiled by libForChildren) and leaves with its file still
 * open: process.exit(), an uncaught exception, and exit while an async write is in flight. Checked with h5py.
 */
import { fork } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { libForChildren, py, tmpDir } from '../helpers';

const { dir, file } = tmpDir('exit');
let script: string;
let lib: string;

const CHILD = `
const { File } = require(process.argv[2]);
const [, , , p, how] = process.argv;
const f = File.open(p, 'w');
f.attrs.set('note', 'written before exit');
const d = f.createDataset('d', { dtype: 'int32', shape: [0], maxshape: [null], chunks: [4] });
d.append(new Int32Array([1, 2, 3, 4, 5, 6, 7]));
f.createGroup('g/h').createDataset('s', { data: ['α', 'β'] });
if (how === 'exit') {
  process.send('ready', () => process.exit(0));
} else if (how === 'throw') {
  setImmediate(() => { throw new Error('boom'); });
} else if (how === 'exit-after-async') {
  d.appendAsync([8, 9]).then(() => process.exit(3));
} else if (how === 'exit-three-ids') {
  // The same file open read-write under three ids at exit (HDF5 1.14's own exit handler crashed on that).
  const f2 = File.open(p, 'r+');
  const f3 = File.open(p, 'r+');
  f3.attrs.set('third', 3);
  f2.get('d').append(new Int32Array([8]));
  process.exit(0);
} else if (how === 'sigterm-after-flush' || how === 'sigterm-with-handler') {
  // Killed by a signal: no exit handler runs. What was flushed must be there (the README's advice).
  f.flush();
  d.append(new Int32Array([8, 9]));
  if (how === 'sigterm-with-handler') process.on('SIGTERM', () => { f.close(); process.exit(0); });
  process.kill(process.pid, 'SIGTERM');
  setTimeout(() => undefined, 5000);
} else if (how === 'exit-during-async') {
  const big = f.createDataset('big', { dtype: 'float64', shape: [1 << 22], chunks: [1 << 16], compression: 'gzip', compressionLevel: 1 });
  big.writeAsync(new Float64Array(1 << 22).fill(2));
  setTimeout(() => process.exit(0), 5);
}
`;

beforeAll(() => {
  lib = libForChildren(dir);
  script = path.join(dir, 'child.js');
  fs.writeFileSync(script, CHILD);
});

function runChild(p: string, how: string): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const c = fork(script, [lib, p, how], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    c.stderr!.on('data', (b) => (stderr += b));
    c.on('message', () => undefined);
    c.on('error', reject);
    c.on('exit', (code, signal) => resolve({ code, signal, stderr }));
  });
}

function pyContent(p: string): any {
  return py(
    `f = h5py.File(sys.argv[1], 'r')
print(json.dumps({'note': f.attrs['note'], 'd': f['d'][:].tolist(), 's': f['g/h/s'].asstr()[:].tolist(),
  'big': float(f['big'][:].sum()) if 'big' in f else None}))`,
    p,
  );
}

test('process.exit() with the file still open: the data is in the file', async () => {
  const p = file('exit.h5');
  const r = await runChild(p, 'exit');
  expect(r).toMatchObject({ code: 0, signal: null });
  expect(pyContent(p)).toEqual({ note: 'written before exit', d: [1, 2, 3, 4, 5, 6, 7], s: ['α', 'β'], big: null });
});

test('an uncaught exception with the file still open: the data is in the file', async () => {
  const p = file('throw.h5');
  const r = await runChild(p, 'throw');
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('boom');
  expect(pyContent(p)).toEqual({ note: 'written before exit', d: [1, 2, 3, 4, 5, 6, 7], s: ['α', 'β'], big: null });
});

test('process.exit() with one file open read-write three times: no crash, and what each id wrote is there', async () => {
  const p = file('three.h5');
  const r = await runChild(p, 'exit-three-ids');
  expect(r).toMatchObject({ code: 0, signal: null });
  expect(pyContent(p)).toEqual({ note: 'written before exit', d: [1, 2, 3, 4, 5, 6, 7, 8], s: ['α', 'β'], big: null });
  expect(py("print(int(h5py.File(sys.argv[1], 'r').attrs['third']))", p)).toBe(3);
});

test('process.exit() after an awaited appendAsync keeps the appended rows', async () => {
  const p = file('async.h5');
  const r = await runChild(p, 'exit-after-async');
  expect(r.code).toBe(3);
  expect(pyContent(p).d).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test('process.exit() while a large writeAsync is in flight: a readable file, nothing before it lost', async () => {
  const p = file('during.h5');
  const r = await runChild(p, 'exit-during-async');
  expect(r).toMatchObject({ code: 0, signal: null });
  const c = pyContent(p);
  expect(c).toMatchObject({ note: 'written before exit', d: [1, 2, 3, 4, 5, 6, 7], s: ['α', 'β'] });
  // The in-flight write either completed or never started; never half a file.
  expect([0, 2 * (1 << 22)]).toContain(c.big);
});

test('killed by SIGTERM: what was flushed is in the file; with a SIGTERM handler that closes, everything is', async () => {
  const p = file('sigterm.h5');
  const r = await runChild(p, 'sigterm-after-flush');
  expect(r.signal).toBe('SIGTERM');
  expect(pyContent(p)).toMatchObject({ note: 'written before exit', d: [1, 2, 3, 4, 5, 6, 7], s: ['α', 'β'] });
  const q = file('sigterm-handled.h5');
  const h = await runChild(q, 'sigterm-with-handler');
  expect(h).toMatchObject({ code: 0, signal: null });
  expect(pyContent(q).d).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
});
