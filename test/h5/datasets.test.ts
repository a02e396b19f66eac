/**
 * Datasets: layout facts (shape, maxshape, chunks as h5py guesses them, filters, fill values), reads and writes
 * by hyperslab and index, argument errors, resize and append. File content is checked with h5py and h5dump.
 */
import { Dataset, File, slice, TypeDesc } from '../../lib';
import { h5dump, py, pyResult, rejected, thrown, tmpDir } from '../helpers';

const { file } = tmpDir('datasets');

const iota = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

/** h5py's full view of one dataset (of a file this process may hold open when `shared` is set, after a flush). */
function pyInfo(p: string, name: string, shared = false): any {
  const r = pyResult(
    `f = h5py.File(sys.argv[1], 'r'); d = f[sys.argv[2]]
print(json.dumps({'shape': list(d.shape), 'maxshape': list(d.maxshape) if d.maxshape else None,
  'chunks': list(d.chunks) if d.chunks else None, 'dtype': str(d.dtype), 'compression': d.compression,
  'opts': d.compression_opts, 'shuffle': d.shuffle, 'fletcher32': d.fletcher32,
  'fill': d.fillvalue.item() if hasattr(d.fillvalue, 'item') else d.fillvalue,
  'values': d[()].tolist() if d.dtype.kind in 'iufb' else None}))`,
    [p, name],
    shared ? { HDF5_USE_FILE_LOCKING: 'FALSE' } : {},
  );
  if (!r.ok) throw new Error(`h5py cannot read ${name} in ${p}:\n${r.stderr}`);
  return r.value;
}

describe('chunks: true picks the chunk shape h5py picks', () => {
  // [shape, maxshape, our dtype, numpy dtype expression]
  const compound: TypeDesc = {
    class: 'compound',
    fields: [
      { name: 'a', type: { class: 'integer', size: 4, signed: true } },
      { name: 'b', type: { class: 'float', size: 8 } },
    ],
  };
  type Case = [number[], (number | null)[] | undefined, string | TypeDesc, string, number?];
  const cases: Case[] = [
    [[1000, 30], undefined, 'float32', "'f4'"],
    [[100], undefined, 'int32', "'i4'"],
    [[1000000], undefined, 'float64', "'f8'"],
    [[0], undefined, 'int16', "'i2'"],
    [[3, 4, 5], undefined, 'uint8', "'u1'"],
    [[100000, 3], undefined, 'float64', "'f8'"],
    [[1000000], undefined, 'string', 'h5py.string_dtype()'],
    [[100000], undefined, 'string', 'h5py.string_dtype()'],
    [[50000], undefined, 'string', "h5py.string_dtype('utf-8', 10)", 10],
    [[200000, 7], undefined, 'bool', 'bool'],
    [[1000, 1000], undefined, 'float16', "'f2'"],
    [[10, 10, 10, 10], undefined, 'int64', "'i8'"],
    [[5000], undefined, 'ref', 'h5py.ref_dtype'],
    [[100000], undefined, compound, "np.dtype([('a', '<i4'), ('b', '<f8')])"],
    [[0, 3], [null, 3], 'int16', "'i2'"],
    [[0, 0], [null, null], 'float32', "'f4'"],
    [[10], [null], 'float64', "'f8'"],
    [[0], [null], 'string', 'h5py.string_dtype()'],
    [[500, 0], [500, null], 'uint16', "'u2'"],
  ];

  // One argument per row: jest takes an extra callback parameter for `done`.
  test.each(cases.map((c, i) => ({ i, c, label: JSON.stringify(c.slice(0, 3)) })))('case $i: $label', ({ i, c }) => {
    const [shape, maxshape, dtype, npType, len] = c;
    const p = file(`chunks-${i}.h5`);
    const f = File.open(p, 'w');
    const d = f.createDataset('d', { shape, maxshape, dtype: dtype as never, chunks: true, stringLength: len });
    const ours = d.chunks;
    // Also without chunks: true when maxshape asks for chunking.
    const auto = maxshape ? f.createDataset('auto', { shape, maxshape, dtype: dtype as never, stringLength: len }).chunks : ours;
    f.close();
    const r = py(
      `f = h5py.File(sys.argv[1], 'r')
shape = tuple(json.loads(sys.argv[2])); maxshape = json.loads(sys.argv[3])
mem = h5py.File('mem-${i}', 'w', driver='core', backing_store=False)
kw = {'maxshape': tuple(maxshape)} if maxshape is not None else {}
theirs = mem.create_dataset('x', shape=shape, dtype=${npType}, chunks=True, **kw)
print(json.dumps({'theirs': list(theirs.chunks), 'file': list(f['d'].chunks), 'dtype_ok': f['d'].dtype == np.dtype(${npType})}))`,
      p,
      JSON.stringify(shape),
      JSON.stringify(maxshape ?? null),
    );
    expect(r.dtype_ok).toBe(true);
    expect(ours).toEqual(r.theirs);
    expect(r.file).toEqual(r.theirs);
    expect(auto).toEqual(r.theirs);
  });
});

