/** File modes with h5py's meaning, filename/mode, close, flush, dispose, openAsync/closeAsync, option checks. */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import { checkLinks, copyFile, copyFileSync, ErrorCodes, File, Hdf5Error } from '../../lib';
import { PYTHON, py, pyResult, rejected, thrown, tmpDir } from '../helpers';

const { file } = tmpDir('files');

/** What h5py sees in a file: its top-level names and, for datasets, their values. */
function pyContent(p: string): Record<string, unknown> {
  return py(
    `f = h5py.File(sys.argv[1], 'r')
out = {}
for k in f:
    o = f[k]
    out[k] = o[()].tolist() if isinstance(o, h5py.Dataset) else 'group'
print(json.dumps(out))`,
    p,
  );
}

/** Writes a small file with h5py: dataset 'old' = [1, 2, 3]. */
function pyMake(p: string): void {
  py(`f = h5py.File(sys.argv[1], 'w'); f['old'] = np.array([1, 2, 3], dtype='i4'); f.close(); print(1)`, p);
}

describe('modes', () => {
  test.each(['r', 'r+'] as const)("mode %s on a missing file: ERR_H5_FILE_NOT_FOUND, nothing created", (mode) => {
    const p = file(`missing-${mode}.h5`);
    const e = thrown(() => File.open(p, mode));
    expect(e).toBeInstanceOf(Hdf5Error);
    expect(e.code).toBe(ErrorCodes.FILE_NOT_FOUND);
    expect(e.file).toBe(p);
    expect(e.message).toContain(p);
    expect(fs.existsSync(p)).toBe(false);
  });

  test("mode r opens an h5py file read-only; filename and mode are reported", () => {
    const p = file('r.h5');
    pyMake(p);
    const f = File.open(p, 'r');
    expect(f.filename).toBe(p);
    expect(f.mode).toBe('r');
    expect(f.writable).toBe(false);
    expect(Array.from(f.getDataset('old').read().data as Int32Array)).toEqual([1, 2, 3]);
    f.close();
  });

  test('the default mode is r', () => {
    const p = file('default.h5');
    pyMake(p);
    const f = File.open(p);
    expect(f.mode).toBe('r');
    expect(f.writable).toBe(false);
    f.close();
  });

  test('mode r+ opens an existing file for writing and keeps its content', () => {
    const p = file('rplus.h5');
    pyMake(p);
    const f = File.open(p, 'r+');
    expect(f.mode).toBe('r+');
    expect(f.writable).toBe(true);
    f.getDataset('old').write([7, 8, 9]);
    f.createGroup('added');
    f.close();
    expect(pyContent(p)).toEqual({ old: [7, 8, 9], added: 'group' });
  });

  test('mode a creates a missing file', () => {
    const p = file('a-new.h5');
    expect(fs.existsSync(p)).toBe(false);
    const f = File.open(p, 'a');
    expect(f.mode).toBe('a');
    expect(f.writable).toBe(true);
    f.createDataset('x', { data: new Int32Array([5]) });
    f.close();
    expect(pyContent(p)).toEqual({ x: [5] });
  });

  test('mode a: a file created by someone else after the check for it is opened, not refused', async () => {
    const { native } = await import('../../lib/binding');
    const p = file('a-created-meanwhile.h5');
    // The I/O thread is held, so openAsync has planned a create (the file is missing) that has not run yet when
    // another open creates the file.
    native.asyncHoldIoThread(60_000);
    let pending: Promise<File>;
    try {
      pending = File.openAsync(p, 'a');
      const other = File.open(p, 'w-');
      other.attrs.set('first', 1);
      other.close();
    } finally {
      native.asyncHoldIoThread(0);
    }
    const f = await pending;
    expect(f.attrs.get('first')).toBe(1);
    f.attrs.set('second', 2);
    f.close();
    expect(py("f = h5py.File(sys.argv[1], 'r'); print(json.dumps(sorted((k, int(v)) for k, v in f.attrs.items())))", p)).toEqual([
      ['first', 1],
      ['second', 2],
    ]);
  });

  test('mode a opens an existing file without truncating it', () => {
    const p = file('a-old.h5');
    pyMake(p);
    const f = File.open(p, 'a');
    expect(f.keys()).toEqual(['old']);
    f.createDataset('new', { data: new Int32Array([4]) });
    f.close();
    expect(pyContent(p)).toEqual({ old: [1, 2, 3], new: [4] });
  });

  test('mode w creates a missing file', () => {
    const p = file('w-new.h5');
    const f = File.open(p, 'w');
    f.createGroup('g');
    f.close();
    expect(pyContent(p)).toEqual({ g: 'group' });
  });

  test('mode w truncates an existing file', () => {
    const p = file('w-old.h5');
    pyMake(p);
    const f = File.open(p, 'w');
    expect(f.keys()).toEqual([]);
    f.createDataset('fresh', { data: new Int32Array([1]) });
    f.close();
    expect(pyContent(p)).toEqual({ fresh: [1] });
  });

  test.each(['w-', 'x'] as const)('mode %s refuses an existing file (ERR_H5_FILE_EXISTS) and leaves it alone', (mode) => {
    const p = file(`excl-${mode}.h5`);
    pyMake(p);
    const e = thrown(() => File.open(p, mode));
    expect(e).toBeInstanceOf(Hdf5Error);
    expect(e.code).toBe(ErrorCodes.FILE_EXISTS);
    expect(e.file).toBe(p);
    expect(pyContent(p)).toEqual({ old: [1, 2, 3] });
  });

  test.each(['w-', 'x'] as const)('mode %s creates a missing file', (mode) => {
    const p = file(`excl-new-${mode}.h5`);
    const f = File.open(p, mode);
    expect(f.mode).toBe(mode);
    f.createDataset('d', { data: new Int32Array([2, 3]) });
    f.close();
    expect(pyContent(p)).toEqual({ d: [2, 3] });
  });

  test('writing in mode r fails with ERR_H5_READ_ONLY naming the file, and changes nothing', () => {
    const p = file('readonly.h5');
    pyMake(p);
    const f = File.open(p, 'r');
    const attempts: [string, () => unknown][] = [
      ['createGroup', () => f.createGroup('g')],
      ['createDataset', () => f.createDataset('d', { data: new Int32Array([1]) })],
      ['attrs.set', () => f.attrs.set('a', 1)],
      ['dataset.write', () => f.getDataset('old').write([0, 0, 0])],
      ['delete', () => f.delete('old')],
    ];
    for (const [what, fn] of attempts) {
      const e = thrown(fn);
      expect({ what, isHdf5Error: e instanceof Hdf5Error, code: e.code }).toEqual({ what, isHdf5Error: true, code: ErrorCodes.READ_ONLY });
      expect(e.message).toContain(p);
    }
    f.close();
    expect(pyContent(p)).toEqual({ old: [1, 2, 3] });
    expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps(list(f.attrs)))`, p)).toEqual([]);
  });

  // HDF5 refuses to truncate a file that is open; the error code should say why.
  test('mode w on a file this process holds open: ERR_H5_FILE_LOCKED', () => {
    const p = file('held.h5');
    const f = File.open(p, 'w');
    try {
      const e = thrown(() => File.open(p, 'w'));
      expect(e).toBeInstanceOf(Hdf5Error);
      expect(e.code).toBe(ErrorCodes.FILE_LOCKED);
    } finally {
      f.close();
    }
  });

  test('mode w on a file this process holds open is refused with an Hdf5Error (the file survives)', () => {
    const p = file('held2.h5');
    const f = File.open(p, 'w');
    f.createDataset('keep', { data: new Int32Array([9]) });
    const e = thrown(() => File.open(p, 'w'));
    expect(e).toBeInstanceOf(Hdf5Error);
    expect(e.file).toBe(p);
    f.close();
    expect(pyContent(p)).toEqual({ keep: [9] });
  });
});

// HDF5 truncates a file before it takes its lock: 'w' over a file another program has open would empty it under
// that program and only then fail. The addon checks the lock first.
describe('mode w over a file another process holds open', () => {
  /** Starts h5py holding `files` open (read-only, so with a shared lock) until its stdin closes. */
  async function holder(files: string[], driverArgs = ''): Promise<ChildProcess> {
    const code = `import h5py, sys\nf = h5py.File(sys.argv[1], 'r'${driverArgs})\nprint('ready', flush=True)\nsys.stdin.read()\nf.close()`;
    const child = spawn(PYTHON, ['-c', code, ...files], { stdio: ['pipe', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      child.on('exit', (c) => reject(new Error(`the h5py holder exited (${c}) before it opened ${files[0]}`)));
    });
    return child;
  }
  const release = (c: ChildProcess) => new Promise<void>((resolve) => {
    c.on('exit', () => resolve());
    c.stdin!.end();
  });

  test('sync and async: ERR_H5_FILE_LOCKED, and the file keeps its bytes and content', async () => {
    const p = file('other-held.h5');
    py(`with h5py.File(sys.argv[1], 'w') as f: f['x'] = np.arange(100)\nprint('null')`, p);
    const before = fs.readFileSync(p);
    const child = await holder([p]);
    try {
      const e = thrown(() => File.open(p, 'w'));
      expect({ cls: e instanceof Hdf5Error, code: e.code, file: e.file }).toEqual({ cls: true, code: ErrorCodes.FILE_LOCKED, file: p });
      expect(e.message).toContain(p);
      const a = await rejected(File.openAsync(p, 'w'));
      expect({ code: a.code, file: a.file }).toEqual({ code: ErrorCodes.FILE_LOCKED, file: p });
      expect(fs.readFileSync(p).equals(before)).toBe(true);
    } finally {
      await release(child);
    }
    expect(pyContent(p)).toEqual({ x: Array.from({ length: 100 }, (_, i) => i) });
    // Once the other program lets go, 'w' truncates as it should.
    File.open(p, 'w').close();
    expect(pyContent(p)).toEqual({});
  });

  test('a split file held open: refused and left as it was; with locking: false, w truncates as asked', async () => {
    const p = file('split-held');
    py(`with h5py.File(sys.argv[1], 'w', driver='split') as f: f['x'] = np.arange(100)\nprint('null')`, p);
    const raw = `${p}-r.h5`;
    const size = fs.statSync(raw).size;
    const child = await holder([p], ", driver='split'");
    try {
      const e = thrown(() => File.open(p, 'w', { driver: 'split' }));
      expect(e.code).toBe(ErrorCodes.FILE_LOCKED);
      expect(fs.statSync(raw).size).toBe(size);
      // the caller turned locking off: there is nothing to check, and the create goes ahead (as in h5py)
      File.open(p, 'w', { driver: 'split', locking: false }).close();
      expect(fs.statSync(raw).size).toBeLessThan(size);
    } finally {
      await release(child);
    }
  });

  test('a FIFO where the file should be: a clean error, not a hang', () => {
    const p = file('fifo.h5');
    expect(spawnSync('mkfifo', [p]).status).toBe(0);
    const e = thrown(() => File.open(p, 'w'));
    expect(e).toBeInstanceOf(Hdf5Error);
    expect(e.file).toBe(p);
  });

  test('a family file: a held member is named and no member is truncated', async () => {
    const p = file('fam-held-%d.h5');
    py(`with h5py.File(sys.argv[1], 'w', driver='family', memb_size=4096) as f: f['x'] = np.arange(2000)\nprint('null')`, p);
    const members = [0, 1, 2].map((i) => p.replace('%d', String(i))).filter((m) => fs.existsSync(m));
    expect(members.length).toBeGreaterThan(1);
    const sizes = members.map((m) => fs.statSync(m).size);
    const child = await holder([p], ", driver='family', memb_size=4096");
    try {
      const e = thrown(() => File.open(p, 'w', { driver: { driver: 'family', memberSize: 4096 } }));
      expect(e.code).toBe(ErrorCodes.FILE_LOCKED);
      expect(e.message).toContain(members[0]);
      expect(members.map((m) => fs.statSync(m).size)).toEqual(sizes);
    } finally {
      await release(child);
    }
  });
});

describe('arguments are checked before any native code runs', () => {
  test('an unknown mode is a RangeError and creates nothing', () => {
    const p = file('badmode.h5');
    for (const mode of ['rw', 'W', '', 'append']) {
      const e = thrown(() => File.open(p, mode as never));
      expect(e).toBeInstanceOf(RangeError);
      expect(e.message).toContain('mode');
    }
    expect(fs.existsSync(p)).toBe(false);
  });

  test('option values of the wrong type or out of range are refused, naming the option, and create nothing', () => {
    const p = file('badvalues.h5');
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ userblock: -512 }, 'RangeError', /^userblock must be 0 or a power of two from 512 bytes .*got -512$/],
      [{ userblock: NaN }, 'RangeError', /^userblock .*got NaN$/],
      [{ userblock: 1024.5 }, 'RangeError', /^userblock .*got 1024\.5$/],
      [{ userblock: 100 }, 'RangeError', /^userblock .*got 100$/],
      [{ userblock: 1536 }, 'RangeError', /^userblock .*got 1536$/],
      [{ userblock: '512' }, 'TypeError', /^userblock must be a number of bytes; got '512'$/],
      [{ trackOrder: 'yes' }, 'TypeError', /^trackOrder must be true or false; got 'yes'$/],
      [{ locking: 'maybe' }, 'TypeError', /^locking must be true or false/],
      [{ swmr: 1 }, 'TypeError', /^swmr must be true or false; got 1$/],
      [{ externalLinkPrefix: 5 }, 'TypeError', /^externalLinkPrefix must be a folder path; got 5$/],
      [{ externalLinkPrefix: 'a\0b' }, 'RangeError', /^externalLinkPrefix must not contain NUL/],
      [{ libver: ['latest', 'earliest'] }, 'RangeError', /^libver \[latest, earliest\]: the low bound is above the high bound$/],
      [{ libver: ['v110'] }, 'TypeError', /^libver must be a bound or \[low, high\]/],
      [{ libver: ['earliest', 'earliest'] }, 'RangeError', /high bound cannot be 'earliest'/],
      [{ libver: 'v2' }, 'RangeError', /^unknown libver bound 'v2'/],
      [{ driver: { driver: 'core', increment: -1 } }, 'RangeError', /core driver's increment must be a positive whole number of bytes; got -1$/],
      [{ driver: { driver: 'core', increment: 0.5 } }, 'RangeError', /increment .*got 0\.5$/],
      [{ driver: { driver: 'core', backingStore: 'no' } }, 'TypeError', /backingStore must be true or false/],
      [{ driver: { driver: 'multi', relax: 1 } }, 'TypeError', /relax must be true or false/],
    ];
    for (const [options, name, message] of cases) {
      const e = thrown(() => File.open(p, 'w', options as never));
      expect({ options, name: e.name, message: e.message }).toEqual({ options, name, message: expect.stringMatching(message) });
    }
    expect(fs.existsSync(p)).toBe(false);
    // the edges that are right are taken
    for (const options of [{ userblock: 0 }, { userblock: 512 }, { libver: ['earliest', 'v110'] }, { driver: { driver: 'core', increment: 4096 } }]) File.open(p, 'w', options as never).close();
  });

  test('an unknown option is a TypeError naming it and creates nothing', () => {
    const p = file('badopt.h5');
    const e = thrown(() => File.open(p, 'w', { trackorder: true } as never));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toContain('trackorder');
    expect(fs.existsSync(p)).toBe(false);
  });

  test('null for options means none, as h5py takes None: File.open, createGroup, createDataset, attrs.set, copy, copyFile, checkLinks', async () => {
    const p = file('null-options.h5');
    const f = File.open(p, 'w', null as never);
    f.createGroup('g', null as never);
    f.createDataset('d', { data: [1, 2] });
    f.attrs.set('a', 1, null as never);
    f.commitDatatype('t', 'int16', null as never);
    f.copy('d', f, 'd2', null as never);
    expect(f.getDataset('d2').read().data).toEqual(Float64Array.of(1, 2));
    f.close();
    expect(File.isHdf5(p, null as never)).toBe(true);
    copyFileSync(p, file('null-options-copy.h5'), null as never);
    await copyFile(p, file('null-options-copy2.h5'), null as never);
    expect(checkLinks(p, null as never)).toEqual([]);
    expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps(sorted(f.keys())))`, file('null-options-copy2.h5'))).toEqual(['d', 'd2', 'g', 't']);
  });

  test('openAsync rejects (does not throw) for a bad mode or option, and creates nothing', async () => {
    const p = file('badasync.h5');
    let promise: Promise<unknown> | undefined;
    const sync = (() => {
      try {
        promise = File.openAsync(p, 'nope' as never);
        return null;
      } catch (e) {
        return e;
      }
    })();
    expect(sync).toBeNull();
    expect(await rejected(promise!)).toBeInstanceOf(RangeError);
    expect(await rejected(File.openAsync(p, 'w', { bogus: 1 } as never))).toBeInstanceOf(TypeError);
    expect(fs.existsSync(p)).toBe(false);
  });

  test('an empty or non-string file name is a TypeError', () => {
    expect(thrown(() => File.open('', 'w'))).toBeInstanceOf(TypeError);
    expect(thrown(() => File.open(42 as never, 'w'))).toBeInstanceOf(TypeError);
  });
});

