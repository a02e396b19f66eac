/**
 * Errors: Hdf5Error's shape (code, file, path, frames), files that are not HDF5 or are truncated, closed
 * objects, and close() cascading to every object opened under a file.
 */
import * as fs from 'fs';
import { Dataset, ErrorCodes, File, Group, Hdf5Error, Reference } from '../../lib';
import { native } from '../../lib/binding';
import { py, rejected, thrown, tmpDir } from '../helpers';

const { file } = tmpDir('errors');

/** A real HDF5 file written by h5nwb (and checked by h5py), returned as bytes. */
function realFile(name: string): { path: string; bytes: Buffer } {
  const p = file(name);
  const f = File.open(p, 'w');
  f.createDataset('data', { data: new Float64Array(20000).fill(1.25) });
  f.createGroup('g/h').attrs.set('note', 'x'.repeat(200));
  f.close();
  expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps([float(f['data'][:].sum()), f['g/h'].attrs['note'][:3]]))`, p)).toEqual([25000, 'xxx']);
  return { path: p, bytes: fs.readFileSync(p) };
}

test('an HDF5 failure is an Hdf5Error with code, file, path, major/minor and the HDF5 stack', () => {
  const p = file('stack.h5');
  File.open(p, 'w').close();
  const f = File.open(p, 'r');
  const e = thrown(() => f.createGroup('a/b'));
  f.close();
  expect(e).toBeInstanceOf(Hdf5Error);
  expect(e).toBeInstanceOf(Error);
  expect(e.name).toBe('Hdf5Error');
  expect(e.code).toBe(ErrorCodes.READ_ONLY);
  expect(e.file).toBe(p);
  expect(e.path).toBe('/a/b');
  expect(Array.isArray(e.frames)).toBe(true);
  expect(e.frames.length).toBeGreaterThan(0);
  for (const fr of e.frames) {
    expect(Object.keys(fr).sort()).toEqual(['desc', 'func', 'major', 'minor', 'source']);
    expect(typeof fr.func).toBe('string');
  }
  // The outermost frame is the API call; the innermost is the root cause, whose classes are major/minor.
  expect(e.frames[0].func).toMatch(/^H5/);
  expect(e.major).toBe(e.frames[e.frames.length - 1].major);
  expect(e.minor).toBe(e.frames[e.frames.length - 1].minor);
  expect(e.message).toContain(e.frames[e.frames.length - 1].desc);
  expect(e.message).toContain(p);
  expect(typeof e.stack).toBe('string');
});

test('errors of the TypeScript layer are Hdf5Errors too, with an empty stack', () => {
  const p = file('ts.h5');
  const f = File.open(p, 'w');
  const e = thrown(() => f.getGroup('nope'));
  f.close();
  expect(e).toBeInstanceOf(Hdf5Error);
  expect(e).toMatchObject({ code: ErrorCodes.NOT_FOUND, file: p, path: '/nope', frames: [], major: null, minor: null });
});

test('a file that is not HDF5: ERR_H5_NOT_HDF5 (open, openAsync, every mode that opens)', async () => {
  const p = file('text.h5');
  fs.writeFileSync(p, 'this is plain text, not HDF5\n'.repeat(100));
  for (const mode of ['r', 'r+', 'a'] as const) {
    const e = thrown(() => File.open(p, mode));
    expect({ mode, isHdf5Error: e instanceof Hdf5Error, code: e.code, file: e.file }).toEqual({ mode, isHdf5Error: true, code: ErrorCodes.NOT_HDF5, file: p });
  }
  const e = await rejected(File.openAsync(p, 'r'));
  expect(e.code).toBe(ErrorCodes.NOT_HDF5);
  expect(File.isHdf5(p)).toBe(false);
  // An empty file too.
  const empty = file('empty.h5');
  fs.writeFileSync(empty, '');
  expect(thrown(() => File.open(empty, 'r')).code).toBe(ErrorCodes.NOT_HDF5);
  // Mode a did not turn the text file into HDF5.
  expect(fs.readFileSync(p, 'utf8').startsWith('this is plain text')).toBe(true);
});

describe('truncated HDF5 files', () => {
  let real: { path: string; bytes: Buffer };
  beforeAll(() => {
    real = realFile('real.h5');
  });

  test.each([0.5, 0.1, 0.01])('cut to %p of its size: a clean ERR_H5_TRUNCATED or ERR_H5_NOT_HDF5', async (fraction) => {
    const p = file(`cut-${fraction}.h5`);
    fs.writeFileSync(p, real.bytes.subarray(0, Math.floor(real.bytes.length * fraction)));
    expect(File.isHdf5(real.path)).toBe(true);
    const e = thrown(() => File.open(p, 'r'));
    expect(e).toBeInstanceOf(Hdf5Error);
    expect([ErrorCodes.TRUNCATED, ErrorCodes.NOT_HDF5]).toContain(e.code);
    expect(e.file).toBe(p);
    const ea = await rejected(File.openAsync(p, 'r+'));
    expect([ErrorCodes.TRUNCATED, ErrorCodes.NOT_HDF5]).toContain(ea.code);
    // h5py refuses it too (the file really is broken).
    expect(py(`
