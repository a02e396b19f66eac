/**
 * SWMR: a writer appends and flushes while a reader in another process (h5nwb from dist/, or h5py) refreshes
 * and sees the new rows; and an h5py writer read by h5nwb. The processes talk in lines over stdin/stdout, and
 * every wait is bounded.
 */
import { ChildProcessWithoutNullStreams, spawn } from 'child_process';
import * as readline from 'readline';
import { ErrorCodes, File, Hdf5Error } from '../../lib';
import { buildDist, PYTHON, thrown, tmpDir } from '../helpers';

const { file } = tmpDir('swmr');
let dist: string;
beforeAll(() => {
  dist = buildDist();
});

/** A child process spoken to in lines: send() a line, next() the next JSON line it prints (with a timeout). */
class LineChild {
  readonly proc: ChildProcessWithoutNullStreams;
  private readonly queue: string[] = [];
  private readonly waiting: ((line: string) => void)[] = [];
  private stderr = '';
  private exited: number | null = null;

  constructor(cmd: string, args: string[], env: Record<string, string> = {}) {
    this.proc = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    readline.createInterface({ input: this.proc.stdout }).on('line', (line) => {
      const w = this.waiting.shift();
      if (w) w(line);
      else this.queue.push(line);
    });
    this.proc.stderr.on('data', (b) => (this.stderr += String(b)));
    this.proc.on('exit', (code) => (this.exited = code ?? -1));
  }

  send(line: string): void {
    this.proc.stdin.write(line + '\n');
  }

  next(timeoutMs = 15000): Promise<any> {
    const queued = this.queue.shift();
    if (queued !== undefined) return Promise.resolve(JSON.parse(queued));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.waiting.indexOf(got);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(new Error(`no line from the child within ${timeoutMs} ms (exit ${this.exited}); stderr:\n${this.stderr}`));
      }, timeoutMs);
      const got = (line: string) => {
        clearTimeout(timer);
        try {
          resolve(JSON.parse(line));
        } catch {
          reject(new Error(`the child printed something that is not JSON: ${line}\nstderr:\n${this.stderr}`));
        }
      };
      this.waiting.push(got);
    });
  }

  /** Waits for the exit (bounded), killing the child when it overstays; returns the exit code and stderr. */
  async finish(timeoutMs = 15000): Promise<{ code: number | null; stderr: string }> {
    this.proc.stdin.end();
    if (this.exited === null) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.proc.kill('SIGKILL');
          resolve();
        }, timeoutMs);
        this.proc.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        if (this.exited !== null) {
          clearTimeout(timer);
          resolve();
        }
      });
    }
    return { code: this.exited, stderr: this.stderr };
  }

  kill(): void {
    if (this.exited === null) this.proc.kill('SIGKILL');
  }
}

const NODE_READER = `
const { File } = require(process.env.H5NWB);
const rl = require('readline').createInterface({ input: process.stdin });
const f = File.open(process.argv[1], 'r', { swmr: true });
const d = f.getDataset('d');
const m = f.getDataset('m');
console.log(JSON.stringify({ ready: true, len: d.shape[0], writable: f.writable }));
rl.on('line', (line) => {
  if (line === 'quit') {
    d.close(); m.close(); f.close(); rl.close();
    console.log(JSON.stringify({ bye: true }));
    return;
  }
  const before = d.shape[0];
  d.refresh();
  m.refresh();
  const mm = m.read();
  console.log(JSON.stringify({ before, len: d.shape[0], data: Array.from(d.read().data), mshape: mm.shape, mlast: Array.from(mm.data.slice(-3)) }));
});
`;

const PY_READER = `
import sys, json, h5py
f = h5py.File(sys.argv[1], 'r', libver='latest', swmr=True)
d = f['d']
m = f['m']
print(json.dumps({'ready': True, 'len': d.shape[0]}), flush=True)
for line in sys.stdin:
    if line.strip() == 'quit':
        break
    before = d.shape[0]
    d.refresh()
    m.refresh()
    print(json.dumps({'before': before, 'len': d.shape[0], 'data': d[:].tolist(), 'mshape': list(m.shape), 'mlast': m[-1].tolist() if m.shape[0] else []}), flush=True)
f.close()
print(json.dumps({'bye': True}), flush=True)
`;

/** Creates the SWMR file in this process and returns the writer's objects (SWMR writing already started). */
function startWriter(p: string) {
  const f = File.open(p, 'w', { libver: 'latest' });
  const d = f.createDataset('d', { dtype: 'int32', shape: [0], maxshape: [null], chunks: [16] });
  const m = f.createDataset('m', { dtype: 'float64', shape: [0, 3], maxshape: [null, 3], chunks: [8, 3] });
  d.append(Int32Array.from({ length: 10 }, (_, i) => i));
  m.append(new Float64Array([0, 0.5, 1]));
  f.startSwmrWrite();
  d.flush();
  m.flush();
  return { f, d, m };
}