describe('layout and filters', () => {
  test('maxshape with null: h5py sees unlimited axes; chunked automatically', () => {
    const p = file('maxshape.h5');
    const f = File.open(p, 'w');
    const d = f.createDataset('d', { dtype: 'float32', shape: [2, 3], maxshape: [null, 10] });
    expect(d.maxshape).toEqual([null, 10]);
    expect(d.layout).toBe('chunked');
    expect(d.chunks).not.toBeNull();
    expect(thrown(() => f.createDataset('bad', { dtype: 'int8', shape: [5], maxshape: [4] }))).toHaveProperty('name', 'RangeError');
    expect(thrown(() => f.createDataset('bad2', { dtype: 'int8', shape: [5], maxshape: [5, 5] }))).toHaveProperty('name', 'RangeError');
    const c = f.createDataset('contig', { dtype: 'int8', shape: [4] });
    expect(c.chunks).toBeNull();
    expect(c.maxshape).toEqual([4]);
    const chunks = d.chunks;
    f.close();
    expect(pyInfo(p, 'd')).toMatchObject({ shape: [2, 3], maxshape: [null, 10], chunks });
    expect(pyInfo(p, 'contig')).toMatchObject({ shape: [4], maxshape: [4], chunks: null });
    expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps(list(f)))`, p)).toEqual(['contig', 'd']);
  });

  test("szip's options read back in the form createDataset takes them, as h5py's ('ec', 16); both ways", () => {
    const p = file('szip-opts.h5');
    const f = File.open(p, 'w');
    f.createDataset('ec', { data: new Int32Array(256), compression: 'szip', szip: { coding: 'ec', pixelsPerBlock: 16 } });
    f.createDataset('nn', { data: new Int32Array(256), compression: 'szip', szip: { coding: 'nn', pixelsPerBlock: 8 } });
    f.close();
    py(`f = h5py.File(sys.argv[1], 'a'); f.create_dataset('py', data=np.zeros(256, 'i4'), compression='szip', compression_opts=('nn', 32)); print(json.dumps(0))`, p);
    const r = File.open(p, 'r');
    expect(['ec', 'nn', 'py'].map((k) => [r.getDataset(k).compression, r.getDataset(k).compressionOpts])).toEqual([
      ['szip', { coding: 'ec', pixelsPerBlock: 16 }], ['szip', { coding: 'nn', pixelsPerBlock: 8 }], ['szip', { coding: 'nn', pixelsPerBlock: 32 }],
    ]);
    r.close();
    expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps([list(f[k].compression_opts) for k in ['ec', 'nn']]))`, p)).toEqual([['ec', 16], ['nn', 8]]);
  });

  test('gzip with a level, shuffle and fletcher32: h5py reports them and reads the data', () => {
    const p = file('gzip.h5');
    const data = { data: iota(20000).map((x) => x % 97), shape: [200, 100] };
    const f = File.open(p, 'w');
    const d = f.createDataset('g', { data, compression: 'gzip', compressionLevel: 7, shuffle: true, fletcher32: true });
    const n = f.createDataset('n', { data: new Float64Array(5000).fill(1), compression: 9 });
    const dflt = f.createDataset('dflt', { data: new Int16Array(3000), compression: 'gzip' });
    expect([d.compression, d.compressionOpts, d.shuffle, d.fletcher32]).toEqual(['gzip', 7, true, true]);
    expect([n.compression, n.compressionOpts, n.shuffle, n.fletcher32]).toEqual(['gzip', 9, false, false]);
    expect([dflt.compression, dflt.compressionOpts]).toEqual(['gzip', 4]);
    expect(d.read().data).toEqual(data.data);
    const stored = d.storageSize;
    expect(stored).toBeLessThan(20000 * 4);
    const chunks = d.chunks;
    expect(thrown(() => f.createDataset('lvl', { shape: [4], dtype: 'int8', compression: 'gzip', compressionLevel: 10 }))).toHaveProperty('name', 'RangeError');
    expect(thrown(() => f.createDataset('lz', { shape: [4], dtype: 'int8', compression: 'lzf' as never }))).toHaveProperty('name', 'RangeError');
    f.close();
    const g = pyInfo(p, 'g');
    expect(g).toMatchObject({ compression: 'gzip', opts: 7, shuffle: true, fletcher32: true, chunks, shape: [200, 100], dtype: 'int32' });
    expect(g.values.flat()).toEqual(Array.from(data.data));
    expect(pyInfo(p, 'n')).toMatchObject({ compression: 'gzip', opts: 9, shuffle: false, fletcher32: false });
    expect(pyInfo(p, 'dflt')).toMatchObject({ compression: 'gzip', opts: 4 });
    const r = py(
      `f = h5py.File(sys.argv[1], 'r'); d = f['g']; pl = d.id.get_create_plist()
mem = h5py.File('mem-filters', 'w', driver='core', backing_store=False)
t = mem.create_dataset('t', shape=(200, 100), dtype='i4', compression='gzip', compression_opts=7, shuffle=True, fletcher32=True)
tp = t.id.get_create_plist()
print(json.dumps({'ours': [pl.get_filter(i)[0] for i in range(pl.get_nfilters())], 'theirs': [tp.get_filter(i)[0] for i in range(tp.get_nfilters())],
  'size': d.id.get_storage_size()}))`,
      p,
    );
    expect(r.ours).toEqual(r.theirs);
    expect(r.size).toBe(stored);
  });

  test('an h5py-written dataset reports the layout and filters h5py gave it', () => {
    const p = file('pylayout.h5');
    py(
      `f = h5py.File(sys.argv[1], 'w')
f.create_dataset('z', data=np.arange(1000, dtype='u2').reshape(10, 100), maxshape=(None, 100), chunks=(5, 20), compression='gzip', compression_opts=3, shuffle=True, fillvalue=9)
f.create_dataset('plain', data=np.zeros((3, 4), dtype='f4'))
print(1)`,
      p,
    );
    const f = File.open(p, 'r');
    const z = f.getDataset('z');
    expect([z.shape, z.maxshape, z.chunks, z.dtype, z.compression, z.compressionOpts, z.shuffle, z.fletcher32, z.fillValue]).toEqual([
      [10, 100], [null, 100], [5, 20], 'uint16', 'gzip', 3, true, false, 9,
    ]);
    expect(Array.from(z.read([slice(9, 10), slice(95)]).data as Uint16Array)).toEqual([995, 996, 997, 998, 999]);
    const plain = f.getDataset('plain');
    expect([plain.shape, plain.maxshape, plain.chunks, plain.dtype, plain.compression, plain.layout]).toEqual([
      [3, 4], [3, 4], null, 'float32', null, 'contiguous',
    ]);
    f.close();
  });

  test('fillValue: h5dump -p shows FILLVALUE; h5py and h5nwb read it where nothing was written', () => {
    const p = file('fill.h5');
    const f = File.open(p, 'w');
    const a = f.createDataset('i', { dtype: 'int32', shape: [6], fillValue: 42 });
    a.write([1, 2], { start: [1], count: [2] });
    const b = f.createDataset('f', { dtype: 'float64', shape: [3], fillValue: -1.5, chunks: [2] });
    expect(a.fillValue).toBe(42);
    expect(b.fillValue).toBe(-1.5);
    expect(Array.from(a.read().data as Int32Array)).toEqual([42, 1, 2, 42, 42, 42]);
    f.close();
    const dumpI = h5dump(p, '-p', '-d', '/i');
    expect(dumpI).toMatch(/FILLVALUE\s*\{\s*FILL_TIME\s+\S+\s+VALUE\s+42\s*\}/);
    const dumpF = h5dump(p, '-p', '-d', '/f');
    expect(dumpF).toMatch(/FILLVALUE\s*\{\s*FILL_TIME\s+\S+\s+VALUE\s+-1\.5\s*\}/);
    expect(pyInfo(p, 'i')).toMatchObject({ fill: 42, values: [42, 1, 2, 42, 42, 42] });
    expect(pyInfo(p, 'f')).toMatchObject({ fill: -1.5, values: [-1.5, -1.5, -1.5] });
  });
});

