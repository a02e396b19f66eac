/**
 * Inputs found by an adversarial review to crash the process, store wrong values or lose data, each now refused
 * or handled: chunks that do not decode to one chunk, compound fields at negative offsets, a scalar broadcast
 * over a huge selection, a string read larger than the heap, bool bytes other than 0/1 on the append fast path,
 * a group moved below itself through a soft link, and an external-link policy bypassed by copy and create.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { checkLinks, copyFileSync, File } from '../../lib';
import { libForChildren, py, rejected, runForked, thrown, tmpDir } from '../helpers';

const { dir, file } = tmpDir('hardening');

describe('writeChunk: the chunk must decode to one chunk of elements', () => {
  test('short or undecodable chunks are refused before anything is written; good ones are taken', () => {
    const p = file('chunks.h5');
    const f = File.open(p, 'w');
    const gz = f.createDataset('gz', { dtype: 'float64', shape: [1000], chunks: [1000], compression: 'gzip' });
    let e = thrown(() => gz.writeChunk([0], zlib.deflateSync(Buffer.alloc(16, 1))));
    expect(e.name).toBe('RangeError');
    expect(e.message).toMatch(/dataset '\/gz' of .*chunks\.h5 holds 8000 bytes once its filters are undone; got 16/);
    e = thrown(() => gz.writeChunk([0], Buffer.from('not deflate data')));
    expect(e.message).toMatch(/does not inflate/);
    const good = Float64Array.from({ length: 1000 }, (_, i) => i / 2);
    gz.writeChunk([0], zlib.deflateSync(Buffer.from(good.buffer)));
    expect(Array.from(gz.read().data as Float64Array)).toEqual(Array.from(good));

    // (an 8-byte chunk of a shuffled dataset crashed libhdf5 on the next read)
    const sh = f.createDataset('sh', { dtype: 'float64', shape: [100000], chunks: [100000], shuffle: true });
    expect(thrown(() => sh.writeChunk([0], Buffer.alloc(8, 0x41))).name).toBe('RangeError');
    expect(Array.from((sh.read({ start: [0], count: [3] }).data as Float64Array))).toEqual([0, 0, 0]);

    const fl = f.createDataset('fl', { dtype: 'int32', shape: [10], chunks: [10], fletcher32: true });
    expect(thrown(() => fl.writeChunk([0], Buffer.alloc(2))).message).toMatch(/too short for its fletcher32 checksum/);
    expect(thrown(() => fl.writeChunk([0], Buffer.alloc(20))).message).toMatch(/holds 40 bytes .*got 16/);
    // with every filter skipped, the size is that of the raw chunk
    expect(thrown(() => fl.writeChunk([0], Buffer.alloc(44), { filterMask: 1 })).message).toMatch(/holds 40 bytes .*got 44/);
    fl.writeChunk([0], Buffer.alloc(40), { filterMask: 1 });

    // variable-length values are stored as 16-byte heap ids: a chunk copied as read is taken, half of one is not
    const src = f.createDataset('src', { data: ['a', 'b', 'c', 'd'], chunks: [4] });
    const raw = src.readChunk([0]).data;
    expect(raw.length).toBe(64);
    const dst = f.createDataset('dst', { dtype: 'string', shape: [4], chunks: [4] });
    expect(thrown(() => dst.writeChunk([0], raw.subarray(0, 32))).message).toMatch(/holds 64 bytes .*got 32/);
    dst.writeChunk([0], raw);
    expect(dst.read().data).toEqual(['a', 'b', 'c', 'd']);
    f.close();
    expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps([f['gz'][:3].tolist(), f['dst'].asstr()[()].tolist()]))`, p)).toEqual([
      [0, 0.5, 1],
      ['a', 'b', 'c', 'd'],
    ]);
  });

  test('a chunk behind a filter that cannot be undone here is refused unless that filter is skipped', () => {
    const f = File.open(file('scaleoffset.h5'), 'w');
    const d = f.createDataset('so', { dtype: 'int32', shape: [8], chunks: [8], scaleoffset: 0 });
    const e = thrown(() => d.writeChunk([0], Buffer.alloc(32)));
    expect(e.name).toBe('RangeError');
    expect(e.message).toMatch(/cannot check a chunk of dataset '\/so' .* through its filter/);
    expect(thrown(() => d.writeChunk([0], Buffer.alloc(30), { filterMask: 1 })).message).toMatch(/holds 32 bytes .*got 30/);
    d.writeChunk([0], Buffer.alloc(32), { filterMask: 1 });
    f.close();
  });
});

test('a compound field at a negative or fractional offset is a RangeError (it was packed outside its buffer)', () => {
  const f = File.open(file('compound.h5'), 'w');
  for (const offset of [-4, -(2 ** 20), 1.5, 2 ** 40]) {
    const dtype = { class: 'compound', fields: [{ name: 'a', offset: 0, type: { class: 'float', size: 8 } }, { name: 'b', offset, type: { class: 'integer', size: 2, signed: true } }] };
    const e = thrown(() => f.createDataset(`d${String(offset).replace(/\W/g, '_')}`, { dtype, shape: [1] } as never));
    expect(e.name).toBe('RangeError');
    expect(e.message).toMatch(/compound field 'b': the offset must be an integer/);
  }
  expect(f.keys()).toEqual([]);
  f.close();
});

test('bool appends store 0/1 whatever bytes come, on the fast path too', async () => {
  const p = file('bool.h5');
  const f = File.open(p, 'w');
  const d = f.createDataset('b', { dtype: 'bool', shape: [0], maxshape: [null] });
  d.append(new Uint8Array([1, 0]));
  d.append(new Uint8Array([5, 200]));
  await d.appendAsync(new Uint8Array([0, 7]));
  expect(Array.from(d.read().data as Uint8Array)).toEqual([1, 0, 1, 1, 0, 1]);
  f.close();
  expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps(f['b'][()].tolist()))`, p)).toEqual([true, false, true, true, false, true]);
});

describe('move', () => {
  test('a group is not moved below itself through a soft link (it would become unreachable)', () => {
    const p = file('move.h5');
    const f = File.open(p, 'w');
    f.createDataset('data/raw', { data: Float64Array.of(1, 2, 3) });
    f.createSoftLink('current', '/data');
    const e = thrown(() => f.move('data', 'current/inner'));
    expect(e.name).toBe('RangeError');
    expect(e.message).toMatch(/cannot move '\/data' to '\/current\/inner' of .*move\.h5: the destination is inside it \('\/current' leads into it\)/);
    // moving the soft link itself below its target loses nothing, and is done
    f.move('current', 'data/current');
    expect(f.getLink('data/current')).toEqual({ type: 'soft', path: '/data' });
    f.close();
    expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps(f['data/raw'][()].tolist()))`, p)).toEqual([1, 2, 3]);
  });

  test('nor below a group inside it, reached through a soft, external or second hard link', () => {
    const p = file('move-deep.h5');
    const f = File.open(p, 'w');
    f.createDataset('new/deep/data', { data: Float64Array.of(1, 2, 3) });
    f.createSoftLink('soft', '/new/deep');
    f.createExternalLink('ext', path.basename(p), '/new/deep');
    f.createHardLink('hard', '/new/deep');
    f.createGroup('other');
    f.createSoftLink('new/deep/out', '/other');
    for (const [to, via] of [['soft/inside', '/soft'], ['ext/x/y', '/ext'], ['hard/inside', '/hard'], ['new/deep/x', '/new']]) {
      const e = thrown(() => f.move('new', to));
      expect(e.name).toBe('RangeError');
      expect(e.message).toContain(`cannot move '/new' to '/${to}' of ${p}: the destination is inside it`);
      if (!to.startsWith('new/')) expect(e.message).toContain(`('${via}' leads into it)`);
    }
    expect(f.has('ext/x')).toBe(false);
    // a path that passes through the group and leaves it again by a link ends outside it: that move is done
    f.move('new', 'soft/out/moved');
    expect(f.has('new')).toBe(false);
    expect(Array.from(f.getDataset('other/moved/deep/data').read().data as Float64Array)).toEqual([1, 2, 3]);
    f.close();
    const r = py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps([f['other/moved/deep/data'][()].tolist(), 'new' in f]))`, p);
    expect(r).toEqual([[1, 2, 3], false]);
  });
});

describe('an external-link policy holds for copy and for creating through a link', () => {
  test('copy, copyAsync and create refuse a path through a refused link; the outside file is untouched', async () => {
    const inside = path.join(dir, 'inside');
    fs.mkdirSync(inside);
    const secretPath = path.join(dir, 'secret.h5');
    const s = File.open(secretPath, 'w');
    s.createDataset('key', { data: Float64Array.of(42) });
    s.close();
    const u = File.open(path.join(inside, 'untrusted.h5'), 'w');
    u.createExternalLink('e', '../secret.h5', '/key');
    u.createExternalLink('eg', '../secret.h5', '/');
    u.close();
    for (const policy of ['deny', { root: inside }] as const) {
      const f = File.open(path.join(inside, 'untrusted.h5'), 'r+', { externalLinks: policy });
      const out = File.open(file('copy-out.h5'), 'w');
      expect(thrown(() => f.copy('e', out, 'e')).code).toBe('ERR_H5_LINK_REFUSED');
      expect((await rejected(f.copyAsync('e', out, 'e'))).code).toBe('ERR_H5_LINK_REFUSED');
      expect(out.keys()).toEqual([]);
      expect(thrown(() => f.createGroup('eg/planted')).code).toBe('ERR_H5_LINK_REFUSED');
      expect(thrown(() => f.createDataset('eg/planted2', { data: Float64Array.of(1) })).code).toBe('ERR_H5_LINK_REFUSED');
      expect(thrown(() => f.createSoftLink('eg/planted3', '/x')).code).toBe('ERR_H5_LINK_REFUSED');
      // paths that stay in the file still work
      f.createGroup('local/g');
      f.createDataset('local/d', { data: Float64Array.of(1) });
      f.delete('local');
      out.close();
      f.close();
    }
    expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps(sorted(f.keys())))`, secretPath)).toEqual(['key']);
  });
});

describe('heap-sized values (in a child with a small heap: V8 would abort the process)', () => {
  test('a scalar written over 10^8 elements is broadcast in a TypedArray, and a string read too big for the heap is a RangeError', async () => {
    const lib = libForChildren(dir);
    const strings = file('strings.h5');
    py(`
f = h5py.File(sys.argv[1], 'w')
f.create_dataset('s', data=np.array(['x%023d' % i for i in range(1000000)], dtype=object), dtype=h5py.string_dtype())
f.close()
print(json.dumps(1))
`, strings);
    const child = path.join(dir, 'heap-child.js');
    fs.writeFileSync(child, `
const { File } = require(process.argv[2]);
const out = {};
const f = File.open(process.argv[3], 'w');
const d = f.createDataset('d', { dtype: 'uint8', shape: [1e8], chunks: [1 << 20] });
d.write(7);
out.broadcast = Array.from(d.read({ start: [1e8 - 2], count: [2] }).data);
f.close();
const s = File.open(process.argv[4], 'r');
try { s.get('s').read(); out.read = 'read'; } catch (e) { out.read = e.name + ': ' + e.message; }
out.slice = s.get('s').read({ start: [999999], count: [1] }).data;
s.close();
process.send(out, () => process.exit(0));
`);
    const r = await runForked<any>(child, [lib, file('broadcast.h5'), strings], { execArgv: ['--max-old-space-size=48'] });
    expect(r.signal).toBeNull();
    expect(r.stderr).not.toMatch(/heap out of memory/);
    expect(r.code).toBe(0);
    expect(r.out.broadcast).toEqual([7, 7]);
    expect(r.out.read).toMatch(/^RangeError: reading 1000000 values of dataset '\/s' .* needs a JS array larger than the heap allows/);
    expect(r.out.slice).toEqual(['x00000000000000000999999']);
  }, 60000);
});

// HDF5 converts a TypedArray of another numeric type to the dataset's type, clamping what does not fit and
// dropping fractions; those values are refused, as they are in plain arrays.
describe('TypedArrays of another numeric type: values that do not fit are refused, not clamped', () => {
  test('datasets, appends and attributes; the stored data is untouched by a refusal', async () => {
    const p = file('narrowing.h5');
    const f = File.open(p, 'w');
    const d = f.createDataset('i16', { data: new Int16Array([1, 2, 3]) });
    const cases: [ArrayBufferView, RegExp][] = [
      [new Float64Array([1, 70000, 3]), /70000 \(element 1 of the Float64Array\) does not fit int16: out of its range \(HDF5 would clamp it\)/],
      [new Int32Array([1, 2, -40000]), /-40000 \(element 2 of the Int32Array\) does not fit int16: out of its range/],
      [new Uint16Array([65535, 0, 0]), /65535 \(element 0 of the Uint16Array\) does not fit int16/],
      [new Float32Array([0.5, 0, 0]), /0\.5 \(element 0 of the Float32Array\) does not fit int16: not an integer \(HDF5 would drop the fraction\)/],
      [new Float64Array([0, NaN, 0]), /NaN .* not a number an integer type holds/],
    ];
    for (const [data, message] of cases) {
      const e = thrown(() => d.write(data as Float64Array));
      expect(e.name).toBe('RangeError');
      expect(e.message).toMatch(message);
      expect(e.message).toContain(`dataset '/i16' of ${p}`);
    }
    // fitting values of any kind are converted
    d.write(new Float64Array([-32768, 0.0, 32767]));
    const a = f.createDataset('u8', { dtype: 'uint8', shape: [0], maxshape: [null], chunks: [8] });
    expect(thrown(() => a.append(new Int8Array([5, -1]))).message).toMatch(/-1 \(element 1 of the Int8Array\) does not fit uint8/);
    a.append(new Int32Array([255, 0]));
    const f32 = f.createDataset('f32', { dtype: 'float32', shape: [4] });
    expect(thrown(() => f32.write(new Float64Array([1, -1e39, 0, 0]))).message).toMatch(/-1e\+39 .* does not fit float32: out of its range \(HDF5 would store infinity\)/);
    f32.write(new Float64Array([Infinity, NaN, 0.1, 4294967295]));
    const f16 = f.createDataset('f16', { dtype: 'float16', shape: [2] });
    expect(thrown(() => f16.write(new Float32Array([70000, 1]))).message).toMatch(/70000 .* does not fit float16/);
    f16.write(new Float32Array([65504, -2.5]));
    const i64 = f.createDataset('i64', { dtype: 'int64', shape: [2] });
    expect(thrown(() => i64.write(new Float64Array([2 ** 63, 0]))).message).toMatch(/does not fit int64: out of its range/);
    i64.write(new Float64Array([-(2 ** 63), 2 ** 62]));
    const u64 = f.createDataset('u64', { dtype: 'uint64', shape: [1] });
    expect(thrown(() => u64.write(new Int32Array([-1]))).message).toMatch(/-1 .* does not fit uint64/);
    // appends remember an array class once checked: only the dataset's own class may skip the check after that
    const ap = f.createDataset('ap', { dtype: 'int16', shape: [0], maxshape: [null], chunks: [8] });
    ap.append(new Float64Array([1, 2]));
    expect(thrown(() => ap.append(new Float64Array([70000]))).message).toMatch(/70000 .* does not fit int16/);
    expect(await rejected(ap.appendAsync(new Float64Array([-70000])))).toMatchObject({ name: 'RangeError' });
    ap.append(new Int16Array([3]));
    ap.append(new Int16Array([4]));
    const hp = f.createDataset('hp', { dtype: 'float16', shape: [0], maxshape: [null], chunks: [8] });
    hp.append(new Float32Array([1]));
    expect(thrown(() => hp.append(new Float32Array([70000]))).message).toMatch(/70000 .* does not fit float16/);
    expect(await rejected(hp.appendAsync(new Float32Array([-70000])))).toMatchObject({ name: 'RangeError' });
    // plain numbers: a finite value beyond a float type's range is refused too (it would become infinity)
    expect(thrown(() => f16.write([1e39, 1])).message).toMatch(/1e\+39 \(element 0 of the values\) does not fit float16: out of its range/);
    expect(thrown(() => f32.write([0, 0, 0, -1e39])).message).toMatch(/-1e\+39 .* does not fit float32/);
    const at = thrown(() => f.attrs.set('at', new Float64Array([1e6]), { dtype: 'int16' }));
    expect(at.message).toMatch(new RegExp(`^attribute 'at' of '/' in ${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: 1000000 .* does not fit int16`));
    expect(f.attrs.has('at')).toBe(false);
    f.close();
    expect(
      py(
        `f = h5py.File(sys.argv[1], 'r')
show = lambda x: None if x != x else (str(x) if x in (float('inf'), float('-inf')) else x)
print(json.dumps({k: [show(x) for x in f[k][:].tolist()] for k in ['i16', 'u8', 'f32', 'f16', 'i64', 'ap', 'hp']}))`,
        p,
      ),
    ).toEqual({ i16: [-32768, 0, 32767], u8: [255, 0], f32: ['inf', null, 0.10000000149011612, 4294967296], f16: [65504, -2.5], i64: [-(2 ** 63), 2 ** 62], ap: [1, 2, 3, 4], hp: [1] });
  });
});

// Link and attribute names are bytes in HDF5; other tools write names that are not UTF-8. They are listed with
// each such byte escaped as a lone surrogate (U+DC80 + byte - 0x80, Python's surrogateescape, which h5py's bytes
// names match), and given back they name the same link. Before, they came out with U+FFFD and could not be opened.
describe('names that are not valid UTF-8', () => {
  test('listed, opened, visited, linked to, renamed and written back byte for byte', () => {
    const p = file('non-utf8-names.h5');
    py(
      `with h5py.File(sys.argv[1], 'w') as f:
    f.create_group(b'g\\xff')
    f[b'd\\xe9'] = np.arange(3)
    f[b'g\\xff'].attrs[b'a\\xfe'] = 5
    f.id.links.create_soft(b'soft', b'/d\\xe9')
    f['ext'] = h5py.ExternalLink('other.h5', '/x')
    f.id.links.create_external(b'ext2', b'f\\xe9.h5', b'/y\\xff')
print('null')`,
      p,
    );
    const f = File.open(p, 'a');
    expect(f.keys()).toEqual(['d\udce9', 'ext', 'ext2', 'g\udcff', 'soft']);
    const d = f.getDataset('d\udce9');
    expect(d.name).toBe('/d\udce9');
    expect(Array.from(d.read().data as BigInt64Array)).toEqual([0n, 1n, 2n]);
    const g = f.getGroup('g\udcff');
    expect(g.attrs.keys()).toEqual(['a\udcfe']);
    expect(g.attrs.get('a\udcfe')).toBe(5n);
    expect(f.getLink('soft')).toEqual({ type: 'soft', path: '/d\udce9' });
    expect(f.getLink('ext2')).toEqual({ type: 'external', file: 'f\udce9.h5', path: '/y\udcff' });
    expect((f.get('soft') as typeof d).equals(d)).toBe(true);
    const seen: string[] = [];
    f.visit((name) => {
      seen.push(name);
      return undefined;
    });
    expect(seen).toEqual(['d\udce9', 'ext', 'ext2', 'g\udcff', 'soft']);
    // errors carry the name as the caller gave it
    const e = thrown(() => f.getGroup('g\udcff/none\udc80'));
    expect({ code: e.code, path: e.path }).toEqual({ code: 'ERR_H5_NOT_FOUND', path: '/g\udcff/none\udc80' });
    g.attrs.set('a\udcfe', 6);
    g.attrs.set('b\udc80', 'x');
    f.createGroup('n\udce9w');
    f.move('d\udce9', 'moved\udcff');
    f.createSoftLink('s2', '/moved\udcff');
    f.close();
    expect(
      py(
        `f = h5py.File(sys.argv[1], 'r')
enc = lambda b: b.hex() if isinstance(b, bytes) else b.encode('utf8').hex()
print(json.dumps({'keys': sorted(enc(k) for k in f.keys()), 'attrs': sorted((enc(k), str(v)) for k, v in f[b'g\\xff'].attrs.items()),
  's2': enc(f.id.links.get_val(b's2')), 's2value': f['s2'][:].tolist()}))`,
        p,
      ),
    ).toEqual({
      keys: ['ext', 'ext2', 'g\xff', 'moved\xff', 'n\xe9w', 's2', 'soft'].map((k) => Buffer.from(k, 'latin1').toString('hex')).sort(),
      attrs: [[Buffer.from('a\xfe', 'latin1').toString('hex'), '6.0'], [Buffer.from('b\x80', 'latin1').toString('hex'), 'x']],
      s2: Buffer.from('/moved\xff', 'latin1').toString('hex'),
      s2value: [0, 1, 2],
    });
  });

  test('a file whose name is not UTF-8, given as the escaped name an external link reads back', () => {
    const raw = Buffer.concat([Buffer.from(`${dir}/raw-`), Buffer.of(0xe9), Buffer.from('.h5')]);
    py(`with h5py.File(sys.argv[1].encode() + b'/raw-\\xe9.h5', 'w') as f: f['x'] = np.arange(2)\nprint('null')`, dir);
    expect(fs.existsSync(raw)).toBe(true);
    const name = `${dir}/raw-\udce9.h5`;
    for (const mode of ['r', 'r+', 'a'] as const) {
      const f = File.open(name, mode);
      expect(f.keys()).toEqual(['x']);
      f.close();
    }
    expect(thrown(() => File.open(name, 'x')).code).toBe('ERR_H5_FILE_EXISTS');
  });

  test('copyFile expands an external link to a file whose name is not UTF-8; a missing one is named as missing', () => {
    py(
      `d = sys.argv[1].encode()
with h5py.File(d + b'/part-\\xfe.h5', 'w') as f: f['x'] = np.arange(4)
with h5py.File(d + b'/session-nonutf8.h5', 'w') as f:
    f.id.links.create_external(b'ext', b'part-\\xfe.h5', b'/x')
    f.id.links.create_external(b'gone', b'none-\\xfe.h5', b'/x')
with h5py.File(d + b'/session-ok.h5', 'w') as f:
    f.id.links.create_external(b'ext', b'part-\\xfe.h5', b'/x')
print('null')`,
      dir,
    );
    const src = File.open(`${dir}/session-nonutf8.h5`, 'r');
    // The missing target is reported as a missing file; the one that is there only lacks nothing.
    const e = thrown(() => src.get('gone'));
    expect([e.code, /the file does not exist/.test(e.message)]).toEqual(['ERR_H5_BROKEN_LINK', true]);
    expect(Array.from((src.getDataset('ext').read().data as BigInt64Array), Number)).toEqual([0, 1, 2, 3]);
    src.close();
    expect(checkLinks(`${dir}/session-nonutf8.h5`).map((r) => [r.link, r.resolves, r.reason ?? null])).toEqual([
      ['/ext', true, null],
      ['/gone', false, 'missing file'],
    ]);
    expect(thrown(() => copyFileSync(`${dir}/session-nonutf8.h5`, `${dir}/copy-broken.h5`)).code).toBe('ERR_H5_BROKEN_LINK');
    expect(fs.existsSync(`${dir}/copy-broken.h5`)).toBe(false);
    // Outside an allowed folder: refused, naming the target by its real path, escaped bytes and all.
    fs.mkdirSync(`${dir}/none`, { recursive: true });
    const outside = thrown(() => copyFileSync(`${dir}/session-ok.h5`, `${dir}/copy-refused.h5`, { externalLinks: { root: `${dir}/none` } }));
    expect([outside.code, outside.message.includes(`leads to ${fs.realpathSync(dir)}/part-\udcfe.h5, outside`)]).toEqual(['ERR_H5_LINK_REFUSED', true]);
    const done = copyFileSync(`${dir}/session-ok.h5`, `${dir}/copy-ok.h5`, { verify: true });
    expect(done.objects).toBe(1);
    expect(py(`
f = h5py.File(sys.argv[1], 'r')
l = f.get('ext', getlink=True)
print(json.dumps([type(l).__name__, f['ext'][()].tolist()]))
`, `${dir}/copy-ok.h5`)).toEqual(['HardLink', [0, 1, 2, 3]]);
  });
});
