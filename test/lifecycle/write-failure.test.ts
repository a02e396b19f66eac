/**
 * Writes that fail at the operating system (disk full, an I/O error) when a file or dataset is being closed. HDF5
 * frees an object whose close fails but keeps its id, pointing at freed memory, and the next flush or close of
 * any file then reads it: a crash. h5nwb writes pending data out before closing, reports a failure with
 * ERR_H5_WRITE_FAILED and leaves the object open; what finalizers, workers' ends and the exit cannot close is left
 * open for good. Healthy files are unaffected.
 *
 * The failure is made real by taking the file's descriptor away from HDF5 (Linux: found in /proc/self/fd) and
 * putting a read-only descriptor with the same number in its place: every write HDF5 makes then fails (EBADF).
 * Each case runs in a forked child, which must end normally (no signal), and the healthy file it leaves behind
 * is read with h5py.
 */
import * as fs from 'fs';
import * as path from 'path';
import { libForChildren, py, runForked, tmpDir } from '../helpers';

const { dir, file } = tmpDir('write-failure');
let script: string;
let lib: string;

const CHILD = `
const fs = require('fs');
const { File, libraryInfo } = require(process.argv[2]);
const [, , , dir, how] = process.argv;
const out = {};

// Replaces the descriptor HDF5 holds for p by a read-only one with the same number.
function breakWrites(p) {
  const real = fs.realpathSync(p);
  let fd = -1;
  for (const n of fs.readdirSync('/proc/self/fd')) {
    try { if (fs.readlinkSync('/proc/self/fd/' + n) === real) fd = Number(n); } catch {}
  }
  if (fd < 0) throw new Error('no descriptor found for ' + p);
  fs.closeSync(fd);
  const extra = [];
  for (;;) {
    const r = fs.openSync('/proc/self/cmdline', 'r');
    if (r === fd) break;
    extra.push(r);
    if (extra.length > 1000) throw new Error('descriptor ' + fd + ' not reused');
  }
  for (const r of extra) fs.closeSync(r);
}
const code = (fn) => { try { fn(); return 'no error'; } catch (e) { return e.code + ': ' + e.message; } };

// The healthy file: written and, in the exit cases, still open when the process ends.
const good = File.open(dir + '/good.h5', 'w');
good.createDataset('d', { dtype: 'int32', shape: [0], maxshape: [null], chunks: [4] }).append(new Int32Array([1, 2, 3]));

let bad, d, g;
if (how.startsWith('link')) {
  // The failing file is reached through external links from a healthy one: a dataset appended to and a group
  // given an attribute through them, the links resolved outside any link cache (each object holds the file).
  const t = File.open(dir + '/target.h5', 'w');
  t.createDataset('d', { dtype: 'float64', shape: [0], maxshape: [null], chunks: [1000] });
  t.createGroup('g');
  t.close();
  bad = File.open(dir + '/session.h5', 'w');
  bad.createExternalLink('raw', 'target.h5', '/d');
  bad.createExternalLink('lg', 'target.h5', '/g');
  bad.attrs.set('note', 'session');
  d = bad.get('raw');
  d.append(new Float64Array(500).fill(7));
  g = bad.get('lg');
  g.attrs.set('x', 1);
  breakWrites(dir + '/target.h5');
} else {
  bad = File.open(dir + '/bad.h5', 'w');
  d = bad.createDataset('d', { dtype: 'float64', shape: [0], maxshape: [null], chunks: [1000] });
  d.append(new Float64Array(500).fill(7));
  breakWrites(dir + '/bad.h5');
}

if (how === 'link-object') {
  out.close = code(() => g.close());
  out.open = g.isOpen;
  out.again = code(() => g.close());
  out.datasetClose = code(() => d.close());
  out.datasetOpen = d.isOpen;
} else if (how === 'link-gc') {
  // Nothing is closed here: the dataset and the group are dropped (main.js), the linking file is kept.
} else if (how === 'dataset') {
  out.close = code(() => d.close());
  out.open = d.isOpen;
  out.again = code(() => d.close());
} else {
  out.close = code(() => bad.close());
  out.open = bad.isOpen;
  out.again = code(() => bad.close());
}
out.leftOpen = libraryInfo().leftOpen;
// Held until the process ends, except in the gc cases.
global.keep = { good, bad, d, g };
`;

const MAIN = `
const { libraryInfo } = require(process.argv[2]);
const how = process.argv[4];
let out;
(function () {
  // The child body runs in a function so that its objects can be dropped.
  out = eval('(function(){' + require('fs').readFileSync(__dirname + '/body.js', 'utf8') + '; return out; })')();
})();
if (how === 'gc' || how === 'link-gc') {
  // Dropped while unwritable: the finalizers cannot close the file and its dataset and must leave them open.
  // (link-gc: the objects in the linked file are dropped, the file that links to it is kept to the exit.)
  if (how === 'gc') delete global.keep;
  else delete global.keep.d, delete global.keep.g;
  global.gc();
  setImmediate(() => {
    global.gc();
    out.leftOpenAfterGc = libraryInfo().leftOpen;
    process.send(out, () => process.exit(0));
  });
} else if (how === 'async') {
  global.keep.bad.closeAsync().then(() => 'no error', (e) => e.code + ': ' + e.message).then((c) => {
    out.closeAsync = c;
    out.openAfterAsync = global.keep.bad.isOpen;
    process.send(out, () => process.exit(0));
  });
} else if (how === 'exit' || how === 'dataset' || how === 'link-file') {
  process.send(out, () => process.exit(0));
} else {
  process.send(out);  // 'end': the process ends by itself, with both files open
  process.disconnect();
}
`;

beforeAll(() => {
  lib = libForChildren(dir);
  fs.writeFileSync(path.join(dir, 'body.js'), CHILD);
  script = path.join(dir, 'main.js');
  fs.writeFileSync(script, MAIN);
});

