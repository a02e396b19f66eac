/**
 * Inputs that once lost data or reached libhdf5 unchecked: a replaced attribute that fails to write, NUL
 * characters in names, paths and strings, a group moved into itself, descriptors that contain themselves, printf
 * directives in driver file names, and option values, shapes, addresses and selections out of their range;
 * storage options HDF5 refuses (or crashes on) deep inside dataset creation; hard links across files, points on
 * scalars, directories as files, external links to non-HDF5 files, SharedArrayBuffer views, empty appends.
 */
import * as fs from 'fs';
import * as path from 'path';
import { File, Reference } from '../../lib';
import { native } from '../../lib/binding';
import { py, rejected, thrown, tmpDir } from '../helpers';

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
      `attribute 'a' of '/' in ${f.filename}: shape must be an array of non-negative integers`);
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
      expect(e.message).toBe(`attribute 'r' of '/' in ${f.filename}: ${a} is not an object address (0 to 2^64 - 1)`);
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
    // A filter id nothing registered: HDF5 finds out while it builds the dataset, inside a path traversal.
    const e = thrown(() => f.createDataset('d', { dtype: 'int32', shape: [10], chunks: [5], filters: [{ id: 32999 }] }));
    expect(e.name).toBe('Hdf5Error');
    expect(e.message).toMatch(/^cannot create dataset '\/d': unable to synchronously create dataset: required filter 32999 is not registered/);
    expect(e.frames[0].desc).toBe('required filter 32999 is not registered');
    // The traversal reports "not found" around any failure of the creation: that is not the code.
    expect(e.frames.map((x: { desc: string }) => x.desc)).toContain('internal path traversal failed');
    expect(e.code).toBe('ERR_H5_FILTER');
    // Variable-length strings in too small an external file (their stored size only HDF5 knows): ERR_H5, not
    // the ERR_H5_NOT_FOUND of the traversal around it.
    const small = thrown(() => f.createDataset('s', { dtype: 'string', shape: [10], external: [{ name: 'cause.bin', size: 8 }] }));
    expect([small.code, small.message]).toEqual(['ERR_H5', expect.stringMatching(/dataspace size exceeds external storage size/)]);
    expect(f.has('d')).toBe(false);
    f.close();
  });
});

