/**
 * Inputs that once lost data or reached libhdf5 unchecked: a replaced attribute that fails to write, NUL
 * characters in names, paths and strings, a group moved into itself, descriptors that contain themselves, printf
 * directives in driver file names, and option values, shapes, addresses and selections out of their range.
 */
import * as fs from 'fs';
import * as path from 'path';
import { File, Reference } from '../../lib';
import { py, thrown, tmpDir } from '../helpers';

const { dir, file } = tmpDir('robust');

describe('nothing already written is lost', () => {
  test('an attribute replaced by a value the object header cannot take keeps its old value', () => {
    const p = file('attr-keep.h5');
    const f = File.open(p, 'w');
    f.attrs.set('a', 'precious');
    f.attrs.set('b', 1);
    const e = thrown(() => f.attrs.set('a', new Float64Array(10000)));
    expect(e.name).toBe('Hdf5Error');
    expect(e.message).toMatch(/^cannot replace attribute 'a' of '\/' in .*attr-keep\.h5: .*: object header message is too large/);
    expect(f.attrs.get('a')).toBe('precious');
    expect(f.attrs.keys()).toEqual(['a', 'b']);
    f.attrs.set('a', 5);
    expect(f.attrs.get('a')).toBe(5);
    f.close();
    expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps(sorted(f.attrs.keys())))`, p)).toEqual(['a', 'b']);
  });

  test('a NUL character in a path or name is a TypeError (it would name, and truncate, another file or object)', () => {
    const p = file('nul.h5');
    const f0 = File.open(p, 'w');
    f0.createDataset('keep', { data: [1, 2, 3] });
    f0.close();
    for (const fn of [() => File.open(`${p}\0.bak`, 'w'), () => File.isHdf5(`${p}\0.bak`)]) {
      const e = thrown(fn);
      expect(e.name).toBe('TypeError');
      expect(e.message).toMatch(/must not contain NUL characters/);
    }
    expect(thrown(() => File.isHdf5(undefined as never)).name).toBe('TypeError');
    const f = File.open(p, 'r+');
    expect(f.keys()).toEqual(['keep']);
    f.attrs.set('k', 'important');
    for (const fn of [() => f.attrs.set('k\0x', 0), () => f.attrs.delete('k\0zzz'), () => f.copy('keep', f, 'c\0d')]) {
      const x = thrown(fn);
      expect(x.name).toBe('TypeError');
      expect(x.message).toMatch(/must not contain NUL characters/);
    }
    expect(f.attrs.get('k')).toBe('important');
    expect(f.keys()).toEqual(['keep']);
    f.close();
  });

  test('strings holding NUL are refused, not cut short', () => {
    const f = File.open(file('nul-str.h5'), 'w');
    for (const fn of [() => f.attrs.set('s', 'abc\0def'), () => f.createDataset('x', { data: ['x\0y'] })]) {
      const e = thrown(fn);
      expect(e.name).toBe('RangeError');
      expect(e.message).toMatch(/strings cannot hold NUL characters/);
    }
    expect([f.attrs.has('s'), f.has('x')]).toEqual([false, false]);
    f.close();
  });

  test('moving a group into itself, or moving or deleting the root group, is refused and the group stays', () => {
    const p = file('move-self.h5');
    const f = File.open(p, 'w');
    f.createGroup('m').createDataset('data', { data: [1] });
    const e = thrown(() => f.move('m', 'm/inner'));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toBe(`cannot move '/m' to '/m/inner' of ${p}: the destination is inside it`);
    expect(thrown(() => f.getGroup('m').move('.', 'x')).message).toMatch(/the destination is inside it/);
    expect(thrown(() => f.move('/', 'x')).message).toBe(`cannot move the root group of ${p}`);
    expect(thrown(() => f.delete('/')).message).toBe(`cannot delete the root group of ${p}`);
    f.move('m', 'n/m');
    f.close();
    expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps(list(f['n/m/data'][()])))`, p)).toEqual([1]);
  });
});