type Out = {
  close: string;
  open: boolean;
  again: string;
  leftOpen: number;
  leftOpenAfterGc?: number;
  closeAsync?: string;
  openAfterAsync?: boolean;
  datasetClose?: string;
  datasetOpen?: boolean;
};

const haveProcFd = fs.existsSync('/proc/self/fd');

// Runs one case in a forked child in a folder of its own; the child must end normally, printing nothing.
async function runCase(how: string): Promise<{ work: string; out: Out }> {
  if (!haveProcFd) throw new Error('this test needs /proc/self/fd (Linux) to take a descriptor away from HDF5');
  const work = path.join(dir, how);
  fs.mkdirSync(work, { recursive: true });
  const r = await runForked<Out>(script, [lib, work, how], { execArgv: ['--expose-gc'] });
  expect({ code: r.code, signal: r.signal, stderr: r.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
  return { work, out: r.out! };
}

const goodContent = (work: string) => py("print(json.dumps(h5py.File(sys.argv[1], 'r')['d'][:].tolist()))", path.join(work, 'good.h5'));

describe.each(['exit', 'end', 'gc', 'async'])('a file whose writes fail, the process leaving by %s', (how) => {
  test('close() reports ERR_H5_WRITE_FAILED and keeps it open; the process ends cleanly; the healthy file is whole', async () => {
    const { work, out } = await runCase(how);
    expect(out.close).toMatch(/^ERR_H5_WRITE_FAILED: cannot write the pending changes of '.*bad\.h5' \(the file stays open\)/);
    expect(out.open).toBe(true);
    expect(out.again).toMatch(/^ERR_H5_WRITE_FAILED: /);
    // Nothing had to be left open yet: the file is still held.
    expect(out.leftOpen).toBe(0);
    // Dropped, the finalizer leaves it (and its dataset) open rather than closing into the failure.
    if (how === 'gc') expect(out.leftOpenAfterGc).toBe(2);
    // closeAsync() the same, from the I/O thread.
    if (how === 'async') expect([out.closeAsync, out.openAfterAsync]).toEqual([expect.stringMatching(/^ERR_H5_WRITE_FAILED: cannot write the pending changes/), true]);
    expect(goodContent(work)).toEqual([1, 2, 3]);
  });
});

test('a dataset whose writes fail: close() reports ERR_H5_WRITE_FAILED and keeps it open; exit is clean', async () => {
  const { work, out } = await runCase('dataset');
  expect(out.close).toMatch(/^ERR_H5_WRITE_FAILED: cannot write the pending data of dataset '\/d' \(it stays open\)/);
  expect(out.open).toBe(true);
  expect(out.again).toMatch(/^ERR_H5_WRITE_FAILED: /);
  expect(goodContent(work)).toEqual([1, 2, 3]);
});

// A file reached through external links and opened by them alone (no link cache): before, its last close happened
// inside the close of an object in it, and a failing write there left HDF5 with a dangling id (a lost id, and the
// linking file's close reported a plain ERR_H5).
describe('a file reached through external links whose writes fail', () => {
  const session = (work: string) =>
    py(
      `f = h5py.File(sys.argv[1], 'r')
print(json.dumps([f.attrs['note'], f.get('raw', getlink=True).filename, f.get('lg', getlink=True).path]))`,
      path.join(work, 'session.h5'),
    );

  test('closing the linking file reports ERR_H5_WRITE_FAILED naming the target and keeps it open; exit is clean', async () => {
    const { work, out } = await runCase('link-file');
    expect(out.close).toMatch(
      /^ERR_H5_WRITE_FAILED: cannot write the pending changes of '.*target\.h5', reached through an external link from '.*session\.h5' \(both files stay open\)/,
    );
    expect(out.open).toBe(true);
    expect(out.again).toMatch(/^ERR_H5_WRITE_FAILED: /);
    expect(out.leftOpen).toBe(0);
    // At the exit the target and what lies in it are left open; the linking file itself is written and closed.
    expect(session(work)).toEqual(['session', 'target.h5', '/g']);
    expect(goodContent(work)).toEqual([1, 2, 3]);
  });

  test("closing an object in it reports ERR_H5_WRITE_FAILED and keeps the object open; the process ends cleanly", async () => {
    const { work, out } = await runCase('link-object');
    // The group holds the last reference to its file (the dataset opened it separately): its close would have
    // been the file's.
    expect(out.close).toMatch(
      /^ERR_H5_WRITE_FAILED: cannot write the pending changes of '.*target\.h5', the file of '\/lg' \(reached through an external link; it stays open\)/,
    );
    expect(out.open).toBe(true);
    expect(out.again).toMatch(/^ERR_H5_WRITE_FAILED: /);
    expect(out.datasetClose).toMatch(/^ERR_H5_WRITE_FAILED: cannot write the pending data of dataset '\/raw' \(it stays open\)/);
    expect(out.datasetOpen).toBe(true);
    expect(out.leftOpen).toBe(0);
    expect(session(work)).toEqual(['session', 'target.h5', '/g']);
    expect(goodContent(work)).toEqual([1, 2, 3]);
  });

  test('objects in it dropped unclosed: their finalizers leave them and the file open; exit is clean', async () => {
    const { work, out } = await runCase('link-gc');
    expect(out.leftOpen).toBe(0);
    // The dataset (its data cannot be written) with its reference to the file, and the group's reference to the
    // file (the last one: writing the file out fails), each left open rather than closed into the failure.
    expect(out.leftOpenAfterGc).toBe(3);
    expect(session(work)).toEqual(['session', 'target.h5', '/g']);
    expect(goodContent(work)).toEqual([1, 2, 3]);
  });
});