describe('reads and writes by selection', () => {
  const p = file('select.h5');
  let f: File;
  let d: Dataset;
  beforeAll(() => {
    const w = File.open(p, 'w');
    w.createDataset('m', { data: { data: iota(48), shape: [6, 8] } });
    w.close();
    f = File.open(p, 'r');
    d = f.getDataset('m');
  });
  afterAll(() => f.close());

  /** The values an HDF5 hyperslab selects, as h5py's low-level API reads them. */
  function pyHyperslab(sel: { start: number[]; count: number[]; stride?: number[]; block?: number[] }): number[] {
    const stride = sel.stride ?? sel.start.map(() => 1);
    const block = sel.block ?? sel.start.map(() => 1);
    return py(
      `f = h5py.File(sys.argv[1], 'r'); d = f['m']
a = json.loads(sys.argv[2])
fs = d.id.get_space(); fs.select_hyperslab(tuple(a[0]), tuple(a[1]), tuple(a[2]), tuple(a[3]))
n = fs.get_select_npoints(); out = np.empty(n, dtype=d.dtype)
d.id.read(h5py.h5s.create_simple((n,)), fs, out)
print(json.dumps(out.tolist()))`,
      p,
      JSON.stringify([sel.start, sel.count, stride, block]),
    );
  }

  test('whole reads have the shape and the values h5py sees', () => {
    const all = d.read();
    expect(all.shape).toEqual([6, 8]);
    expect(d.shape).toEqual([6, 8]);
    expect(d.ndim).toBe(2);
    expect(d.size).toBe(48);
    expect(Array.from(all.data as Int32Array)).toEqual(pyInfo(p, 'm').values.flat());
  });

  test.each([
    [{ start: [1, 2], count: [3, 4] }, [3, 4]],
    [{ start: [0, 1], count: [3, 2], stride: [2, 3] }, [3, 2]],
    [{ start: [1, 0], count: [2, 2], stride: [3, 4], block: [2, 3] }, [4, 6]],
    [{ start: [5, 7], count: [1, 1] }, [1, 1]],
    [{ start: [2, 0], count: [0, 8] }, [0, 8]],
  ])('hyperslab %j reads what HDF5 selects (checked by h5py)', (sel, shape) => {
    const r = d.read(sel);
    expect(r.shape).toEqual(shape);
    expect(Array.from(r.data as Int32Array)).toEqual(pyHyperslab(sel));
  });

  test.each([
    ['[slice(1, 4), slice(null, null, 3)]', 'd[1:4, ::3]', [slice(1, 4), slice(null, null, 3)]],
    ['[-1]', 'd[-1]', [-1]],
    ['[2, 5]', 'd[2, 5]', [2, 5]],
    ['[null, 3]', 'd[:, 3]', [null, 3]],
    ['[slice(-2), slice(2, -2, 2)]', 'd[-2:, 2:-2:2]', [slice(-2), slice(2, -2, 2)]],
    ['[slice(4, 100)]', 'd[4:100]', [slice(4, 100)]],
    ['[slice(3, 1)]', 'd[3:1]', [slice(3, 1)]],
  ])('index %s matches numpy %s', (_label, expr, sel) => {
    const r = d.read(sel as never);
    const want = py(`f = h5py.File(sys.argv[1], 'r'); d = f['m']; v = np.asarray(${expr})
print(json.dumps({'shape': list(v.shape), 'values': v.ravel().tolist()}))`, p);
    expect(r.shape).toEqual(want.shape);
    expect(Array.from(r.data as Int32Array)).toEqual(want.values);
  });

  test('readInto with { start, count } (checked by the addon) reads and refuses exactly as read() does', () => {
    for (const sel of [{ start: [1, 2], count: [3, 4] }, { start: [5, 7], count: [1, 1] }, { start: [2, 0], count: [0, 8] }, { start: [0, 0], count: [6, 8] }]) {
      const want = d.read(sel);
      const out = new Int32Array(want.data.length);
      expect(d.readInto(out, sel)).toBe(out);
      expect(Array.from(out)).toEqual(Array.from(want.data as Int32Array));
      // Into another numeric type: HDF5 converts, as for the general path.
      const f64 = new Float64Array(want.data.length);
      d.readInto(f64, sel);
      expect(Array.from(f64)).toEqual(Array.from(want.data as Int32Array));
    }
    const bad: [unknown, number][] = [
      [{ start: [5, 0], count: [2, 1] }, 2],
      [{ start: [7, 0], count: [0, 1] }, 0],
      [{ start: [-1, 0], count: [1, 1] }, 1],
      [{ start: [0.5, 0], count: [1, 1] }, 1],
      [{ start: ['0', 0], count: [1, 1] }, 1],
      [{ start: [0], count: [1] }, 1],
      [{ start: [0, 0, 0], count: [1, 1, 1] }, 1],
      [{ start: [0, 0], count: [2, 2] }, 3],
      [{ start: [0, 0], count: [1, 1], offset: [1, 1] }, 1],
    ];
    for (const [sel, n] of bad) {
      const viaRead = thrown(() => {
        const r = d.read(sel as never);
        if (r.data.length !== n) throw new RangeError(`the array holds ${n} elements; the selection has ${r.data.length}`);
      });
      const viaInto = thrown(() => d.readInto(new Int32Array(n), sel as never));
      expect({ sel, name: viaInto.name, message: viaInto.message }).toEqual({ sel, name: viaRead.name, message: viaRead.message });
    }
    expect(thrown(() => d.readInto([0] as never, { start: [0, 0], count: [1, 1] }))).toHaveProperty('name', 'TypeError');
    const sc = File.open(file('scalar-into.h5'), 'w');
    const one = sc.createDataset('one', { dtype: 'float64', shape: [], data: 2.5 });
    const x = new Float64Array(1);
    one.readInto(x, { start: [], count: [] });
    expect(x[0]).toBe(2.5);
    sc.close();
  });

  test('points selection reads single elements', () => {
    const r = d.read({ points: [[0, 0], [5, 7], [2, 3]] });
    expect(r.shape).toEqual([3]);
    expect(Array.from(r.data as Int32Array)).toEqual([0, 47, 19]);
  });

  test('selections outside the dataset are RangeErrors (reads and writes), and write nothing', () => {
    const q = file('select-oob.h5');
    const w = File.open(q, 'w');
    const m = w.createDataset('m', { data: { data: iota(48), shape: [6, 8] } });
    const bad: unknown[] = [
      { start: [5, 0], count: [2, 1] },
      { start: [7, 0], count: [0, 1] },
      { start: [0, 0], count: [2, 2], stride: [6, 1] },
      { start: [0, 6], count: [1, 1], block: [1, 3] },
      { start: [-1, 0], count: [1, 1] },
      { start: [0], count: [1] },
      [6],
      [0, -9],
      [0, 0, 0],
      { points: [[6, 0]] },
    ];
    for (const sel of bad) {
      expect({ sel, name: thrown(() => m.read(sel as never)).name }).toEqual({ sel, name: 'RangeError' });
      expect({ sel, name: thrown(() => m.write(99, sel as never)).name }).toEqual({ sel, name: 'RangeError' });
    }
    expect(thrown(() => m.read({ start: [0, 0], count: [1, 1], offset: [1, 1] } as never))).toHaveProperty('name', 'TypeError');
    expect(thrown(() => m.read([1.5] as never))).toHaveProperty('name', 'TypeError');
    w.close();
    expect(pyInfo(q, 'm').values.flat()).toEqual(Array.from(iota(48)));
  });
});