/** Runs the writer/reader conversation with a reader child; returns what the reader reported. */
async function converse(reader: LineChild, w: ReturnType<typeof startWriter>, batches: number) {
  const hello = await reader.next();
  expect(hello.ready).toBe(true);
  expect(hello.len).toBe(10);
  let len = 10;
  let rows = 1;
  for (let b = 1; b <= batches; b++) {
    const n = 7 * b;
    w.d.append(Int32Array.from({ length: n }, (_, i) => len + i));
    w.m.append(new Float64Array([b, b + 0.5, b + 1]));
    w.d.flush();
    w.m.flush();
    const before = len;
    len += n;
    rows += 1;
    reader.send(`batch ${b}`);
    const r = await reader.next();
    // without refresh() the reader still had the old extent; after it, every new row
    expect(r.before).toBe(before);
    expect(r.len).toBe(len);
    expect(r.data).toEqual(Array.from({ length: len }, (_, i) => i));
    expect(r.mshape).toEqual([rows, 3]);
    expect(r.mlast).toEqual([b, b + 0.5, b + 1]);
  }
  reader.send('quit');
  expect(await reader.next()).toEqual({ bye: true });
  const end = await reader.finish();
  expect(end.stderr).toBe('');
  expect(end.code).toBe(0);
}

test('an h5nwb reader in another process sees the rows a writer appends, after refresh()', async () => {
  const p = file('node-reader.h5');
  const w = startWriter(p);
  const reader = new LineChild(process.execPath, ['-e', NODE_READER, '--', p], { H5NWB: dist });
  try {
    await converse(reader, w, 5);
  } finally {
    reader.kill();
    w.f.close();
  }
  // the finished file is an ordinary HDF5 file
  const f = File.open(p, 'r');
  expect(f.getDataset('d').shape).toEqual([10 + 7 * 15]);
  f.close();
});

test('h5py (swmr=True) in another process sees the rows after dset.refresh()', async () => {
  const p = file('py-reader.h5');
  const w = startWriter(p);
  const reader = new LineChild(PYTHON, ['-c', PY_READER, p]);
  try {
    await converse(reader, w, 4);
  } finally {
    reader.kill();
    w.f.close();
  }
});

test('an h5nwb reader follows an h5py SWMR writer', async () => {
  const p = file('py-writer.h5');
  const writer = new LineChild(PYTHON, [
    '-c',
    `
import sys, json, h5py, numpy as np
f = h5py.File(sys.argv[1], 'w', libver='latest')
d = f.create_dataset('d', shape=(0,), maxshape=(None,), dtype='i4', chunks=(16,))
f.swmr_mode = True
print(json.dumps({'ready': True}), flush=True)
for line in sys.stdin:
    line = line.strip()
    if line == 'quit':
        break
    n = int(line)
    old = d.shape[0]
    d.resize((old + n,))
    d[old:] = np.arange(old, old + n, dtype='i4')
    d.flush()
    print(json.dumps({'len': d.shape[0]}), flush=True)
f.close()
print(json.dumps({'bye': True}), flush=True)
`,
    p,
  ]);
  let f: File | undefined;
  try {
    expect(await writer.next()).toEqual({ ready: true });
    f = File.open(p, 'r', { swmr: true });
    const d = f.getDataset('d');
    expect(d.shape).toEqual([0]);
    let len = 0;
    for (const n of [5, 40, 1, 100]) {
      writer.send(String(n));
      const r = await writer.next();
      len += n;
      expect(r.len).toBe(len);
      d.refresh();
      expect(d.shape).toEqual([len]);
      expect(Array.from(d.read().data as Int32Array)).toEqual(Array.from({ length: len }, (_, i) => i));
    }
    writer.send('quit');
    expect(await writer.next()).toEqual({ bye: true });
    const end = await writer.finish();
    expect(end.stderr).toBe('');
    expect(end.code).toBe(0);
  } finally {
    writer.kill();
    f?.close();
  }
});

test('SWMR misuse is reported', () => {
  // SWMR writing needs the latest file format
  const p = file('not-latest.h5');
  const f = File.open(p, 'w');
  f.createDataset('d', { dtype: 'int32', shape: [0], maxshape: [null] });
  const e = thrown(() => f.startSwmrWrite());
  expect(e).toBeInstanceOf(Hdf5Error);
  expect(e.message).toMatch(/latest/);
  f.close();
  // swmr is for opening existing files: r (readers) or r+ (writers)
  for (const mode of ['w', 'a', 'x', 'w-'] as const) expect(() => File.open(file('x.h5'), mode, { swmr: true })).toThrow(RangeError);
  // an SWMR reader cannot write
  const q = file('reader-ro.h5');
  const w = File.open(q, 'w', { libver: 'latest' });
  w.createDataset('d', { dtype: 'int32', shape: [0], maxshape: [null] });
  w.close();
  const r = File.open(q, 'r', { swmr: true });
  try {
    expect(r.writable).toBe(false);
    expect(thrown(() => r.getDataset('d').append(new Int32Array([1]))).code).toBe(ErrorCodes.READ_ONLY);
  } finally {
    r.close();
  }
  // r+ with swmr opens an SWMR writer directly
  const sw = File.open(q, 'r+', { swmr: true, libver: 'latest' });
  try {
    sw.getDataset('d').append(new Int32Array([4, 5]));
    sw.getDataset('d').flush();
  } finally {
    sw.close();
  }
  const check = File.open(q, 'r');
  expect(Array.from(check.getDataset('d').read().data as Int32Array)).toEqual([4, 5]);
  check.close();
});
