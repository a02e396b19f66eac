/**
 * A close that fails after everything was written out: the operating system's close() reporting an error (NFS
 * reports a failed write-back there, EIO). h5nwb flushes a file before closing it, so the data is on disk; HDF5
 * then fails the close itself and keeps an id that points at memory it freed. h5nwb reports it, never touches that
 * id again and stops listing open ids (a listing would read it); the other files work on and are closed at the exit.
 *
 * The failure is made real with a small preloaded library (compiled here with the C compiler that builds the
 * addon) whose close() closes the descriptor and then reports EIO when the descriptor was open on the file named by
 * $FAIL_CLOSE_PATH. Each case runs in a forked child, which must end normally (no signal).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { libForChildren, py, runForked, tmpDir } from '../helpers';

const { dir } = tmpDir('close-failure');
let lib: string;
let shim: string;
let script: string;

const SHIM = `
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
int close(int fd) {
  static int (*real)(int) = 0;
  if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "close");
  const char* want = getenv("FAIL_CLOSE_PATH");
  int hit = 0;
  if (want && *want) {
    char link[64], buf[PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, buf, sizeof buf - 1);
    if (n > 0) {
      buf[n] = 0;
      hit = strcmp(buf, want) == 0;
    }
  }
  int r = real(fd);
  if (hit && r == 0) {
    errno = EIO;
    return -1;
  }
  return r;
}
`;

const CHILD = `
const fs = require('fs');
const path = require('path');
const [, , lib, dir, how] = process.argv;
const { File, libraryInfo } = require(lib);
const { native } = require(path.join(lib, 'binding'));
const out = {};
const code = (fn) => { try { fn(); return 'no error'; } catch (e) { return e.code + ': ' + e.message; } };

const good = File.open(dir + '/good.h5', 'w');
good.createDataset('d', { dtype: 'int32', shape: [0], maxshape: [null], chunks: [4] }).append(new Int32Array([1, 2, 3]));
const bad = File.open(dir + '/bad.h5', 'w');
const d = bad.createDataset('d', { dtype: 'float64', shape: [0], maxshape: [null], chunks: [1000] });
d.append(new Float64Array(500).fill(7));
bad.createGroup('g').attrs.set('note', 'kept');

process.env.FAIL_CLOSE_PATH = fs.realpathSync(dir + '/bad.h5');
out.idsBefore = native.libraryInfo().openIds;
const close = how === 'async'
  ? bad.closeAsync().then(() => 'no error', (e) => e.code + ': ' + e.message)
  : Promise.resolve(code(() => bad.close()));
close.then((c) => {
  out.close = c;
  out.open = bad.isOpen;
  out.again = code(() => bad.close());
  out.read = code(() => d.read());
  out.leftOpen = libraryInfo().leftOpen;
  out.openIds = native.libraryInfo().openIds;
  out.openObjectCount = good.openObjectCount;
  // The healthy file goes on: written after the failure, closed by the exit handler.
  good.createDataset('e', { dtype: 'int32', data: new Int32Array([4, 5]) });
  process.send(out, () => process.exit(0));
});
`;

beforeAll(() => {
  lib = libForChildren(dir);
  const src = path.join(dir, 'failclose.c');
  fs.writeFileSync(src, SHIM);
  shim = path.join(dir, 'failclose.so');
  const cc = spawnSync('gcc', ['-O2', '-shared', '-fPIC', '-o', shim, src, '-ldl'], { encoding: 'utf8' });
  if (cc.status !== 0) throw new Error(`cannot compile the close() shim with gcc (${cc.status}): ${cc.error ?? cc.stderr}`);
  script = path.join(dir, 'child.js');
  fs.writeFileSync(script, CHILD);
});

type Out = {
  idsBefore: number;
  close: string;
  open: boolean;
  again: string;
  read: string;
  leftOpen: number;
  openIds: number | null;
  openObjectCount: number | null;
};

describe.each(['sync', 'async'])('a file whose close fails after it was written out (%s)', (how) => {
  test('close reports the failure; the id is never used again; the data is on disk; other files work on', async () => {
    if (!fs.existsSync('/proc/self/fd')) throw new Error('this test needs /proc/self/fd (Linux) to find the descriptor being closed');
    const work = path.join(dir, how);
    fs.mkdirSync(work, { recursive: true });
    const r = await runForked<Out>(script, [lib, work, how], { env: { ...process.env, LD_PRELOAD: shim } });
    expect({ code: r.code, signal: r.signal, stderr: r.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
    const out = r.out!;
    expect(out.idsBefore).toBeGreaterThanOrEqual(4);
    expect(out.close).toMatch(/^ERR_H5: HDF5 failed to close '.*bad\.h5' or an object in it after writing it out; h5nwb will not touch them again/);
    // Closed as far as h5nwb is concerned: a second close has nothing to do, its objects are closed.
    expect(out.open).toBe(false);
    expect(out.again).toBe('no error');
    expect(out.read).toMatch(/^ERR_H5_CLOSED: /);
    expect(out.leftOpen).toBe(1);
    // Listing open ids would read the one HDF5 freed: the counts are unknown from now on.
    expect(out.openIds).toBeNull();
    expect(out.openObjectCount).toBeNull();
    // What the failed close had written out before is all there, and the healthy file has both datasets.
    expect(py("f = h5py.File(sys.argv[1], 'r'); print(json.dumps([f['d'].shape[0], float(f['d'][:].sum()), f['g'].attrs['note']]))", path.join(work, 'bad.h5'))).toEqual([
      500,
      3500,
      'kept',
    ]);
    expect(py("f = h5py.File(sys.argv[1], 'r'); print(json.dumps([f['d'][:].tolist(), f['e'][:].tolist()]))", path.join(work, 'good.h5'))).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });
});