describe('storage options HDF5 refuses deep inside creation are checked first', () => {
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ['a chunk of 4 GiB or more', { dtype: 'float64', shape: [0, 0], maxshape: [null, null], chunks: [100000, 10000] }, 'RangeError', /a chunk of \[100000,10000\] holds 8000000000 bytes; HDF5 limits a chunk to under 4 GiB/],
    ['a chunk dimension of 2^32', { dtype: 'int8', shape: [0], maxshape: [null], chunks: [2 ** 32] }, 'RangeError', /chunk dimension 4294967296 on axis 0 is over HDF5's limit/],
    ['a compact dataset over 65520 bytes', { dtype: 'int32', shape: [16381], layout: 'compact' }, 'RangeError', /65524 bytes do not fit a compact dataset \(at most 65520\)/],
    // HDF5 itself takes 65525 bytes and writes a file it cannot open again; the addon refuses it for any type.
    ['a compact compound of 65525 bytes', { dtype: { class: 'compound', fields: [{ name: 'a', type: { class: 'integer', size: 1, signed: true } }, { name: 's', type: { class: 'string', vlen: true, cset: 'utf8' } }] }, shape: [3855], layout: 'compact' }, 'RangeError', /65535 bytes do not fit a compact dataset \(at most 65520\)/],
    ['a chunk cache w0 above 1', { dtype: 'int32', shape: [10], chunks: [5], chunkCache: { slots: 521, bytes: 1 << 20, w0: 2 } }, 'RangeError', /chunkCache.w0 must be a number from 0 to 1/],
    ['negative chunk cache bytes', { dtype: 'int32', shape: [10], chunks: [5], chunkCache: { slots: 521, bytes: -1 } }, 'RangeError', /chunkCache.bytes must be a non-negative integer/],
    ['an unknown chunk cache option', { dtype: 'int32', shape: [10], chunks: [5], chunkCache: { size: 5 } }, 'TypeError', /unknown chunkCache option 'size'/],
    ['an external entry that is not an object', { dtype: 'int32', shape: [10], external: [['x.bin', 0, 40]] }, 'TypeError', /external\[0\] must be an object/],
    ['an external file without a name', { dtype: 'int32', shape: [10], external: [{ name: '', size: 40 }] }, 'TypeError', /external\[0\].name must be a non-empty string/],
    ['a fractional external offset', { dtype: 'int32', shape: [10], external: [{ name: 'x.bin', offset: 0.5 }] }, 'RangeError', /external\[0\].offset must be a non-negative integer/],
    ['an unlimited external file before another', { dtype: 'int32', shape: [10], external: [{ name: 'x.bin' }, { name: 'y.bin', size: 8 }] }, 'RangeError', /only the last external file may have no size/],
    ['external files too small', { dtype: 'int32', shape: [10], external: [{ name: 'x.bin', size: 8 }] }, 'RangeError', /the external files hold 8 bytes, the dataset needs 40/],
    ['external files on a chunked layout', { dtype: 'int32', shape: [10], maxshape: [null], external: [{ name: 'x.bin' }] }, 'RangeError', /external files need the contiguous layout/],
    // Filter settings HDF5 takes and fails on only when it writes the chunks (the file then cannot be closed).
    ['a deflate filter by id with level 2^32 - 1', { dtype: 'int32', shape: [10], filters: [{ id: 1, values: [2 ** 32 - 1] }] }, 'RangeError', /deflate \(id 1\) takes one value, the level 0-9/],
    ['the scale-offset filter by id', { dtype: 'int32', shape: [10], filters: [{ id: 6, values: [] }] }, 'RangeError', /use the scaleoffset option for filter 6/],
    ['filter id 0', { dtype: 'int32', shape: [10], filters: [{ id: 0 }] }, 'RangeError', /filters\[0\].id must be a filter id from 1 to 65535/],
    ['a negative filter value', { dtype: 'int32', shape: [10], filters: [{ id: 32000, values: [-1] }] }, 'RangeError', /values must be unsigned 32-bit integers/],
    ['scale-offset on strings', { dtype: 'string', shape: [4], scaleoffset: 2 }, 'TypeError', /the scale-offset filter takes integer and float data only/],
    ['scale-offset of 40 bits on int16', { dtype: 'int16', shape: [4], scaleoffset: 40 }, 'RangeError', /scaleoffset for 16-bit integers is a bit count from 0 \(automatic\) to 16/],
    ['an odd szip block', { dtype: 'int32', shape: [64], compression: 'szip', szip: { pixelsPerBlock: 3 } }, 'RangeError', /szip pixelsPerBlock must be an even number from 2 to 32/],
    ['a gzip level without gzip', { dtype: 'int32', shape: [64], compression: 'szip', compressionLevel: 4 }, 'TypeError', /compressionLevel goes with compression: 'gzip'/],
    // HDF5 1.10 takes this list and then crashes creating the dataset.
    ['external files on a compact layout', { dtype: 'int32', shape: [10], layout: 'compact', external: [{ name: 'x.bin', size: 40 }] }, 'RangeError', /external files need the contiguous layout/],
  ];
  test.each(cases)('%s', (_what, options, name, message) => {
    const f = File.open(file('storage.h5'), 'w');
    const e = thrown(() => f.createDataset('d', options as never));
    expect(e.name).toBe(name);
    expect(e.message).toMatch(message);
    expect(f.has('d')).toBe(false);
    f.close();
  });

  test('the limits themselves are accepted (h5py reads them)', () => {
    const p = file('limits.h5');
    const f = File.open(p, 'w', { libver: 'earliest' });
    f.createDataset('compact', { dtype: 'int8', shape: [65520], layout: 'compact', fillValue: 3 });
    f.createDataset('ext', { dtype: 'int32', shape: [10], external: [{ name: file('limits-a.bin'), size: 16 }, { name: file('limits-b.bin') }] });
    f.get('ext')!.write(Int32Array.from({ length: 10 }, (_, i) => i));
    f.createDataset('cached', { dtype: 'int32', shape: [10], chunks: [5], chunkCache: { slots: 7, bytes: 0, w0: 1 } });
    f.close();
    expect(py(`import os; f = h5py.File(sys.argv[1], 'r')
print(json.dumps([f['compact'].id.get_create_plist().get_layout(), int(f['compact'][()].sum()), f['ext'][()].tolist(),
  [os.path.basename(e[0] if isinstance(e[0], str) else e[0].decode()) for e in f['ext'].external]]))`, p)).toEqual([0, 3 * 65520, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], ['limits-a.bin', 'limits-b.bin']]);
    expect([fs.statSync(file('limits-a.bin')).size, fs.statSync(file('limits-b.bin')).size]).toEqual([16, 24]);
  });
});