describe('close, flush, dispose', () => {
  test('close() is idempotent; the file is then readable by h5py', () => {
    const p = file('close.h5');
    const f = File.open(p, 'w');
    f.createDataset('d', { data: new Float64Array([1.5, 2.5]) });
    expect(f.isOpen).toBe(true);
    f.close();
    expect(f.isOpen).toBe(false);
    expect(() => f.close()).not.toThrow();
    expect(pyContent(p)).toEqual({ d: [1.5, 2.5] });
  });

  test('flush() puts data and metadata on disk while the file stays open', () => {
    const p = file('flush.h5');
    const f = File.open(p, 'w');
    f.createDataset('d', { data: new Int32Array([1, 2, 3]) });
    f.attrs.set('note', 'flushed');
    const look = () =>
      pyResult(
        `f = h5py.File(sys.argv[1], 'r'); print(json.dumps({'d': f['d'][:].tolist(), 'note': f.attrs['note']}))`,
        [p],
        { HDF5_USE_FILE_LOCKING: 'FALSE' },
      );
    // Control: before the flush, the metadata is still only in HDF5's cache.
    const before = look();
    expect(before.ok && before.value.d?.length === 3).toBe(false);
    f.flush();
    const after = look();
    expect(after.stderr).toBe('');
    expect(after.value).toEqual({ d: [1, 2, 3], note: 'flushed' });
    expect(f.isOpen).toBe(true);
    f.close();
  });

  test('flush() on a read-only file is harmless', () => {
    const p = file('flush-r.h5');
    pyMake(p);
    const f = File.open(p, 'r');
    expect(() => f.flush()).not.toThrow();
    f.close();
  });

  test('`using` closes the file at the end of the block', () => {
    const p = file('using.h5');
    let seen: File;
    {
      using f = File.open(p, 'w');
      seen = f;
      f.createDataset('d', { data: new Int32Array([3, 2, 1]) });
      expect(f.isOpen).toBe(true);
    }
    expect(seen.isOpen).toBe(false);
    expect(pyContent(p)).toEqual({ d: [3, 2, 1] });
  });

  test('[Symbol.dispose]() closes the file', () => {
    const p = file('dispose.h5');
    const f = File.open(p, 'w');
    f.createGroup('g');
    f[Symbol.dispose]();
    expect(f.isOpen).toBe(false);
    expect(pyContent(p)).toEqual({ g: 'group' });
  });

  test('`await using` closes the file asynchronously at the end of the block', async () => {
    const p = file('await-using.h5');
    let seen: File;
    {
      await using f = await File.openAsync(p, 'w');
      seen = f;
      f.createDataset('d', { data: new Int16Array([4, 5]) });
    }
    expect(seen.isOpen).toBe(false);
    expect(pyContent(p)).toEqual({ d: [4, 5] });
  });
});