describe('writes', () => {
  test('whole and hyperslab writes land where h5py expects them', () => {
    const p = file('write.h5');
    const f = File.open(p, 'w');
    const d = f.createDataset('w', { dtype: 'int16', shape: [4, 5] });
    d.write([[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12, 13, 14, 15], [16, 17, 18, 19, 20]]);
    d.write(new Int16Array([-1, -2, -3, -4]), { start: [1, 1], count: [2, 2] });
    d.write({ data: [100, 101, 102], shape: [3] }, [3, slice(0, 5, 2)]);
    d.write(0, [0]); // a scalar fills the selection
    d.write([7, 7], { start: [0, 0], count: [1, 2], stride: [1, 3] });
    f.close();
    expect(pyInfo(p, 'w').values).toEqual([
      [7, 0, 0, 7, 0],
      [6, -1, -2, 9, 10],
      [11, -3, -4, 14, 15],
      [100, 17, 101, 19, 102],
    ]);
  });

  test('the wrong number of values is a RangeError and changes nothing', () => {
    const p = file('wronglen.h5');
    const f = File.open(p, 'w');
    const d = f.createDataset('d', { data: new Float32Array([1, 2, 3, 4]) });
    for (const data of [[1, 2, 3], new Float32Array(5), { data: [1, 2], shape: [2] }, [[1, 2, 3], [4, 5, 6]]]) {
      expect(thrown(() => d.write(data))).toHaveProperty('name', 'RangeError');
    }
    expect(thrown(() => d.write([1, 2, 3], { start: [0], count: [2] }))).toHaveProperty('name', 'RangeError');
    expect(thrown(() => f.createDataset('e', { shape: [3], data: [1, 2] }))).toHaveProperty('name', 'RangeError');
    expect(thrown(() => f.createDataset('r', { data: [[1, 2], [3]] }))).toHaveProperty('name', 'RangeError');
    f.close();
    expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps({'keys': list(f), 'd': f['d'][:].tolist()}))`, p)).toEqual({ keys: ['d'], d: [1, 2, 3, 4] });
  });

  test('the wrong kind of values is a TypeError and changes nothing', () => {
    const p = file('wrongtype.h5');
    const f = File.open(p, 'w');
    const num = f.createDataset('num', { data: new Int32Array([1, 2]) });
    const str = f.createDataset('str', { data: ['a', 'b'] });
    const cases: [Dataset, unknown][] = [
      [num, ['x', 'y']],
      [num, [1, 'y']],
      [num, [{}, null]],
      [str, new Float64Array([1, 2])],
      [str, new Uint8Array([1, 2])],
      [str, [1, 2]],
      [str, ['ok', 3]],
    ];
    for (const [d, data] of cases) expect({ d: d.name, name: thrown(() => d.write(data)).name }).toEqual({ d: d.name, name: 'TypeError' });
    expect(thrown(() => f.createDataset('n2', { dtype: 'float32', data: ['1.5'] }))).toHaveProperty('name', 'TypeError');
    expect(thrown(() => f.createDataset('s2', { dtype: 'string', data: new Float32Array(2) }))).toHaveProperty('name', 'TypeError');
    f.close();
    const r = py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps({'keys': list(f), 'num': f['num'][:].tolist(), 'str': f['str'].asstr()[:].tolist()}))`, p);
    expect(r).toEqual({ keys: ['num', 'str'], num: [1, 2], str: ['a', 'b'] });
  });
});