try:
    h5py.File(sys.argv[1], 'r'); print(json.dumps('opened'))
except OSError as e:
    print(json.dumps('refused'))`, p)).toBe('refused');
  });

  test('cut anywhere from 44 bytes on: ERR_H5_TRUNCATED; cut inside the signature: ERR_H5_NOT_HDF5', () => {
    const codes = new Map<number, string>();
    for (const n of [0, 4, 7, 44, 48, 64, 96, 100, 200, 512, 1000, 2047, 4096, 10000, real.bytes.length - 1]) {
      const p = file(`cut-at-${n}.h5`);
      fs.writeFileSync(p, real.bytes.subarray(0, n));
      codes.set(n, thrown(() => File.open(p, 'r')).code);
    }
    for (const [n, code] of codes) expect({ n, code }).toEqual({ n, code: n < 8 ? ErrorCodes.NOT_HDF5 : ErrorCodes.TRUNCATED });
  });

  // Native bug: a file cut inside its superblock (signature intact) gets the generic ERR_H5.
  test('cut inside the superblock (8 to 43 bytes): ERR_H5_TRUNCATED or ERR_H5_NOT_HDF5, not ERR_H5', () => {
    for (const n of [8, 10, 16, 24, 40]) {
      const p = file(`cut-sb-${n}.h5`);
      fs.writeFileSync(p, real.bytes.subarray(0, n));
      const e = thrown(() => File.open(p, 'r'));
      expect(e).toBeInstanceOf(Hdf5Error);
      expect({ n, ok: [ErrorCodes.TRUNCATED, ErrorCodes.NOT_HDF5].includes(e.code) }).toEqual({ n, ok: true });
    }
  });

  test('a file truncated while h5nwb holds it open: reads fail cleanly, the process survives', () => {
    const p = file('shrinking.h5');
    fs.copyFileSync(real.path, p);
    const f = File.open(p, 'r');
    const d = f.getDataset('data');
    fs.truncateSync(p, 4096);
    // Raw data past the end: HDF5 either fails or (sec2) reads zeros there; never garbage, never a crash.
    let values: Float64Array | null = null;
    try {
      values = d.read().data as Float64Array;
    } catch (e) {
      expect(e).toBeInstanceOf(Hdf5Error);
    }
    if (values) {
      expect(values.length).toBe(20000);
      expect(values.every((v) => v === 1.25 || v === 0)).toBe(true);
      expect(values.includes(0)).toBe(true);
    }
    // Metadata that is gone: an Hdf5Error.
    expect(thrown(() => f.getGroup('g/h').attrs.get('note'))).toBeInstanceOf(Hdf5Error);
    f.close();
    expect(f.isOpen).toBe(false);
  });
});

describe('closed objects', () => {
  test('a closed dataset, group, or file: ERR_H5_CLOSED naming the file and the object', () => {
    const p = file('closed.h5');
    const f = File.open(p, 'w');
    const g = f.createGroup('grp');
    const d = g.createDataset('data', { data: [1, 2, 3] });
    d.close();
    const ops: [string, () => unknown][] = [
      ['read', () => d.read()],
      ['write', () => d.write([1, 2, 3])],
      ['shape', () => d.shape],
      ['attrs.get', () => d.attrs.get('x')],
      ['append', () => d.append([1])],
    ];
    for (const [what, fn] of ops) {
      const e = thrown(fn);
      expect({ what, isHdf5Error: e instanceof Hdf5Error, code: e.code, file: e.file, path: e.path }).toEqual({
        what, isHdf5Error: true, code: ErrorCodes.CLOSED, file: p, path: '/grp/data',
      });
      expect(e.message).toContain('/grp/data');
      expect(e.message).toContain(p);
    }
    expect(d.isOpen).toBe(false);
    expect(g.isOpen).toBe(true);
    expect(f.isOpen).toBe(true);
    // printing a closed object is no error (a log line or an error handler may print it), as in h5py
    expect([`${d}`, String(g)]).toEqual(['<Closed HDF5 dataset>', '<HDF5 group "/grp" (1 members)>']);
    g.close();
    expect(`${g}`).toBe('<Closed HDF5 group>');
    for (const fn of [() => g.keys(), () => g.createGroup('x'), () => g.attrs.set('a', 1), () => g.get('data')]) {
      expect(thrown(fn)).toMatchObject({ code: ErrorCodes.CLOSED, file: p, path: '/grp' });
    }
    expect(f.keys()).toEqual(['grp']);
    f.close();
    for (const fn of [() => f.keys(), () => f.get('grp'), () => f.flush(), () => f.attrs.keys(), () => f.createDataset('x', { data: [1] })]) {
      expect(thrown(fn)).toMatchObject({ code: ErrorCodes.CLOSED, file: p, path: '/' });
    }
    // Closing again is harmless for every kind of object.
    expect(() => [d.close(), g.close(), f.close()]).not.toThrow();
  });

  test('close() cascades: objects opened under a file are closed with it; HDF5 agrees the file is closed', () => {
    const p = file('cascade.h5');
    const f = File.open(p, 'w');
    const g = f.createGroup('a/b');
    const d = g.createDataset('d', { data: new Int32Array([1, 2]) });
    const again = f.getDataset('a/b/d');
    const viaRef = f.deref(g.ref()) as Group;
    const attrs = d.attrs;
    attrs.set('x', 1);
    expect(f.openObjectCount).toBe(5); // the file, g, d, again, viaRef
    f.close();
    for (const o of [f, g, d, again, viaRef]) expect(o.isOpen).toBe(false);
    expect(thrown(() => again.read())).toMatchObject({ code: ErrorCodes.CLOSED, path: '/a/b/d' });
    expect(thrown(() => viaRef.keys()).code).toBe(ErrorCodes.CLOSED);
    expect(thrown(() => attrs.get('x')).code).toBe(ErrorCodes.CLOSED);
    // HDF5 agrees the file is closed: it refuses to truncate an open file, and mode w succeeds now.
    const w = File.open(p, 'w');
    w.close();
    expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps(list(f)))`, p)).toEqual([]);
  });

  // Native issue: a dataset handle keeps its cached memory datatype (Handle::cachedMemType, an H5Tcopy) until the
  // JS object is garbage-collected; Handle::Close() and FileState::CloseAll() leave it open.
  test('close() leaves no HDF5 identifier behind (libraryInfo().openIds back to where it was)', () => {
    const before = native.libraryInfo().openIds;
    const p = file('ids.h5');
    const f = File.open(p, 'w');
    const d = f.createDataset('d', { data: new Int32Array([1, 2]) });
    d.read();
    f.close();
    expect(d.isOpen).toBe(false);
    expect(native.libraryInfo().openIds).toBe(before);
  });

  test('closing a child leaves the file and its other objects open', () => {
    const p = file('child.h5');
    const f = File.open(p, 'w');
    const a = f.createDataset('a', { data: [1] });
    const b = f.createDataset('b', { data: [2] });
    a.close();
    expect(f.openObjectCount).toBe(2);
    expect(Array.from(b.read().data as Float64Array)).toEqual([2]);
    f.close();
    expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps([f['a'][0], f['b'][0]]))`, p)).toEqual([1, 2]);
  });
});

describe('handles passed to the addon', () => {
  // The addon checks a handle's type tag once and remembers it (native/core/handle.cc TryUnwrap): whatever it saw
  // last, anything else is still refused and every handle reaches its own object.
  test('anything but a live handle of the addon is refused, between uses of real handles', () => {
    const f1 = File.open(file('handles1.h5'), 'w');
    const f2 = File.open(file('handles2.h5'), 'w');
    const a = f1.createDataset('a', { data: new Int16Array(6), shape: [2, 3], maxshape: [null, 3], chunks: [4, 3] });
    const b = f2.createDataset('b', { data: new Int16Array(20), shape: [4, 5] });
    const bad: unknown[] = [1, 'a', {}, [], null, undefined, new Int16Array(4), () => 0, Symbol('s'), 10n, f1];
    for (let round = 0; round < 3; round++) {
      expect(native.datasetShape(a._h)).toEqual([2 + round, 3]);
      expect(native.datasetShape(b._h)).toEqual([4, 5]);
      for (const v of bad) {
        const e = thrown(() => native.datasetShape(v as never));
        expect(e.name).toBe('TypeError');
        expect(e.message).toMatch(/expected an HDF5 object handle/);
        expect(native.isOpen(v as never)).toBe(false);
      }
      expect(native.datasetAppend(a._h, new Int16Array([round, round, round]), 0, 1)).toBe(3 + round);
    }
    a.close();
    expect(native.isOpen(a._h)).toBe(false);
    expect(thrown(() => native.datasetShape(a._h))).toHaveProperty('code', 'ERR_H5_CLOSED');
    expect(native.datasetShape(b._h)).toEqual([4, 5]);
    f1.close();
    f2.close();
    expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps(f['a'][2:].tolist()))`, file('handles1.h5'))).toEqual([
      [0, 0, 0], [1, 1, 1], [2, 2, 2],
    ]);
  });

  // lib/h5 checks the axis and the row count before calling the addon; the addon checks them again, so that a
  // direct call cannot make it index outside the dataset's dimensions (an axis of 2 ** 31 once read as -2 ** 31).
  test('an append axis or row count that is not a small integer >= 0 is refused by the addon itself', async () => {
    const p = file('append-args.h5');
    const f = File.open(p, 'w');
    const d = f.createDataset('d', { data: new Int16Array(6), shape: [2, 3], maxshape: [null, 3], chunks: [4, 3] });
    const row = new Int16Array([7, 7, 7]);
    const badAxes: unknown[] = [2 ** 31, 2 ** 32, -1, 1.5, NaN, Infinity, '0', null, 32];
    const badRows: unknown[] = [-1, 0.5, NaN, -Infinity, 2 ** 64, '1', undefined];
    const cases = [...badAxes.map((axis) => [axis, 1]), ...badRows.map((rows) => [0, rows])];
    for (const [axis, rows] of cases) {
      for (const call of [native.datasetAppend, native.datasetAppendNow]) {
        const e = thrown(() => call(d._h, row, axis as number, rows as number));
        expect(e.name).toBe('RangeError');
        expect(e.message).toMatch(/the axis of an append must be an integer|the number of rows to append must be an integer/);
      }
      const e = await rejected(native.datasetAppendAsync(d._h, row, axis as number, rows as number));
      expect(e.name).toBe('RangeError');
    }
    // Without axis and rows the addon counts the rows of a TypedArray; other data cannot be counted: the sync
    // form does nothing and says so with null (lib/h5 then takes its general path), the async form refuses.
    expect(native.datasetAppend(d._h, [7, 7, 7] as never)).toBeNull();
    const appendAsync = native.datasetAppendAsync as (...args: unknown[]) => Promise<number>;
    const noRows = await rejected(appendAsync(d._h, [7, 7, 7]));
    expect([noRows.name, noRows.message]).toEqual(['TypeError', 'an append without a row count needs a TypedArray']);
    // An axis past the dataset's rank is the dataset's own error.
    expect(thrown(() => native.datasetAppend(d._h, row, 2, 1)).message).toMatch(/cannot append along axis 2 of/);
    expect(native.datasetAppend(d._h, row, 0, 1)).toBe(3);
    f.close();
    expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps(f['d'][:].tolist()))`, p)).toEqual([
      [0, 0, 0], [0, 0, 0], [7, 7, 7],
    ]);
  });
});

test('a Reference made from a number that is no 64-bit address is a RangeError at deref, not an HDF5 error', () => {
  const p = file('bad-address.h5');
  const f = File.open(p, 'w');
  for (const a of [2n ** 64n, -1n]) {
    const e = thrown(() => f.deref(new Reference(a)));
    expect([e.name, e.message]).toEqual(['RangeError', `cannot resolve a reference in ${p}: ${a} is not an object address (0 to 2^64 - 1)`]);
  }
  f.close();
});

test('a reference whose object lost its last link is ERR_H5_NOT_FOUND, never the root group (as h5py refuses it)', () => {
  const p = file('dangling-ref.h5');
  const f = File.open(p, 'w');
  const d = f.createDataset('gone', { data: [1, 2, 3] });
  const ref = d.ref();
  f.attrs.set('target', ref);
  f.delete('gone');
  const open = f.openObjectCount;
  // Still open, the object is there but no path leads to it.
  const e = thrown(() => f.deref(ref));
  expect(e).toBeInstanceOf(Hdf5Error);
  expect([e.code, e.file, e.message]).toEqual([
    ErrorCodes.NOT_FOUND, p,
    `the object reference (address ${ref.address}) in ${p} points to an object that no longer has a path in the file (its last link was deleted)`,
  ]);
  expect(f.openObjectCount).toBe(open); // nothing left open by the failed deref
  d.close();
  f.close();
  // h5py refuses it too (with HDF5 1.10: "dereferencing deleted object")
  expect(py(`f = h5py.File(sys.argv[1], 'r')
try:
    print(json.dumps(f[f.attrs['target']].name))
except ValueError as e:
    print(json.dumps(str(e)))`, p)).toMatch(/dereferencing deleted object/);
  // Closed, the object is gone: whatever its old address holds, the reference resolves to nothing.
  const r = File.open(p, 'r');
  const stored = r.attrs.get('target') as import('../../lib').Reference;
  const before = r.openObjectCount;
  for (const e2 of [thrown(() => r.deref(stored)), thrown(() => stored.deref()), thrown(() => r.get(stored))]) {
    expect(e2).toBeInstanceOf(Hdf5Error);
    expect([e2.code, e2.file]).toEqual([ErrorCodes.NOT_FOUND, p]);
  }
  expect(r.openObjectCount).toBe(before);
  r.close();
});

// Messages that named the wrong cause or left out the object (found by a review of the error paths).
describe('errors that say what happened', () => {
  test('copy onto a taken name: ERR_H5_EXISTS with the destination path and file', () => {
    const p = file('copy-taken.h5');
    const f = File.open(p, 'w');
    f.createGroup('a');
    f.createGroup('g/b');
    for (const go of [() => f.copy('a', f.getGroup('g'), 'b'), () => f.copy('a', 'g/b')]) {
      const e = thrown(go);
      expect({ code: e.code, file: e.file, path: e.path, message: e.message }).toEqual({
        code: ErrorCodes.EXISTS, file: p, path: '/g/b', message: `cannot copy 'a' to '/g/b' of ${p}: the name is taken`,
      });
    }
    f.close();
  });

  test('a long chain of soft links is told apart from a cycle (HDF5 reports both as too many links)', () => {
    const f = File.open(file('chains.h5'), 'w');
    const c = f.createGroup('c');
    c.createDataset('t0', { data: [1] });
    for (let i = 1; i <= 20; i++) c.createSoftLink(`t${i}`, `t${i - 1}`);
    expect((c.get('t15') as Dataset).read().data).toEqual(new Float64Array([1]));
    let e = thrown(() => c.get('t20'));
    expect(e.code).toBe(ErrorCodes.LINK_CYCLE);
    expect(e.message).toContain("soft link '/c/t20'");
    expect(e.message).toContain('following it takes a chain of 20 soft links, more than HDF5 follows in one path (16)');
    c.createSoftLink('x', 'y');
    c.createSoftLink('y', '/c/x');
    e = thrown(() => c.get('x'));
    expect(e.code).toBe(ErrorCodes.LINK_CYCLE);
    expect(e.message).toContain("following it leads back round to '/c/x' (a cycle of soft links)");
    f.close();
  });

  test('startSwmrWrite: read-only, twice, and without the latest format each say so', () => {
    const p = file('swmr-twice.h5');
    const f = File.open(p, 'w', { libver: 'latest' });
    f.startSwmrWrite();
    const twice = thrown(() => f.startSwmrWrite());
    expect({ code: twice.code, message: twice.message }).toEqual({ code: ErrorCodes.H5, message: `cannot start SWMR writing on ${p}: it is in SWMR writing mode already` });
    f.close();
    const r = File.open(p, 'r');
    expect(thrown(() => r.startSwmrWrite()).code).toBe(ErrorCodes.READ_ONLY);
    r.close();
    const old = File.open(file('swmr-old.h5'), 'w');
    expect(thrown(() => old.startSwmrWrite()).message).toContain("SWMR needs the file opened with libver 'latest'");
    old.close();
  });

  test("the caller's getters closing the file while values are read: ERR_H5_CLOSED and nothing written", () => {
    const p = file('getter-close.h5');
    const f = File.open(p, 'w');
    const CT = { class: 'compound' as const, fields: [{ name: 'x', type: { class: 'integer' as const, size: 4 as const, signed: true } }] };
    const e = thrown(() => f.attrs.set('g', [{ get x() { f.close(); return 1; } }], { dtype: CT }));
    expect({ code: e.code, message: e.message }).toEqual({
      code: ErrorCodes.CLOSED, message: `the object was closed while the values of attribute 'g' of '/' in ${p} were read; nothing was written`,
    });
    const g = File.open(p, 'a');
    expect(g.attrs.keys()).toEqual([]);
    const d = thrown(() => g.createDataset('d', { dtype: CT, shape: [1], fillValue: { get x() { g.close(); return 1; } } }));
    expect(d.code).toBe(ErrorCodes.CLOSED);
    expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps([list(f), list(f.attrs)]))`, p)).toEqual([[], []]);
  });

  test('a Proxy of an array of strings is written as the array', () => {
    const p = file('proxy.h5');
    const f = File.open(p, 'w');
    f.attrs.set('names', new Proxy(['a', 'b'], {}));
    f.createDataset('d', { data: new Proxy(['x', 'yz'], {}) });
    f.close();
    expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps([list(f.attrs['names']), [s.decode() for s in f['d'][:]]]))`, p)).toEqual([['a', 'b'], ['x', 'yz']]);
  });

  test('values that are not strings, or not ASCII, for a string type: a TypeError or RangeError naming the dataset, nothing written', () => {
    const p = file('not-strings.h5');
    const f = File.open(p, 'w');
    const s = f.createDataset('s', { dtype: 'string', shape: [2] });
    const a = f.createDataset('a', { dtype: 'string', encoding: 'ascii', shape: [1] });
    s.write(['kept', 'too']);
    const cases: [() => unknown, string, string][] = [
      [() => s.write([1, 2]), 'TypeError', `writing dataset '/s' of ${p}: the type holds strings; got number`],
      [() => s.write([null, 'a']), 'TypeError', `writing dataset '/s' of ${p}: the type holds strings; got null`],
      [() => s.write(Float64Array.of(1, 2)), 'TypeError', `writing dataset '/s' of ${p}: the type holds strings; got a Float64Array`],
      [() => a.write(['é']), 'RangeError', `writing dataset '/a' of ${p}: the type holds ASCII strings; 'é' is not ASCII`],
    ];
    for (const [write, kind, message] of cases) {
      const e = thrown(write);
      expect([e.constructor.name, e.message]).toEqual([kind, message]);
    }
    f.close();
    expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps([x.decode() for x in f['s'][:]]))`, p)).toEqual(['kept', 'too']);
  });

  test('Proxies of arrays inside values (sequences, array-type elements, compound fields, fill values) are written as the arrays', () => {
    const p = file('proxy-nested.h5');
    const f = File.open(p, 'w');
    const P = <T extends object>(x: T): T => new Proxy(x, {});
    const i32 = { class: 'integer' as const, size: 4 as const, signed: true };
    const seq = { class: 'vlen' as const, base: i32 };
    const arr23 = { class: 'array' as const, base: i32, dims: [2, 3] };
    f.createDataset('seq', { dtype: seq, shape: [2], data: [P([1, 2]), [3]] });
    f.createDataset('arr', { dtype: arr23, shape: [1], data: [P([P([1, 2, 3]), [4, 5, 6]])] });
    f.createDataset('cmp', { dtype: { class: 'compound', fields: [{ name: 'a', type: seq }, { name: 'b', type: arr23 }] }, shape: [1], data: [P({ a: P([7]), b: P([1, 2, 3, 4, 5, 6]) })] });
    f.createDataset('fill', { dtype: arr23, shape: [1], fillValue: P([P([9, 8, 7]), [6, 5, 4]]) });
    f.attrs.set('one', [P([5, 6])], { dtype: seq });
    // (not an array behind the Proxy: still refused)
    expect(thrown(() => f.createDataset('bad', { dtype: seq, shape: [2], data: [P({ length: 1, 0: 1 }), [2]] })).message).toMatch(/expected a value or an array of values at depth 1, got object/);
    f.close();
    expect(py(`
f = h5py.File(sys.argv[1], 'r')
c = f['cmp'][0]
print(json.dumps([[x.tolist() for x in f['seq'][:]], f['arr'][0].tolist(), [c['a'].tolist(), c['b'].tolist()], f['fill'][0].tolist(),
                  [x.tolist() for x in f.attrs['one']], 'bad' in f]))
`, p)).toEqual([[[1, 2], [3]], [[1, 2, 3], [4, 5, 6]], [[7], [[1, 2, 3], [4, 5, 6]]], [[9, 8, 7], [6, 5, 4]], [[5, 6]], false]);
  });
});