describe('openAsync and closeAsync', () => {
  test('openAsync with each mode behaves as open', async () => {
    const p = file('async-modes.h5');
    const e1 = await rejected(File.openAsync(p, 'r'));
    expect(e1).toBeInstanceOf(Hdf5Error);
    expect(e1.code).toBe(ErrorCodes.FILE_NOT_FOUND);
    expect(fs.existsSync(p)).toBe(false);

    const w = await File.openAsync(p, 'w');
    expect(w.mode).toBe('w');
    expect(w.filename).toBe(p);
    w.createDataset('d', { data: new Int32Array([1, 2]) });
    await w.closeAsync();
    expect(w.isOpen).toBe(false);
    expect(pyContent(p)).toEqual({ d: [1, 2] });

    const e2 = await rejected(File.openAsync(p, 'x'));
    expect(e2.code).toBe(ErrorCodes.FILE_EXISTS);
    const e3 = await rejected(File.openAsync(p, 'w-'));
    expect(e3.code).toBe(ErrorCodes.FILE_EXISTS);

    const a = await File.openAsync(p, 'a');
    a.createGroup('g');
    await a.closeAsync();
    expect(pyContent(p)).toEqual({ d: [1, 2], g: 'group' });

    const r = await File.openAsync(p, 'r');
    expect(r.writable).toBe(false);
    expect(Array.from(r.getDataset('d').read().data as Int32Array)).toEqual([1, 2]);
    const e4 = thrown(() => r.createGroup('h'));
    expect(e4.code).toBe(ErrorCodes.READ_ONLY);
    await r.closeAsync();
  });

  test('openAsync of a non-HDF5 file rejects with ERR_H5_NOT_HDF5', async () => {
    const p = file('text.h5');
    fs.writeFileSync(p, 'not an HDF5 file\n'.repeat(64));
    const e = await rejected(File.openAsync(p, 'r'));
    expect(e).toBeInstanceOf(Hdf5Error);
    expect(e.code).toBe(ErrorCodes.NOT_HDF5);
    expect(e.file).toBe(p);
  });
});