describe('resize', () => {
  test('within maxshape: grows (fill value) and shrinks; h5py sees each shape', () => {
    const p = file('resize.h5');
    const f = File.open(p, 'w');
    const d = f.createDataset('d', { data: { data: iota(6), shape: [2, 3] }, maxshape: [null, 5], fillValue: -1 });
    d.resize([4, 5]);
    expect(d.shape).toEqual([4, 5]);
    f.flush();
    expect(pyInfo(p, 'd', true).values).toEqual([
      [0, 1, 2, -1, -1],
      [3, 4, 5, -1, -1],
      [-1, -1, -1, -1, -1],
      [-1, -1, -1, -1, -1],
    ]);
    d.resize([1, 2]);
    expect(d.shape).toEqual([1, 2]);
    f.close();
    expect(pyInfo(p, 'd')).toMatchObject({ shape: [1, 2], maxshape: [null, 5], values: [[0, 1]] });
  });

  test('beyond maxshape, a wrong rank, or a contiguous dataset: RangeError and the shape is unchanged', () => {
    const p = file('resize-bad.h5');
    const f = File.open(p, 'w');
    const d = f.createDataset('d', { dtype: 'int8', shape: [2, 3], maxshape: [10, 3] });
    const c = f.createDataset('c', { dtype: 'int8', shape: [4] });
    for (const [ds, shape] of [[d, [11, 3]], [d, [2, 4]], [d, [2]], [d, [2, -1]], [c, [5]]] as [Dataset, number[]][]) {
      expect({ shape, name: thrown(() => ds.resize(shape)).name }).toEqual({ shape, name: 'RangeError' });
    }
    expect(d.shape).toEqual([2, 3]);
    f.close();
    expect(pyInfo(p, 'd')).toMatchObject({ shape: [2, 3], maxshape: [10, 3] });
    expect(pyInfo(p, 'c')).toMatchObject({ shape: [4], maxshape: [4] });
  });
});