describe('inputs that reached libhdf5 unchecked (links, selections, files)', () => {
  test('a hard link to another file, or to an object opened through another File, is a RangeError', () => {
    const a = File.open(file('hl-a.h5'), 'w');
    const b = File.open(file('hl-b.h5'), 'w');
    b.createGroup('q');
    a.createGroup('own');
    a.createExternalLink('el', 'hl-b.h5', '/q');
    b.close();
    const q = a.getGroup('el');
    let e = thrown(() => a.createHardLink('h1', q));
    expect([e.name, e.message]).toEqual(['RangeError', expect.stringMatching(/'\/el' \(in .*hl-b.h5\) is in another file \(use an external link\)/)]);
    e = thrown(() => a.createHardLink('h2', 'el'));
    expect([e.name, e.message]).toEqual(['RangeError', expect.stringMatching(/'el' \(in .*hl-b.h5\) is in another file/)]);
    const again = File.open(file('hl-a.h5'), 'r');
    e = thrown(() => a.createHardLink('h3', again.getGroup('own')));
    expect([e.name, e.message]).toEqual(['RangeError', expect.stringMatching(/opened through another File object .*pass its path instead/)]);
    again.close();
    a.createHardLink('h4', a.getGroup('own'));
    a.createHardLink('h5', 'own');
    expect(a.keys()).toEqual(['el', 'h4', 'h5', 'own']);
    q.close();
    a.close();
  });

  test('point selections on a scalar dataset are a RangeError; [] and an empty hyperslab select its element', () => {
    const f = File.open(file('scalar-sel.h5'), 'w');
    const s = f.createDataset('s', { dtype: 'int32', shape: [], data: 5 });
    const e = thrown(() => s.read({ points: [[]] }));
    expect([e.name, e.message]).toEqual(['RangeError', expect.stringMatching(/the scalar dataset '\/s' .* has no coordinates to pick points by/)]);
    expect(Array.from(s.read([]).data as Int32Array)).toEqual([5]);
    s.write(Int32Array.of(7), { start: [], count: [] });
    expect(s.readValue()).toBe(7);
    expect(s.read({ points: [] }).shape).toEqual([0]);
    f.close();
  });

  test('a directory given as a file is ERR_H5_IS_DIRECTORY in every mode, and not an HDF5 file', () => {
    const d = path.join(dir, 'a-folder.h5');
    fs.mkdirSync(d, { recursive: true });
    for (const mode of ['r', 'r+', 'a', 'w', 'w-'] as const) {
      const e = thrown(() => File.open(d, mode));
      expect([e.name, e.code, e.message]).toEqual(['Hdf5Error', 'ERR_H5_IS_DIRECTORY', `cannot open '${d}' (mode ${mode}): ${d} is a directory`]);
    }
    expect(File.isHdf5(d)).toBe(false);
    expect(fs.statSync(d).isDirectory()).toBe(true);
    // A directory where a family member should be: every open of the family says which (HDF5 would read until
    // it met it, or take the family as ending there and report a cut file when opened for writing).
    const fam = path.join(dir, 'dirfam');
    fs.mkdirSync(fam, { recursive: true });
    const driver = { driver: 'family', memberSize: 4096 } as const;
    const w = File.open(path.join(fam, 'f%d.h5'), 'w', { driver });
    w.createDataset('d', { data: new Float64Array(2000) });
    w.close();
    fs.rmSync(path.join(fam, 'f1.h5'));
    fs.mkdirSync(path.join(fam, 'f1.h5'));
    const name = path.join(fam, 'f%d.h5');
    for (const mode of ['r', 'r+', 'a'] as const) {
      const e = thrown(() => File.open(name, mode, { driver }));
      expect([e.name, e.code, e.message]).toEqual([
        'Hdf5Error', 'ERR_H5_IS_DIRECTORY', `cannot open family file '${name}' (mode ${mode}): its member ${path.join(fam, 'f1.h5')} is a directory`,
      ]);
    }
    expect(fs.statSync(path.join(fam, 'f0.h5')).size).toBe(4096);
  });

  test('an external link to a file that is not HDF5 says so (ERR_H5_BROKEN_LINK)', () => {
    fs.writeFileSync(file('notes.txt'), 'plain text, not HDF5\n'.repeat(50));
    const f = File.open(file('elink-text.h5'), 'w');
    f.createExternalLink('x', 'notes.txt', '/a');
    f.createExternalLink('y', 'missing.h5', '/a');
    const e = thrown(() => f.get('x'));
    expect([e.code, e.message]).toEqual(['ERR_H5_BROKEN_LINK', expect.stringMatching(/external link '\/x' .* points to '\/a' in 'notes.txt' and that file is not an HDF5 file/)]);
    expect(thrown(() => f.get('y')).message).toMatch(/points to '\/a' in 'missing.h5' and the file does not exist/);
    f.close();
  });

  test('typed arrays over a SharedArrayBuffer are written by attrs.set and writeChunk as by write', () => {
    const p = file('sab.h5');
    const shared = new Int32Array(new SharedArrayBuffer(16));
    shared.set([1, 2, 3, 4]);
    const f = File.open(p, 'w');
    f.attrs.set('s', shared);
    const d = f.createDataset('c', { dtype: 'int32', shape: [8], chunks: [4] });
    d.writeChunk([4], shared);
    d.write(shared, { start: [0], count: [4] });
    f.close();
    expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps([f.attrs['s'].tolist(), f['c'][()].tolist()]))`, p)).toEqual([
      [1, 2, 3, 4], [1, 2, 3, 4, 1, 2, 3, 4],
    ]);
  });

  test('reading more values than a JS array on the heap can hold is a RangeError, not an abort', async () => {
    const f = File.open(file('huge.h5'), 'w');
    // Never written: the file stays small, but a whole read would need 2^40 JS values.
    const s = f.createDataset('s', { dtype: 'string', shape: [2 ** 40] });
    const b = f.createDataset('b', { dtype: { class: 'opaque', size: 3 } as never, shape: [2 ** 34] });
    for (const e of [thrown(() => s.read()), thrown(() => b.read()), await rejected(s.readAsync())]) {
      expect(e.name).toBe('RangeError');
      expect(e.message).toMatch(/^reading \d+ values of dataset '\/[sb]' .* needs a JS array larger than the heap allows \(\d+ MiB free\); read a selection of it$/);
    }
    expect(s.read({ start: [2 ** 40 - 2], count: [2] }).data).toEqual(['', '']);
    f.close();
  });

  test("the addon's own guards behind that check: over 2^32 - 1 values, and memory it cannot allocate", async () => {
    // Called directly, as lib/h5's heap check would stop both reads before the addon.
    const f = File.open(file('huge-native.h5'), 'w');
    const b = f.createDataset('b', { dtype: { class: 'opaque', size: 3 } as never, shape: [2 ** 34] });
    const o = f.createDataset('o', { dtype: { class: 'opaque', size: 2 ** 20 } as never, shape: [2 ** 32 - 1], chunks: [1] });
    const e1 = thrown(() => native.datasetRead(b._h, null));
    expect([e1.name, e1.code, e1.message]).toEqual([
      'RangeError', 'ERR_OUT_OF_RANGE', `reading ${2 ** 34} values of dataset '/b' of ${f.filename}: a JS array holds at most 2^32 - 1`,
    ]);
    // 2^32 - 1 values of 1 MiB each: 4 PiB, more than any process can allocate.
    const want = ['RangeError', 'ERR_OUT_OF_MEMORY', `not enough memory for reading ${2 ** 32 - 1} values of dataset '/o' of ${f.filename} (larger than the process can allocate)`];
    const e2 = thrown(() => native.datasetRead(o._h, null));
    expect([e2.name, e2.code, e2.message]).toEqual(want);
    const e3 = await rejected(native.datasetReadAsync(o._h, null));
    expect([e3.name, e3.code, e3.message]).toEqual(want);
    expect(o.read({ start: [5], count: [1] }).data).toEqual([Buffer.alloc(2 ** 20)]);
    f.close();
  });

  test('a sparse array as an attribute value fails at once, naming the attribute (no walk through its holes)', () => {
    const f = File.open(file('sparse.h5'), 'w');
    const huge: number[] = [];
    huge[2 ** 32 - 2] = 1;
    const holes: number[] = [];
    holes[5e7] = 1;
    const e = thrown(() => f.attrs.set('huge', huge));
    expect([e.name, e.message]).toEqual(['RangeError', expect.stringMatching(/^attribute 'huge' of '\/' in .*sparse\.h5: no memory for 4294967295 values/)]);
    expect(thrown(() => f.attrs.set('holes', holes)).message).toBe(`attribute 'holes' of '/' in ${f.filename} holds numbers; got undefined`);
    expect(f.attrs.keys()).toEqual([]);
    // null still stands for a null reference before the first object
    f.attrs.set('refs', [null, f]);
    expect(f.attrs.getInfo('refs').dtype).toMatchObject({ class: 'reference', kind: 'object' });
    f.close();
  });

  test('appending [] adds no rows at any rank, as an empty TypedArray', () => {
    const f = File.open(file('append-empty.h5'), 'w');
    const d = f.createDataset('d', { dtype: 'int32', shape: [0, 3], maxshape: [null, 3], chunks: [4, 3] });
    expect(d.append([])).toBe(0);
    expect(d.append(new Int32Array(0))).toBe(0);
    expect(d.append([[1, 2, 3]])).toBe(1);
    expect(d.append([])).toBe(1);
    expect(d.shape).toEqual([1, 3]);
    f.close();
  });
});