describe('inputs that reached libhdf5 unchecked', () => {
  test('a dtype descriptor that contains itself is a RangeError', () => {
    const f = File.open(file('self-desc.h5'), 'w');
    const t: Record<string, unknown> = { class: 'vlen' };
    t.base = t;
    const e = thrown(() => f.createDataset('d', { dtype: t as never, shape: [1] }));
    expect(e.name).toBe('RangeError');
    expect(e.message).toMatch(/nested more than 64 levels deep/);
    // A deep but finite one within the limit still works.
    let deep: Record<string, unknown> = { class: 'integer', size: 4, signed: true };
    for (let i = 0; i < 10; i++) deep = { class: 'array', base: deep, dims: [1] };
    f.createDataset('ok', { dtype: deep as never, shape: [1] });
    f.close();
  });

  test('printf directives in split extensions, multi suffixes and family folders are RangeErrors', () => {
    const base = path.join(dir, 'split');
    for (const [fn, msg] of [
      [() => File.open(base, 'w', { driver: { driver: 'split', metaExt: '%s%s%s' } }), /split driver's metaExt must not contain %/],
      [() => File.open(base, 'w', { driver: { driver: 'split', rawExt: '-%n.h5' } }), /split driver's rawExt must not contain %/],
      [() => File.open(base, 'w', { driver: { driver: 'multi', members: { super: '%s-s.h5' } } }), /suffix must not contain %/],
    ] as [() => unknown, RegExp][]) {
      const e = thrown(fn);
      expect(e).toBeInstanceOf(RangeError);
      expect(e.message).toMatch(msg);
    }
    fs.mkdirSync(path.join(dir, 'd%s%s'));
    const e = thrown(() => File.open(path.join(dir, 'd%s%s', 'f%d.h5'), 'w', { driver: { driver: 'family', memberSize: 1 << 20 } }));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toMatch(/must hold exactly one %, its %d/);
    expect(fs.readdirSync(path.join(dir, 'd%s%s'))).toEqual([]);
  });

  test('unknown layout and fillTime values, fractional attribute shapes, unknown writeChunk options', () => {
    const f = File.open(file('options.h5'), 'w');
    expect(thrown(() => f.createDataset('d', { shape: [2], layout: 'bogus' as never })).message).toBe(
      "createDataset('d'): unknown layout 'bogus' (contiguous, compact or chunked)");
    expect(thrown(() => f.createDataset('d', { shape: [2], fillTime: 'sometimes' as never })).message).toBe(
      "createDataset('d'): unknown fillTime 'sometimes' (ifset, alloc or never)");
    expect(thrown(() => f.attrs.set('a', [1, 2], { shape: [0.5, 4] })).message).toBe(
      "attribute 'a': shape must be an array of non-negative integers");
    const d = f.createDataset('c', { dtype: 'int8', shape: [4], chunks: [4] });
    expect(thrown(() => d.writeChunk([0], new Int8Array(4), 'x' as never))).toBeInstanceOf(TypeError);
    expect(thrown(() => d.writeChunk([0], new Int8Array(4), { mask: 0 } as never)).message).toBe(
      "unknown writeChunk option 'mask' (expected filterMask)");
    expect([f.has('d'), f.attrs.has('a')]).toEqual([false, false]);
    f.close();
  });

  test('a reference address outside 0 .. 2^64 - 1 is a RangeError, not a wrapped address', () => {
    const f = File.open(file('ref-range.h5'), 'w');
    for (const a of [2n ** 64n, -1n]) {
      const e = thrown(() => f.attrs.set('r', new Reference(a), { dtype: 'ref' }));
      expect(e).toBeInstanceOf(RangeError);
      expect(e.message).toBe(`attribute 'r': ${a} is not an object address (0 to 2^64 - 1)`);
    }
    f.close();
  });

  test('blocks without a stride lie side by side; overlapping blocks are a RangeError', () => {
    const p = file('blocks.h5');
    const f = File.open(p, 'w');
    const d = f.createDataset('d', { data: new Float64Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]) });
    expect(Array.from(d.read({ start: [1], count: [3], block: [2] }).data as Float64Array)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(d.read({ start: [0], count: [1], stride: [1], block: [3] }).data as Float64Array)).toEqual([0, 1, 2]);
    const e = thrown(() => d.read({ start: [0], count: [2], stride: [2], block: [3] }));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toBe('block 3 is larger than stride 2 on axis 0: the blocks would overlap');
    f.close();
  });

  test("an HDF5 failure's message names the root cause as well as the call that failed", () => {
    const f = File.open(file('cause.h5'), 'w');
    const e = thrown(() => f.createDataset('d', { dtype: 'float64', shape: [2 ** 29], chunks: [2 ** 29] }));
    expect(e.name).toBe('Hdf5Error');
    expect(e.message).toMatch(/^cannot create dataset '\/d': unable to synchronously create dataset: chunk size must be < 4GB/);
    expect(e.frames[0].desc).toBe('chunk size must be < 4GB');
    f.close();
  });
});