describe('append', () => {
  test('along axis 0 with a TypedArray, nested arrays, one row, and { data, shape }', () => {
    const p = file('append0.h5');
    const f = File.open(p, 'w');
    const d = f.createDataset('d', { dtype: 'int16', shape: [0, 3], maxshape: [null, 3], chunks: [4, 3] });
    expect(d.append(new Int16Array([1, 2, 3, 4, 5, 6]))).toBe(2);
    expect(d.append([[7, 8, 9]])).toBe(3);
    expect(d.append([10, 11, 12])).toBe(4);
    expect(d.append({ data: new Int16Array([13, 14, 15, 16, 17, 18]), shape: [2, 3] })).toBe(6);
    expect(d.append([[19, 20, 21], [22, 23, 24]])).toBe(8);
    expect(d.shape).toEqual([8, 3]);
    expect(thrown(() => d.append(new Int16Array([1, 2])))).toHaveProperty('name', 'RangeError');
    expect(thrown(() => d.append([[1, 2]]))).toHaveProperty('name', 'RangeError');
    expect(thrown(() => d.append([1, 2, 3], 2))).toHaveProperty('name', 'RangeError');
    expect(thrown(() => d.append(['a', 'b', 'c']))).toHaveProperty('name', 'TypeError');
    f.close();
    const r = pyInfo(p, 'd');
    expect(r.shape).toEqual([8, 3]);
    expect(r.values.flat()).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
  });

  test('along axis 1 with a TypedArray (one column), nested arrays, and { data, shape }', () => {
    const p = file('append1.h5');
    const f = File.open(p, 'w');
    const d = f.createDataset('d', { dtype: 'float32', shape: [2, 0], maxshape: [2, null] });
    expect(d.append(new Float32Array([1, 2]), 1)).toBe(1);
    expect(d.append([[3, 4], [5, 6]], 1)).toBe(3);
    expect(d.append({ data: [7, 8], shape: [2, 1] }, 1)).toBe(4);
    f.close();
    expect(pyInfo(p, 'd')).toMatchObject({ shape: [2, 4], values: [[1, 3, 4, 7], [2, 5, 6, 8]] });
  });

  test('string and 1-D datasets append too', () => {
    const p = file('append-str.h5');
    const f = File.open(p, 'w');
    const s = f.createDataset('s', { dtype: 'string', shape: [0], maxshape: [null], chunks: [8] });
    s.append(['α', 'β']);
    s.append('γ');
    const n = f.createDataset('n', { dtype: 'uint64', shape: [0], maxshape: [null] });
    n.append(new BigUint64Array([2n ** 64n - 1n]));
    n.append([5, 6]);
    f.close();
    const r = py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps({'s': f['s'].asstr()[:].tolist(), 'n': [str(x) for x in f['n'][:]]}))`, p);
    expect(r).toEqual({ s: ['α', 'β', 'γ'], n: [String(2n ** 64n - 1n), '5', '6'] });
  });

  test('two handles to one dataset see each other\'s appends and resizes (the extent cached per handle)', () => {
    const p = file('append-2h.h5');
    const f = File.open(p, 'w');
    const a = f.createDataset('d', { dtype: 'int16', shape: [0, 2], maxshape: [null, 2], chunks: [4, 2] });
    const b = f.getDataset('d');
    expect(a.append(new Int16Array([1, 2, 3, 4]))).toBe(2);
    expect(b.shape).toEqual([2, 2]);
    // b appends after a's rows, a after b's (no stale length on either side).
    expect(b.append(new Int16Array([5, 6]))).toBe(3);
    expect(a.append(new Int16Array([7, 8]))).toBe(4);
    expect(b.append(new Int16Array([9, 10]))).toBe(5);
    expect(Array.from(a.read().data as Int16Array)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // A resize through one handle (shrink, then grow) is what the other reads and appends after.
    b.resize([3, 2]);
    expect(a.shape).toEqual([3, 2]);
    expect(a.read({ start: [0, 0], count: [3, 2] }).shape).toEqual([3, 2]);
    expect(thrown(() => a.read({ start: [3, 0], count: [1, 2] }))).toHaveProperty('name', 'RangeError');
    expect(a.append(new Int16Array([11, 12]))).toBe(4);
    expect(b.shape).toEqual([4, 2]);
    // A third handle opened later, and a write through it at the end, agree too.
    const c = f.getDataset('d');
    c.write(new Int16Array([13, 14]), { start: [3, 0], count: [1, 2] });
    expect(Array.from(a.read().data as Int16Array)).toEqual([1, 2, 3, 4, 5, 6, 13, 14]);
    f.close();
    expect(pyInfo(p, 'd')).toMatchObject({ shape: [4, 2], values: [[1, 2], [3, 4], [5, 6], [13, 14]] });
  });

  test('a failed append leaves the extent as it was for every handle', () => {
    const p = file('append-fail.h5');
    const f = File.open(p, 'w');
    const a = f.createDataset('d', { dtype: 'int32', shape: [0, 2], maxshape: [3, 2] });
    const b = f.getDataset('d');
    a.append(new Int32Array([1, 2, 3, 4]));
    // Past maxshape through the addon itself: it refuses before growing anything, as lib/h5 does (its hot path
    // leaves this check to the addon), with the same message.
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { native } = require('../../lib/binding');
    const past = "cannot append 2 rows to dataset '/d' of " + p + ': maxshape along axis 0 is 3';
    for (const call of [() => native.datasetAppend(b._h, new Int32Array([5, 6, 7, 8]), 0, 2), () => native.datasetAppend(b._h, new Int32Array([5, 6, 7, 8]))]) {
      const e = thrown(call);
      expect([e.name, e.code, e.message]).toEqual(['RangeError', 'ERR_OUT_OF_RANGE', past]);
    }
    expect(thrown(() => a.append(new Int32Array([5, 6, 7, 8])))).toMatchObject({ name: 'RangeError', message: past });
    // The two-argument form (rows counted by the addon) refuses what is not whole rows, before touching the file.
    const partial = thrown(() => native.datasetAppend(b._h, new Int32Array([5, 6, 7])));
    expect([partial.name, partial.message]).toEqual(['RangeError', "cannot append 3 elements to dataset '/d' of " + p + ': rows hold 2 elements']);
    // Anything but a TypedArray is left to lib/h5's general path (null: nothing done).
    expect(native.datasetAppend(b._h, [5, 6])).toBeNull();
    expect(a.shape).toEqual([2, 2]);
    expect(b.shape).toEqual([2, 2]);
    expect(b.append(new Int32Array([5, 6]))).toBe(3);
    expect(a.shape).toEqual([3, 2]);
    f.close();
    expect(pyInfo(p, 'd')).toMatchObject({ shape: [3, 2], values: [[1, 2], [3, 4], [5, 6]] });
  });

  test("append's fast path (one array class, axis 0) leaves anything but a TypedArray to the general path", async () => {
    const p = file('append-fast-path.h5');
    const f = File.open(p, 'w');
    const d = f.createDataset('d', { dtype: 'int32', shape: [0, 2], maxshape: [4, 2] });
    expect(d.append(new Int32Array([1, 2]))).toBe(1); // Int32Array is now this dataset's fast class
    // An array dressed up as an Int32Array: appended as the values it holds, sync and async.
    expect(d.append(Object.assign([3, 4], { constructor: Int32Array }))).toBe(2);
    expect(await d.appendAsync(Object.assign([5, 6], { constructor: Int32Array }))).toBe(3);
    // A plain object claiming the class is refused with a TypeError or RangeError, and nothing is written.
    for (const bad of [{ constructor: Int32Array, length: 2 }, null, undefined, 7]) {
      expect(['TypeError', 'RangeError']).toContain(thrown(() => d.append(bad)).name);
      expect(['TypeError', 'RangeError']).toContain((await rejected(d.appendAsync(bad))).name);
    }
    // Past maxshape on the fast path: the addon's RangeError, the dataset unchanged.
    const past = thrown(() => d.append(new Int32Array([7, 8, 9, 10])));
    expect([past.name, past.message]).toEqual(['RangeError', `cannot append 2 rows to dataset '/d' of ${p}: maxshape along axis 0 is 4`]);
    const pastAsync = await rejected(d.appendAsync(new Int32Array([7, 8, 9, 10])));
    expect([pastAsync.name, pastAsync.message]).toEqual(['RangeError', past.message]);
    expect(d.shape).toEqual([3, 2]);
    // A closed dataset on the fast path: the addon's ERR_H5_CLOSED, thrown (sync) or rejected (async).
    d.close();
    const closed = { code: 'ERR_H5_CLOSED', file: p, path: '/d' };
    expect(thrown(() => d.append(new Int32Array([7, 8])))).toMatchObject(closed);
    expect(await rejected(d.appendAsync(new Int32Array([7, 8])))).toMatchObject(closed);
    f.close();
    expect(pyInfo(p, 'd')).toMatchObject({ shape: [3, 2], values: [[1, 2], [3, 4], [5, 6]] });
  });

  test('append beyond maxshape is refused and the dataset is unchanged', () => {
    const p = file('append-max.h5');
    const f = File.open(p, 'w');
    const d = f.createDataset('d', { dtype: 'int32', shape: [0, 2], maxshape: [3, 3] });
    d.append([[1, 2], [3, 4]]);
    expect(thrown(() => d.append([[5, 6], [7, 8]]))).toHaveProperty('name', 'RangeError');
    expect(thrown(() => d.append([[9, 9], [9, 9]].map((r) => r.slice(0, 1)).concat([[9]]), 1))).toHaveProperty('name', 'RangeError');
    // Axis 1 may grow by one column (to 3), not by two.
    expect(thrown(() => d.append({ data: [1, 2, 3, 4], shape: [2, 2] }, 1))).toHaveProperty('name', 'RangeError');
    expect(d.shape).toEqual([2, 2]);
    const fixed = f.createDataset('fixed', { dtype: 'int32', data: [1, 2] });
    expect(thrown(() => fixed.append([3]))).toHaveProperty('name', 'RangeError');
    f.close();
    expect(pyInfo(p, 'd')).toMatchObject({ shape: [2, 2], maxshape: [3, 3], values: [[1, 2], [3, 4]] });
    expect(pyInfo(p, 'fixed')).toMatchObject({ shape: [2], values: [1, 2] });
  });
});

test('data with a shape must fit the selection\'s shape (h5py does not broadcast (2, 2) into (4,))', () => {
  const f = File.open(file('shape-fit.h5'), 'w');
  const d = f.createDataset('x', { shape: [4], dtype: 'int32' });
  const e = thrown(() => d.write([[1, 2], [3, 4]]));
  expect(e).toBeInstanceOf(RangeError);
  expect(e.message).toContain('[2,2]');
  expect(Array.from(d.read().data as Int32Array)).toEqual([0, 0, 0, 0]); // nothing written
  d.write([[1], [2], [3], [4]]); // axes of length 1 aside, the shapes agree
  d.write(Int32Array.of(5, 6, 7, 8)); // a flat TypedArray fills any shape
  expect(Array.from(d.read().data as Int32Array)).toEqual([5, 6, 7, 8]);
  const m = f.createDataset('m', { shape: [2, 2], dtype: 'int32' });
  expect(() => m.write({ data: Int32Array.of(1, 2, 3, 4), shape: [4, 1] })).toThrow(/does not fit/);
  m.write({ data: Int32Array.of(1, 2, 3, 4), shape: [2, 2] });
  f.close();
});

test('a read larger than a TypedArray can hold is a RangeError naming the dataset, and the file stays usable', () => {
  const p = file('huge-read.h5');
  const f = File.open(p, 'w');
  const d = f.createDataset('d', { dtype: 'int8', shape: [2 ** 40], chunks: [1024] });
  const e = thrown(() => d.read());
  expect(e.name).toBe('RangeError');
  expect(e.message).toContain(`reading dataset '/d' of ${p}: no memory for ${2 ** 40} values (`);
  expect(Array.from(d.read({ start: [5], count: [3] }).data as Int8Array)).toEqual([0, 0, 0]);
  f.close();
});
